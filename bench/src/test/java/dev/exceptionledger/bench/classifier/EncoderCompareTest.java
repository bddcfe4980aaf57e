package dev.exceptionledger.bench.classifier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EncoderCompareTest {

    @Test
    void anItemIsScoredOnTheTextTheServiceWouldScore(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("val.jsonl");
        Files.writeString(file, """
                {"id": "a-1", "intent": "billing_question", "interaction": {"channel": "chat", "subject": "Invoice", \
                "text": " Why two charges? ", "turns": [{"role": "agent", "text": "Let me check."}, \
                {"role": "customer", "text": "Both in March."}]}}

                """);

        List<EncoderCompare.Item> items = EncoderCompare.items(file);

        assertEquals(List.of(new EncoderCompare.Item("a-1", "Invoice\nWhy two charges?\nBoth in March.", "billing_question")),
                items);
    }

    @Test
    void mcNemarIsTheExactTwoSidedBinomialTestOfTheDisagreements() {
        assertEquals(1.0, EncoderCompare.mcnemar(0, 0), 1e-12);
        assertEquals(1.0, EncoderCompare.mcnemar(4, 4), 1e-12);
        // 13 disagreements split 3 : 10, P(X <= 3) = (1 + 13 + 78 + 286) / 2^13, doubled
        assertEquals(2 * 378 / 8192.0, EncoderCompare.mcnemar(3, 10), 1e-12);
        assertEquals(EncoderCompare.mcnemar(10, 3), EncoderCompare.mcnemar(3, 10), 1e-12);
    }
}
