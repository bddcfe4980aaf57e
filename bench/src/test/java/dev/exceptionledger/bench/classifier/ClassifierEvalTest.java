package dev.exceptionledger.bench.classifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ClassifierEvalTest {

    @Test
    void theMeanOfFoldsAveragesEveryFigureAndKeepsEachFoldsProtocol(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.json");
        Path b = dir.resolve("b.json");
        Files.writeString(a, """
                {"inScopeFlagRate": 0.038, "auroc": 0.9842, "componentAuroc": {"energy": 0.97},
                 "protocol": {"test": "odd lines"}}""");
        Files.writeString(b, """
                {"inScopeFlagRate": 0.058, "auroc": 0.9883, "componentAuroc": {"energy": 0.98},
                 "protocol": {"test": "even lines"}}""");
        Path mean = dir.resolve("mean.json");

        ClassifierEval.mean(mean, List.of(a, b));

        JsonNode report = new ObjectMapper().readTree(mean.toFile());
        assertEquals(0.048, report.get("inScopeFlagRate").asDouble(), 1e-12);
        assertEquals(0.9863, report.get("auroc").asDouble(), 1e-12);
        assertEquals(0.975, report.get("componentAuroc").get("energy").asDouble(), 1e-12);
        assertEquals("even lines", report.get("foldProtocols").get(1).get("test").asText());
        assertEquals(2, report.get("folds").size());
    }
}
