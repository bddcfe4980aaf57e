package dev.exceptionledger.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every rendered object reads into its kind's model with no unknown field; a misspelt or misplaced one is caught. */
class KnownFieldsTest {

    static final Project PROJECT = Project.locate();

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyObjectOfTheOverlayHasOnlyKnownFields(String overlay) {
        List<ObjectNode> objects = Kustomize.render(PROJECT.overlay(overlay));
        long modelled = objects.stream().map(o -> o.path("apiVersion").asText() + "/" + o.path("kind").asText())
                .filter(type -> KnownFields.MODELS.containsKey(type) || KnownFields.CLOUDNATIVE_PG.kinds().contains(type)).count();
        System.out.printf("overlay %s: %d of %d objects checked whole against their kind's model, the rest (Keycloak's) by their metadata"
                + " and the realm%n", overlay, modelled, objects.size());

        List<String> problems = KnownFields.check(objects);

        assertEquals(List.of(), problems, "overlay " + overlay + ":\n  " + String.join("\n  ", problems));
    }

    @Test
    void aMisspeltKubernetesFieldIsCaught() {
        List<ObjectNode> objects = prod();
        ObjectNode container = (ObjectNode) find(objects, "Deployment", "ledger-service").at("/spec/template/spec/containers/0");
        container.set("readinesProbe", container.remove("readinessProbe"));
        ((ObjectNode) find(objects, "Deployment", "intake-service").at("/spec/template/spec")).put("terminationGracePeriod", 50);

        List<String> problems = KnownFields.check(objects);

        assertEquals(List.of(
                "Deployment intake-service: unknown field /spec/template/spec/terminationGracePeriod",
                "Deployment ledger-service: unknown field /spec/template/spec/containers/0/readinesProbe"), sorted(problems));
    }

    @Test
    void aMisspeltStrimziFieldIsCaught() {
        List<ObjectNode> objects = prod();
        ObjectNode pool = find(objects, "KafkaNodePool", "dual-role");
        ObjectNode affinity = (ObjectNode) pool.at("/spec/template/pod/affinity/podAntiAffinity");
        affinity.set("requiredDuringScheduling", affinity.remove("requiredDuringSchedulingIgnoredDuringExecution"));
        ObjectNode listener = (ObjectNode) find(objects, "Kafka", "exledger").at("/spec/kafka/listeners/0");
        listener.set("authentification", listener.remove("authentication"));

        List<String> problems = KnownFields.check(objects);

        assertEquals(List.of(
                "Kafka exledger: unknown field /spec/kafka/listeners/0/authentification",
                "KafkaNodePool dual-role: unknown field /spec/template/pod/affinity/podAntiAffinity/requiredDuringScheduling"), sorted(problems));
    }

    @Test
    void aMisspeltPrometheusOperatorFieldIsCaught() throws Exception {
        ObjectNode monitor = (ObjectNode) Kustomize.YAML.readTree("""
                apiVersion: monitoring.coreos.com/v1
                kind: PodMonitor
                metadata: {name: ledger-service}
                spec:
                  selector: {matchLabels: {app.kubernetes.io/name: ledger-service}}
                  podMetricsEndpoints:
                    - {port: management, path: /q/metrics, interval: 30s}
                """);
        assertEquals(List.of(), KnownFields.check(List.of(monitor)), "the well-formed PodMonitor reads");

        ObjectNode endpoint = (ObjectNode) monitor.at("/spec/podMetricsEndpoints/0");
        endpoint.set("intervall", endpoint.remove("interval"));

        assertEquals(List.of("PodMonitor ledger-service: unknown field /spec/podMetricsEndpoints/0/intervall"),
                KnownFields.check(List.of(monitor)));
    }

    @Test
    void aMisspeltCloudNativePgFieldIsCaught() {
        List<ObjectNode> objects = prod();
        ObjectNode cluster = find(objects, "Cluster", "exledger-db");
        ObjectNode synchronous = (ObjectNode) cluster.at("/spec/postgresql/synchronous");
        synchronous.set("dataDurabillity", synchronous.remove("dataDurability"));
        ObjectNode store = (ObjectNode) cluster.at("/spec/backup/barmanObjectStore");
        store.set("s3Credential", store.remove("s3Credentials"));
        ObjectNode wal = (ObjectNode) store.get("wal");
        wal.set("maxParalel", wal.remove("maxParallel"));
        ((ObjectNode) cluster.get("spec")).set("backups", ((ObjectNode) cluster.get("spec")).remove("backup"));
        ObjectNode schedule = (ObjectNode) find(objects, "ScheduledBackup", "exledger-db-nightly").get("spec");
        schedule.set("immediately", schedule.remove("immediate"));

        List<String> problems = KnownFields.check(objects);

        assertEquals(List.of(
                "Cluster exledger-db: unknown field /spec/backups",
                "Cluster exledger-db: unknown field /spec/postgresql/synchronous/dataDurabillity",
                "ScheduledBackup exledger-db-nightly: unknown field /spec/immediately"), sorted(problems));

        ((ObjectNode) cluster.get("spec")).set("backup", ((ObjectNode) cluster.get("spec")).remove("backups"));
        assertEquals(List.of(
                "Cluster exledger-db: unknown field /spec/backup/barmanObjectStore/s3Credential",
                "Cluster exledger-db: unknown field /spec/backup/barmanObjectStore/wal/maxParalel",
                "Cluster exledger-db: unknown field /spec/postgresql/synchronous/dataDurabillity",
                "ScheduledBackup exledger-db-nightly: unknown field /spec/immediately"), sorted(KnownFields.check(objects)),
                "inside a known field, a misspelt one is caught at any depth");
    }

    @Test
    void aCloudNativePgValueOfTheWrongTypeOrAMissingRequiredFieldIsCaught() {
        List<ObjectNode> objects = prod();
        ObjectNode cluster = find(objects, "Cluster", "exledger-db");
        ((ObjectNode) cluster.get("spec")).put("instances", "three");
        ((ObjectNode) cluster.at("/spec/postgresql/synchronous")).remove("number");
        ((ObjectNode) find(objects, "ScheduledBackup", "exledger-db-nightly").get("spec")).put("backupOwnerReference", "owner");
        ((ObjectNode) find(objects, "Database", "exledger-db-ledger").get("spec")).remove("owner");

        List<String> problems = KnownFields.check(objects);

        assertEquals(List.of(
                "Cluster exledger-db: /spec/instances: a number expected, not \"three\"",
                "Cluster exledger-db: /spec/postgresql/synchronous: no number, which is required",
                "Database exledger-db-ledger: /spec: no owner, which is required",
                "ScheduledBackup exledger-db-nightly: /spec/backupOwnerReference: \"owner\" is not one of [\"cluster\",\"none\",\"self\"]"), sorted(problems));
    }

    @Test
    void aMisspeltFieldOfTheImportedRealmIsCaught() {
        List<ObjectNode> objects = prod();
        ObjectNode realm = (ObjectNode) find(objects, "KeycloakRealmImport", "exledger-realm").at("/spec/realm");
        realm.set("bruteForceProtection", realm.remove("bruteForceProtected"));
        ObjectNode cli = (ObjectNode) realm.at("/clients/1");
        assertEquals("exledger-cli", cli.path("clientId").asText());
        cli.set("directAccessGrantEnabled", cli.remove("directAccessGrantsEnabled"));

        List<String> problems = KnownFields.check(objects);

        assertEquals(List.of(
                "KeycloakRealmImport exledger-realm: unknown field /spec/realm/bruteForceProtection",
                "KeycloakRealmImport exledger-realm: unknown field /spec/realm/clients/1/directAccessGrantEnabled"), sorted(problems));
    }

    @Test
    void aRealmValueOfTheWrongTypeIsCaught() {
        List<ObjectNode> objects = prod();
        ((ObjectNode) find(objects, "KeycloakRealmImport", "exledger-realm").at("/spec/realm")).put("accessTokenLifespan", "15 minutes");

        List<String> problems = KnownFields.check(objects);

        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("KeycloakRealmImport exledger-realm: /spec/realm/accessTokenLifespan: "), problems.get(0));
    }

    @Test
    void theReadmeNamesTheCloudNativePgReleaseTheChecksUse() throws Exception {
        String readme = Files.readString(PROJECT.root().resolve("deploy/README.md"));
        JsonNode refresh = Kustomize.YAML.readTree(PROJECT.root().resolve("deploy/k8s-checks/cnpg-model/package.json").toFile());
        String model = "@kubernetes-models/cloudnative-pg` " + refresh.at("/devDependencies/@kubernetes-models~1cloudnative-pg").asText();

        assertEquals(refresh.path("cloudnativePgRelease").asText(), KnownFields.CLOUDNATIVE_PG.release(), "the vendored schema is stale: run cnpg-model/refresh.mjs");
        assertTrue(readme.contains(model + " (CloudNativePG " + KnownFields.CLOUDNATIVE_PG.release() + ")"),
                "deploy/README.md's table names " + model + " (CloudNativePG " + KnownFields.CLOUDNATIVE_PG.release() + ")");
    }

    @Test
    void aValueOfTheWrongTypeIsCaught() {
        List<ObjectNode> objects = prod();
        ((ObjectNode) find(objects, "HorizontalPodAutoscaler", "review-service").get("spec")).put("maxReplicas", "three");

        List<String> problems = KnownFields.check(objects);

        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("HorizontalPodAutoscaler review-service: /spec/maxReplicas: "), problems.get(0));
    }

    @Test
    void aMisspeltKindOrUnknownMetadataIsCaught() {
        List<ObjectNode> objects = prod();
        find(objects, "ScheduledBackup", "exledger-db-nightly").put("kind", "ScheduleBackup");
        ((ObjectNode) find(objects, "Cluster", "exledger-db").get("metadata")).putObject("label").put("a", "b");

        List<String> problems = KnownFields.check(objects);

        assertEquals(List.of(
                "Cluster exledger-db: unknown field /metadata/label",
                "ScheduleBackup exledger-db-nightly: no model for postgresql.cnpg.io/v1/ScheduleBackup (a misspelt apiVersion or kind, or add it to KnownFields)"),
                sorted(problems));
    }

    @Test
    void theReadmeInstallsTheStrimziReleaseTheChecksUse() throws Exception {
        String pom = Files.readString(PROJECT.root().resolve("deploy/k8s-checks/pom.xml"));
        Matcher pinned = Pattern.compile("<strimzi.version>([^<]+)</strimzi.version>").matcher(pom);
        assertTrue(pinned.find());
        String readme = Files.readString(PROJECT.root().resolve("deploy/README.md"));

        List<String> installs = readme.lines().filter(l -> l.contains("strimzi") && l.contains("https://")).toList();

        assertEquals(1, installs.size(), installs.toString());
        assertTrue(installs.get(0).contains("/download/" + pinned.group(1) + "/strimzi-cluster-operator-" + pinned.group(1) + ".yaml"),
                installs.get(0));
        assertTrue(readme.lines().filter(l -> l.contains("https://") && l.contains("kubectl")).noneMatch(l -> l.contains("latest")),
                "an operator installed from 'latest'");
    }

    private static List<ObjectNode> prod() {
        return Kustomize.render(PROJECT.overlay("prod"));
    }

    private static ObjectNode find(List<ObjectNode> objects, String kind, String name) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind) && ManifestChecks.name(o).equals(name))
                .findFirst().orElseThrow();
    }

    private static List<String> sorted(List<String> problems) {
        List<String> copy = new ArrayList<>(problems);
        copy.sort(null);
        return copy;
    }
}
