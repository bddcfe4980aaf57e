package dev.exceptionledger.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each test breaks a copy of the rendered prod overlay (or pretends the code changed) the way a careless edit would,
 * and asserts that the checks report exactly that.
 */
class ChecksCatchMistakesTest {

    static final Project PROJECT = Project.locate();
    static List<ObjectNode> rendered;
    static ManifestChecks checks;

    @BeforeAll
    static void render() {
        rendered = Kustomize.render(PROJECT.overlay("prod"));
        checks = PROJECT.checks(true);
        assertEquals(List.of(), checks.check(rendered), "the unbroken overlay passes");
    }

    @Test
    void removedTopicIsReported() {
        List<ObjectNode> broken = copy();
        broken.removeIf(o -> o.path("kind").asText().equals("KafkaTopic") && o.path("spec").path("topicName").asText().equals("deadletters"));

        assertReported(checks.check(broken), "KafkaTopic deadletters: missing");
    }

    @Test
    void removedEnvironmentVariableIsReported() {
        List<ObjectNode> broken = copy();
        ArrayNode env = (ArrayNode) container(broken, "review-service").get("env");
        env.remove(indexOf(env, "DB_PASSWORD"));

        assertReported(checks.check(broken), "Deployment review-service: environment variable DB_PASSWORD is not provided");
    }

    @Test
    void removedConfigMapReferenceIsReportedForEachVariableItProvided() {
        List<ObjectNode> broken = copy();
        ((ArrayNode) container(broken, "intake-service").get("envFrom")).remove(0);

        List<String> problems = checks.check(broken);

        assertReported(problems, "Deployment intake-service: environment variable KAFKA_BOOTSTRAP_SERVERS is not provided");
        assertReported(problems, "Deployment intake-service: environment variable OIDC_AUTH_SERVER_URL is not provided");
    }

    @Test
    void removedLivenessProbeIsReported() {
        List<ObjectNode> broken = copy();
        container(broken, "classifier-service").remove("livenessProbe");

        assertReported(checks.check(broken), "Deployment classifier-service: livenessProbe must GET /q/health/live on the management port 8182 (has none)");
    }

    @Test
    void readinessProbeOnTheWrongPathIsReported() {
        List<ObjectNode> broken = copy();
        ((ObjectNode) container(broken, "ledger-service").path("readinessProbe").path("httpGet")).put("path", "/q/health/live");

        assertReported(checks.check(broken), "Deployment ledger-service: readinessProbe must GET /q/health/ready on the management port 8184 (has /q/health/live on management)");
    }

    @Test
    void probeOnTheApiPortIsReported() {
        List<ObjectNode> broken = copy();
        ((ObjectNode) container(broken, "review-service").path("livenessProbe").path("httpGet")).put("port", "http");

        assertReported(checks.check(broken), "Deployment review-service: livenessProbe must GET /q/health/live on the management port 8185 (has /q/health/live on http)");
    }

    @Test
    void removedManagementPortIsReported() {
        List<ObjectNode> broken = copy();
        ((ArrayNode) container(broken, "routing-service").get("ports")).remove(1);

        assertReported(checks.check(broken), "Deployment routing-service: container port 'management' is null, the service's management interface (health, metrics) listens on 8183");
    }

    @Test
    void serviceWithoutPodMonitorIsReported() {
        List<ObjectNode> broken = copy();
        broken.remove(find(broken, "PodMonitor", "ledger-service"));

        assertReported(checks.check(broken), "Deployment ledger-service: no PodMonitor scrapes /q/metrics on its port 'management'");
    }

    @Test
    void managementPortOpenToTheIngressControllerIsReported() {
        List<ObjectNode> broken = copy();
        ObjectNode rule = (ObjectNode) find(broken, "NetworkPolicy", "intake-service").path("spec").path("ingress").get(0);
        ((ArrayNode) rule.get("ports")).addObject().put("port", 8181).put("protocol", "TCP");

        assertReported(checks.check(broken), "NetworkPolicy for intake-service: the management port 8181 (health, metrics) may be reached from the namespace monitoring only");
    }

    @Test
    void managementPortOnAServiceIsReported() {
        List<ObjectNode> broken = copy();
        ((ArrayNode) find(broken, "Service", "classifier-service").path("spec").path("ports")).addObject()
                .put("name", "management").put("port", 8182).put("targetPort", "management");

        assertReported(checks.check(broken), "Service classifier-service: exposes the management port 8182");
    }

    @Test
    void alertOnAMetricTheCodeDoesNotHaveIsReported() {
        List<ObjectNode> broken = copy();
        ObjectNode alert = (ObjectNode) find(broken, "PrometheusRule", "exception-ledger").path("spec").path("groups")
                .get(0).path("rules").get(0);
        alert.put("expr", "sum(increase(exledger_deadletters_total[15m])) > 0");

        assertReported(checks.check(broken), "PrometheusRule exception-ledger, ExledgerDeadLetters: exledger_deadletters_total is not a metric of the suite's code");
    }

    @Test
    void dashboardPanelOnAMetricTheCodeDoesNotHaveIsReported() {
        List<ObjectNode> broken = copy();
        ObjectNode data = (ObjectNode) find(broken, "ConfigMap", "exledger-dashboard").path("data");
        data.put("exception-ledger.json", data.path("exception-ledger.json").asText()
                .replace("exledger_ledger_lag_records", "exledger_ledger_lag"));

        assertReported(checks.check(broken), "ConfigMap exledger-dashboard, exception-ledger.json: exledger_ledger_lag is not a metric of the suite's code");
    }

    @Test
    void removedAclIsReported() {
        List<ObjectNode> broken = copy();
        ArrayNode acls = (ArrayNode) find(broken, "KafkaUser", "routing-service").path("spec").path("authorization").path("acls");
        for (int i = acls.size() - 1; i >= 0; i--) {
            if (acls.get(i).path("resource").path("name").asText().equals("handoffs.requested")) acls.remove(i);
        }

        assertReported(checks.check(broken), "KafkaUser routing-service: Write ACL: missing [handoffs.requested]");
    }

    @Test
    void removedDeleteAclOfTheTopicIntakeDeletesFromIsReported() {
        List<ObjectNode> broken = copy();
        for (JsonNode acl : find(broken, "KafkaUser", "intake-service").path("spec").path("authorization").path("acls")) {
            if (acl.path("resource").path("name").asText().equals("interactions.inbound")) {
                ArrayNode operations = (ArrayNode) acl.path("operations");
                for (int i = operations.size() - 1; i >= 0; i--) {
                    if (operations.get(i).asText().equals("Delete")) operations.remove(i);
                }
            }
        }

        assertReported(checks.check(broken), "KafkaUser intake-service: Delete ACL (deleteRecords): missing [interactions.inbound]");
    }

    @Test
    void topicTheCodeStartsReadingNeedsATopicAndAnAcl() {
        Map<String, ServiceModel> services = new HashMap<>(checks.services());
        ServiceModel review = services.get("review-service");
        Set<String> reads = new TreeSet<>(review.readTopics());
        reads.add("interactions.escalated");
        services.put("review-service", review.withRead(reads));

        List<String> problems = with(services).check(rendered);

        assertReported(problems, "KafkaTopic interactions.escalated: missing (the code or contracts' Topics uses it)");
        assertReported(problems, "KafkaUser review-service: Read ACL: missing [interactions.escalated]");
    }

    @Test
    void environmentVariableTheCodeStartsReadingMustBeProvided() {
        Map<String, ServiceModel> services = new HashMap<>(checks.services());
        ServiceModel routing = services.get("routing-service");
        Set<String> env = new TreeSet<>(routing.prodEnv());
        env.add("SALES_WEBHOOK_SECRET");
        services.put("routing-service", routing.withProdEnv(env));

        assertReported(with(services).check(rendered), "Deployment routing-service: environment variable SALES_WEBHOOK_SECRET is not provided");
    }

    @Test
    void variableWithADefaultMustBeProvidedToo() {
        List<ObjectNode> broken = copy();
        ((ObjectNode) find(broken, "ConfigMap", "routing-service-config").get("data")).remove("LEDGER_URL");

        // %prod.routing.ledger.url=${LEDGER_URL:http://127.0.0.1:8084} would call the pod itself
        assertReported(checks.check(broken), "Deployment routing-service: environment variable LEDGER_URL is not provided");
    }

    @Test
    void secretWithALiteralValueIsReported() {
        List<ObjectNode> broken = copy();
        ObjectNode secret = Kustomize.YAML.createObjectNode();
        secret.put("apiVersion", "v1").put("kind", "Secret").putObject("metadata").put("name", "exledger-db-intake");
        secret.putObject("stringData").put("password", "hunter2");
        broken.add(secret);

        assertReported(checks.check(broken), "Secret exledger-db-intake: carries literal values; create it in the cluster (deploy/README.md)");
    }

    @Test
    void passwordAsPlainEnvironmentValueIsReported() {
        List<ObjectNode> broken = copy();
        ArrayNode env = (ArrayNode) container(broken, "intake-service").get("env");
        ObjectNode password = (ObjectNode) env.get(indexOf(env, "DB_PASSWORD"));
        password.remove("valueFrom");
        password.put("value", "hunter2");

        assertReported(checks.check(broken), "Deployment intake-service: DB_PASSWORD carries a literal value; reference a Secret");
    }

    @Test
    void imageOfAnotherServiceIsReported() {
        List<ObjectNode> broken = copy();
        container(broken, "routing-service").put("image", "registry.example.com/exledger/ledger-service:0.1.0");

        assertReported(checks.check(broken), "Deployment routing-service: image registry.example.com/exledger/ledger-service:0.1.0 is not the routing-service image");
    }

    @Test
    void containerPortThatIsNotTheServicePortIsReported() {
        List<ObjectNode> broken = copy();
        ((ObjectNode) container(broken, "intake-service").path("ports").get(0)).put("containerPort", 8080);

        assertReported(checks.check(broken), "Deployment intake-service: container port 'http' is 8080, the service listens on 8081");
    }

    @Test
    void egressBeyondKafkaDatabaseAndOidcIsReported() {
        List<ObjectNode> broken = copy();
        ArrayNode egress = (ArrayNode) find(broken, "NetworkPolicy", "classifier-service").path("spec").path("egress");
        egress.addObject().putArray("to").addObject().putObject("namespaceSelector");

        assertTrue(checks.check(broken).stream().anyMatch(p -> p.startsWith("NetworkPolicy for classifier-service: egress to: not used by the code")),
                () -> String.join("\n", checks.check(broken)));
    }

    @Test
    void webhookOutsideTheClusterNeedsAnEgressRule() {
        List<ObjectNode> broken = copy();
        ((ObjectNode) find(broken, "ConfigMap", "routing-service-config").get("data"))
                .put("ROUTING_WEBHOOK_TEAMS_SALES_URL", "https://crm.example.com/hooks/handoffs");

        assertReported(checks.check(broken), "NetworkPolicy for routing-service: egress to: missing [outside the cluster (ipBlock)]");
    }

    @Test
    void unroutedApiIsReported() {
        List<ObjectNode> broken = copy();
        ArrayNode paths = (ArrayNode) find(broken, "Ingress", "exledger").path("spec").path("rules").get(0).path("http").path("paths");
        for (int i = paths.size() - 1; i >= 0; i--) {
            if (paths.get(i).path("path").asText().equals("/reviews")) paths.remove(i);
        }

        assertReported(checks.check(broken), "Ingress: /reviews (an API of review-service) is not routed to it");
    }

    @Test
    void aConsoleRoutingEverythingIsReported() {
        List<ObjectNode> broken = copy();
        ArrayNode paths = (ArrayNode) find(broken, "Ingress", "console").path("spec").path("rules").get(0).path("http").path("paths");
        ((ObjectNode) paths.get(0)).put("pathType", "Prefix");

        assertReported(checks.check(broken), "Ingress console: / exposes health, metrics or everything");
    }

    @Test
    void aConsoleWithoutItsClientSecretIsReported() {
        List<ObjectNode> broken = copy();
        ((ArrayNode) container(broken, "console").path("env")).removeAll();

        assertReported(checks.check(broken),
                "Deployment console: OIDC_CLIENT_SECRET (the client exledger-console's secret) must come from a Secret");
    }

    @Test
    void autoscalerBeyondThePartitionsIsReported() {
        List<ObjectNode> broken = copy();
        ((ObjectNode) find(broken, "HorizontalPodAutoscaler", "classifier-service").get("spec")).put("maxReplicas", 12);

        assertReported(checks.check(broken), "HorizontalPodAutoscaler classifier-service: maxReplicas 12 > 6, the most partitions of a topic it consumes (the extra consumers would sit idle)");
    }

    @Test
    void replicasBesideAnAutoscalerAreReported() {
        List<ObjectNode> broken = copy();
        ((ObjectNode) find(broken, "Deployment", "routing-service").get("spec")).put("replicas", 2);

        assertReported(checks.check(broken), "Deployment routing-service: spec.replicas 2 set while HorizontalPodAutoscaler routing-service owns the count");
    }

    @Test
    void aGracePeriodShorterThanTheShutdownIsReported() {
        List<ObjectNode> broken = copy();
        ((ObjectNode) find(broken, "Deployment", "ledger-service").path("spec").path("template").path("spec"))
                .put("terminationGracePeriodSeconds", 30);
        container(broken, "intake-service").remove("lifecycle");

        List<String> problems = checks.check(broken);

        assertReported(problems, "Deployment ledger-service: terminationGracePeriodSeconds 30 does not cover preStop 10 s + quarkus.shutdown.timeout 30 s");
        assertReported(problems, "Deployment intake-service: no preStop");
    }

    @Test
    void aServiceWithoutShutdownTimeoutIsReported() {
        Map<String, ServiceModel> services = new HashMap<>(checks.services());
        ServiceModel review = services.get("review-service");
        services.put("review-service", new ServiceModel(review.module(), review.name(), review.port(),
                review.managementPort(), review.consumerGroups(), review.readTopics(), review.writtenTopics(),
                review.prodEnv(), review.hasDatabase(), review.restRoots(), review.dockerfilePort(), review.metrics(), 0,
                review.deletedTopics()));

        assertReported(with(services).check(copy()), "review-service: no quarkus.shutdown.timeout");
    }

    @Test
    void aLedgerWithoutBackupsOrSynchronousReplicationIsReported() {
        List<ObjectNode> broken = copy();
        ObjectNode cluster = (ObjectNode) find(broken, "Cluster", "exledger-db").get("spec");
        cluster.remove("backup");
        ((ObjectNode) cluster.get("postgresql")).remove("synchronous");
        broken.removeIf(o -> o.path("kind").asText().equals("ScheduledBackup"));

        List<String> problems = checks.check(broken);

        assertReported(problems, "Cluster exledger-db (holds the ledger): no backup.barmanObjectStore.destinationPath");
        assertReported(problems, "Cluster exledger-db (holds the ledger): no ScheduledBackup names it");
        assertReported(problems, "Cluster exledger-db (holds the ledger): 3 instances without synchronous replication");
    }

    @Test
    void kafkaNodesThatMayShareAHostAreReported() {
        List<ObjectNode> broken = copy();
        ((ObjectNode) find(broken, "KafkaNodePool", "dual-role").get("spec")).remove("template");

        assertReported(checks.check(broken), "KafkaNodePool dual-role: 3 nodes without a required pod anti-affinity");
    }

    @Test
    void passwordGrantOnAPublicClientAndNoBruteForceProtectionAreReported() {
        List<ObjectNode> broken = copy();
        ObjectNode realm = (ObjectNode) find(broken, "KeycloakRealmImport", "exledger-realm").path("spec").path("realm");
        realm.remove("bruteForceProtected");
        for (var client : realm.path("clients")) {
            if (client.path("clientId").asText().equals("exledger-cli")) ((ObjectNode) client).remove("directAccessGrantsEnabled");
        }

        List<String> problems = checks.check(broken);

        assertReported(problems, "KeycloakRealmImport: bruteForceProtected must be true");
        assertReported(problems, "KeycloakRealmImport: public client exledger-cli allows the password grant");
    }

    @Test
    void aPersonWithTheSubjectKeysRoleIsReported() {
        List<ObjectNode> broken = copy();
        ObjectNode realm = (ObjectNode) find(broken, "KeycloakRealmImport", "exledger-realm").path("spec").path("realm");
        ObjectNode person = ((ArrayNode) realm.path("users")).addObject();
        person.put("username", "mallory").put("enabled", true);
        person.putArray("realmRoles").add("compliance").add("subject-keys");

        assertReported(checks.check(broken), "KeycloakRealmImport: user mallory has the role subject-keys, which only "
                + "services' accounts may have");
    }

    private static ManifestChecks with(Map<String, ServiceModel> services) {
        return new ManifestChecks(services, checks.topics(), checks.realm(), checks.documentedSecrets(), true);
    }

    /** A problem that starts with {@code expected} is among the problems. */
    private static void assertReported(List<String> problems, String expected) {
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(expected)),
                () -> "expected \"" + expected + "\" among:\n  " + String.join("\n  ", problems));
    }

    private static List<ObjectNode> copy() {
        List<ObjectNode> copy = new ArrayList<>();
        rendered.forEach(o -> copy.add(o.deepCopy()));
        return copy;
    }

    private static ObjectNode find(List<ObjectNode> objects, String kind, String name) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind) && ManifestChecks.name(o).equals(name))
                .findFirst().orElseThrow();
    }

    private static ObjectNode container(List<ObjectNode> objects, String service) {
        return (ObjectNode) find(objects, "Deployment", service).path("spec").path("template").path("spec").path("containers").get(0);
    }

    private static int indexOf(ArrayNode env, String name) {
        for (int i = 0; i < env.size(); i++) {
            if (env.get(i).path("name").asText().equals(name)) return i;
        }
        throw new AssertionError(name + " not in " + env);
    }

}
