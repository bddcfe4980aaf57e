package dev.exceptionledger.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KustomizeTest {

    @Test
    void overlayPatchesMergeContainersByNameAndApplyJsonPatchesByTarget(@TempDir Path dir) throws IOException {
        write(dir.resolve("base/kustomization.yaml"), "resources:\n  - app.yaml\n");
        write(dir.resolve("base/app.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: app, labels: {tier: web}}
                spec:
                  replicas: 1
                  template:
                    spec:
                      containers:
                        - {name: app, image: acme/app, env: [{name: A, value: "1"}]}
                        - {name: sidecar, image: acme/sidecar:2}
                """);
        write(dir.resolve("dev/kustomization.yaml"), """
                namespace: dev
                resources: [../base]
                images: [{name: acme/app, newName: registry.local/acme/app, newTag: "1.2"}]
                patches:
                  - path: more-env.yaml
                  - target: {kind: Deployment, labelSelector: tier=web}
                    patch: |-
                      - {op: replace, path: /spec/replicas, value: 3}
                """);
        write(dir.resolve("dev/more-env.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: app}
                spec:
                  template:
                    spec:
                      containers:
                        - {name: app, env: [{name: B, value: "2"}]}
                """);

        ObjectNode app = Kustomize.render(dir.resolve("dev")).get(0);

        assertEquals("dev", app.at("/metadata/namespace").asText());
        assertEquals(3, app.at("/spec/replicas").asInt());
        assertEquals("registry.local/acme/app:1.2", app.at("/spec/template/spec/containers/0/image").asText());
        assertEquals("[{\"name\":\"A\",\"value\":\"1\"},{\"name\":\"B\",\"value\":\"2\"}]", app.at("/spec/template/spec/containers/0/env").toString());
        assertEquals("acme/sidecar:2", app.at("/spec/template/spec/containers/1/image").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bases: [../base]", "patchesStrategicMerge: [p.yaml]", "commonLabels: {a: b}"})
    void refusesWhatItDoesNotRenderAndDeprecatedFields(String field, @TempDir Path dir) throws IOException {
        write(dir.resolve("kustomization.yaml"), "resources: []\n" + field + "\n");

        assertThrows(IllegalArgumentException.class, () -> Kustomize.render(dir));
    }

    /**
     * The Java renderer against kubectl's kustomize, where a kubectl with kustomize 4 or later is installed (Debian's
     * kubectl 1.20 is not: it cannot read {@code patches:}); skipped elsewhere, since the checks never need kubectl.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void rendersLikeKubectl(String overlay) throws Exception {
        Project project = Project.locate();
        String kubectl = kubectl(project.overlay(overlay));
        assumeTrue(kubectl != null, "no kubectl with kustomize v4+ on PATH");

        List<ObjectNode> expected = new ArrayList<>();
        for (Iterator<JsonNode> it = Kustomize.YAML.readerFor(JsonNode.class).readValues(kubectl); it.hasNext(); ) {
            expected.add((ObjectNode) it.next());
        }
        List<ObjectNode> actual = new ArrayList<>(Kustomize.render(project.overlay(overlay)));
        Comparator<ObjectNode> byKindAndName = Comparator.comparing((ObjectNode o) -> o.path("kind").asText()).thenComparing(ManifestChecks::name);
        expected.sort(byKindAndName);
        actual.sort(byKindAndName);

        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            // JSON object equality ignores the order of fields, which kubectl sorts its own way
            assertEquals(expected.get(i), actual.get(i), expected.get(i).path("kind").asText() + " " + ManifestChecks.name(expected.get(i)));
        }
    }

    private static String kubectl(Path overlay) throws Exception {
        Process process;
        try {
            process = new ProcessBuilder("kubectl", "kustomize", overlay.toString()).redirectErrorStream(false).start();
        } catch (IOException notInstalled) {
            return null;
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.getErrorStream().readAllBytes();
        process.waitFor(60, TimeUnit.SECONDS);
        return process.exitValue() == 0 ? out : null;
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
