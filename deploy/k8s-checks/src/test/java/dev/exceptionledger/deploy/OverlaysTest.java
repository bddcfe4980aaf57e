package dev.exceptionledger.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every overlay renders, and what it renders is what the services' code needs. */
class OverlaysTest {

    static final Project PROJECT = Project.locate();

    @ParameterizedTest
    @CsvSource({"dev, false", "prod, true"})
    void overlayProvidesEverythingTheCodeNeeds(String overlay, boolean autoscaled) {
        List<ObjectNode> objects = Kustomize.render(PROJECT.overlay(overlay));
        Map<String, Long> counts = objects.stream().collect(Collectors.groupingBy(o -> o.path("kind").asText(), TreeMap::new, Collectors.counting()));
        System.out.printf("overlay %s: %d objects %s%n", overlay, objects.size(), counts);

        List<String> problems = PROJECT.checks(autoscaled).check(objects);

        assertEquals(List.of(), problems, "overlay " + overlay + ":\n  " + String.join("\n  ", problems));
        assertEquals(ServiceModel.readAll(PROJECT.root()).size() + 1, counts.get("Deployment"),
                "one Deployment per service, and the console's");
        assertTrue(objects.stream().allMatch(o -> o.path("kind").asText().equals("Namespace")
                || o.path("metadata").path("namespace").asText().equals(overlay.equals("prod") ? "exledger" : "exledger-" + overlay)));
    }

    @Test
    void prodReferencesEveryImageByDigest() {
        List<String> images = Kustomize.render(PROJECT.overlay("prod")).stream().filter(o -> o.path("kind").asText().equals("Deployment"))
                .flatMap(d -> d.at("/spec/template/spec/containers").findValuesAsText("image").stream()).toList();

        assertEquals(ServiceModel.readAll(PROJECT.root()).size() + 1, images.size());
        assertEquals(List.of(), images.stream().filter(i -> !i.matches("[a-z0-9./-]+@sha256:[0-9a-f]{64}")).toList(),
                "prod images without a digest");
    }
}
