package dev.exceptionledger.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks rendered manifests against what the code needs. Each problem is one readable line naming the object and
 * what to fix; an empty list means the overlay is consistent with the code.
 *
 * @param services          the services, from their modules ({@link ServiceModel})
 * @param topics            every topic name of contracts' {@code Topics}
 * @param realm             deploy/keycloak/realm.json
 * @param documentedSecrets Secrets the platform team creates (named in deploy/README.md)
 * @param autoscaled        whether every service must have a PodDisruptionBudget and a HorizontalPodAutoscaler
 */
public record ManifestChecks(Map<String, ServiceModel> services, Collection<String> topics, JsonNode realm,
                             Set<String> documentedSecrets, boolean autoscaled) {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final long MIN_LEDGER_INPUT_RETENTION_MS = 7L * 24 * 3600 * 1000;
    private static final Pattern JDBC = Pattern.compile("jdbc:postgresql://([^:/]+)(?::\\d+)?/([^?]+).*");
    private static final Pattern SERVICE_URL = Pattern.compile("https?://([a-z0-9.-]+)(?::\\d+)?(?:/.*)?");
    static final String EXTERNAL = "outside the cluster (ipBlock)";
    /** The container port of Quarkus' management interface: health for the probes, metrics for Prometheus. */
    static final String MANAGEMENT = "management";
    /** The only namespace that may reach a management port. */
    static final String MONITORING_NAMESPACE = "monitoring";
    /** A series name of the suite's own in a PromQL expression or a dashboard. */
    private static final Pattern SERIES = Pattern.compile("exledger_[a-z_]+");
    /** What Prometheus adds to a meter's name: counters _total, timers _seconds and their histogram's series. */
    private static final List<String> SERIES_SUFFIXES = List.of("", "_total", "_seconds_bucket", "_seconds_count",
            "_seconds_sum", "_seconds_max");
    /** The realm role that fetches the subjects' keys from the ledger (POST /ledger/subject-keys). */
    static final String SUBJECT_KEYS_ROLE = "subject-keys";
    private static final Pattern CREDENTIAL = Pattern.compile("(?i).*(password|secret|token|jaas|credential).*");

    public List<String> check(List<ObjectNode> objects) {
        Rendered r = new Rendered(objects);
        List<String> problems = new ArrayList<>();
        checkTopics(r, problems);
        checkSecretsAreNotCommitted(r, problems);
        checkRealm(r, problems);
        for (ServiceModel s : services.values()) {
            checkKafkaUser(r, s, problems);
            checkDeployment(r, s, problems);
            checkDatabase(r, s, problems);
            checkNetworkPolicy(r, s, problems);
            checkIngress(r, s, problems);
            if (autoscaled) {
                checkAutoscaling(r, s, problems);
            }
        }
        checkConsole(r, problems);
        checkMonitoring(r, problems);
        for (ObjectNode d : r.all("Deployment")) {
            if (!services.containsKey(name(d)) && !name(d).equals(CONSOLE)) {
                problems.add("Deployment " + name(d) + ": no service module of that name");
            }
        }
        return problems;
    }

    // ---- Kafka

    private void checkTopics(Rendered r, List<String> problems) {
        Set<String> needed = new TreeSet<>(topics);
        services.values().forEach(s -> { needed.addAll(s.readTopics()); needed.addAll(s.writtenTopics()); });
        Map<String, Integer> brokers = new HashMap<>();
        for (ObjectNode pool : r.all("KafkaNodePool")) {
            checkSpreadOverNodes(pool, problems);
            if (contains(pool.path("spec").path("roles"), "broker")) {
                brokers.merge(label(pool, "strimzi.io/cluster"), pool.path("spec").path("replicas").asInt(), Integer::sum);
            }
        }
        for (String topic : needed) {
            ObjectNode t = r.topic(topic);
            if (t == null) {
                problems.add("KafkaTopic " + topic + ": missing (the code or contracts' Topics uses it)");
                continue;
            }
            String cluster = label(t, "strimzi.io/cluster");
            int replicas = t.path("spec").path("replicas").asInt();
            int minIsr = t.path("spec").path("config").path("min.insync.replicas").asInt(1);
            if (r.get("Kafka", cluster) == null) {
                problems.add("KafkaTopic " + topic + ": label strimzi.io/cluster=" + cluster + " names no Kafka");
            } else if (replicas < 1 || replicas > brokers.getOrDefault(cluster, 0)) {
                problems.add("KafkaTopic " + topic + ": " + replicas + " replicas for " + brokers.getOrDefault(cluster, 0) + " brokers");
            }
            if (minIsr > replicas || (replicas > 1 && minIsr >= replicas)) {
                problems.add("KafkaTopic " + topic + ": min.insync.replicas " + minIsr + " with " + replicas
                        + " replicas (writes with acks=all need a replica to spare)");
            }
            if (t.path("spec").path("partitions").asInt() < 1) {
                problems.add("KafkaTopic " + topic + ": no partitions");
            }
        }
        ServiceModel ledger = services.get("ledger-service");
        if (ledger != null) {
            for (String topic : ledger.readTopics()) {
                ObjectNode t = r.topic(topic);
                long retention = t == null ? -1 : t.path("spec").path("config").path("retention.ms").asLong(0);
                if (t != null && retention != -1 && retention < MIN_LEDGER_INPUT_RETENTION_MS) {
                    problems.add("KafkaTopic " + topic + ": the ledger reads it, so keep it at least 7 days (retention.ms "
                            + retention + ")");
                }
            }
        }
    }

    private void checkKafkaUser(Rendered r, ServiceModel s, List<String> problems) {
        ObjectNode user = r.get("KafkaUser", s.name());
        if (user == null) {
            if (!s.readTopics().isEmpty() || !s.writtenTopics().isEmpty()) {
                problems.add("KafkaUser " + s.name() + ": missing");
            }
            return;
        }
        if (!"scram-sha-512".equals(user.path("spec").path("authentication").path("type").asText())) {
            problems.add("KafkaUser " + s.name() + ": authentication is not scram-sha-512");
        }
        Set<String> read = new TreeSet<>();
        Set<String> written = new TreeSet<>();
        Set<String> groups = new TreeSet<>();
        Set<String> deleted = new TreeSet<>();
        for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
            String type = acl.path("resource").path("type").asText();
            String resource = acl.path("resource").path("name").asText();
            String pattern = acl.path("resource").path("patternType").asText("literal");
            if (type.equals("group") && pattern.equals("prefix")) {
                // a group named per start (e.g. ...-${quarkus.uuid}) needs a prefix ACL, written here as "prefix*"
                resource = resource + "*";
            } else if (!"literal".equals(pattern)) {
                problems.add("KafkaUser " + s.name() + ": ACL on " + resource + " is not literal");
            }
            if (type.equals("topic") && contains(acl.path("operations"), "Read")) read.add(resource);
            if (type.equals("topic") && contains(acl.path("operations"), "Write")) written.add(resource);
            if (type.equals("group") && contains(acl.path("operations"), "Read")) groups.add(resource);
            if (type.equals("topic") && contains(acl.path("operations"), "Delete")) deleted.add(resource);
        }
        compare("KafkaUser " + s.name() + ": Read ACL", s.readTopics(), read, problems);
        compare("KafkaUser " + s.name() + ": Write ACL", s.writtenTopics(), written, problems);
        compare("KafkaUser " + s.name() + ": consumer group ACL",
                s.consumerGroups(), groups, problems);
        compare("KafkaUser " + s.name() + ": Delete ACL (deleteRecords)", s.deletedTopics(), deleted, problems);
    }

    // ---- Monitoring

    /**
     * The alerts and the dashboards (ConfigMaps for Grafana's sidecar, label {@code grafana_dashboard}) exist and
     * name only series the services' code registers: a renamed meter cannot leave an alert that never fires.
     */
    private void checkMonitoring(Rendered r, List<String> problems) {
        Set<String> emitted = new TreeSet<>();
        for (ServiceModel s : services.values()) {
            for (String meter : s.metrics()) {
                SERIES_SUFFIXES.forEach(suffix -> emitted.add(meter.replace('.', '_') + suffix));
            }
        }
        List<ObjectNode> rules = r.all("PrometheusRule");
        if (rules.isEmpty()) {
            problems.add("PrometheusRule: missing (the alerts on the suite's metrics)");
        }
        for (ObjectNode rule : rules) {
            for (JsonNode group : rule.path("spec").path("groups")) {
                for (JsonNode alert : group.path("rules")) {
                    checkSeries("PrometheusRule " + name(rule) + ", " + alert.path("alert").asText(),
                            alert.path("expr").asText(), emitted, problems);
                }
            }
        }
        List<ObjectNode> dashboards = r.all("ConfigMap").stream()
                .filter(map -> !map.path("metadata").path("labels").path("grafana_dashboard").isMissingNode()).toList();
        if (dashboards.isEmpty()) {
            problems.add("ConfigMap with label grafana_dashboard: missing (the Grafana dashboard)");
        }
        for (ObjectNode map : dashboards) {
            map.path("data").fields().forEachRemaining(file -> {
                String what = "ConfigMap " + name(map) + ", " + file.getKey();
                try {
                    JsonNode dashboard = JSON.readTree(file.getValue().asText());
                    for (JsonNode expr : dashboard.findValues("expr")) {
                        checkSeries(what, expr.asText(), emitted, problems);
                    }
                } catch (JsonProcessingException e) {
                    problems.add(what + ": not JSON (" + e.getOriginalMessage() + ")");
                }
            });
        }
    }

    private static void checkSeries(String what, String expression, Set<String> emitted, List<String> problems) {
        SERIES.matcher(expression).results().map(MatchResult::group).filter(series -> !emitted.contains(series))
                .distinct().forEach(series -> problems.add(what + ": " + series + " is not a metric of the suite's"
                        + " code (docs/ARCHITECTURE.md, Operating)"));
    }

    // ---- Deployments

    private void checkDeployment(Rendered r, ServiceModel s, List<String> problems) {
        String what = "Deployment " + s.name();
        ObjectNode d = r.get("Deployment", s.name());
        if (d == null) {
            problems.add(what + ": missing");
            return;
        }
        JsonNode template = d.path("spec").path("template");
        JsonNode pod = template.path("spec");
        JsonNode c = null;
        for (JsonNode container : pod.path("containers")) {
            if (container.path("name").asText().equals(s.name())) c = container;
        }
        if (c == null) {
            problems.add(what + ": no container named " + s.name());
            return;
        }
        for (JsonNode labels : List.of(d.path("metadata").path("labels"), template.path("metadata").path("labels"))) {
            if (!s.name().equals(labels.path("app.kubernetes.io/name").asText())
                    || labels.path("app.kubernetes.io/part-of").asText().isEmpty()
                    || labels.path("app.kubernetes.io/component").asText().isEmpty()) {
                problems.add(what + ": labels app.kubernetes.io/name=" + s.name() + ", part-of and component expected on it and its pods");
            }
        }
        if (!matchesSelector(template.path("metadata").path("labels"), d.path("spec").path("selector").path("matchLabels"))) {
            problems.add(what + ": its selector does not match its pods");
        }
        String image = c.path("image").asText();
        String repository = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        String tag = repository.lastIndexOf(':') > repository.lastIndexOf('/') ? repository.substring(repository.lastIndexOf(':') + 1) : "";
        repository = tag.isEmpty() ? repository : repository.substring(0, repository.lastIndexOf(':'));
        if (!repository.endsWith("/" + s.name()) && !repository.equals(s.name())) {
            problems.add(what + ": image " + image + " is not the " + s.name() + " image");
        }
        if (!image.contains("@") && (tag.isEmpty() || tag.equals("latest"))) {
            problems.add(what + ": image " + image + " needs a version tag (not latest)");
        }
        Integer port = null;
        Integer management = null;
        for (JsonNode p : c.path("ports")) {
            if (p.path("name").asText().equals("http")) port = p.path("containerPort").asInt();
            if (p.path("name").asText().equals(MANAGEMENT)) management = p.path("containerPort").asInt();
        }
        if (port == null || port != s.port()) {
            problems.add(what + ": container port 'http' is " + port + ", the service listens on " + s.port());
        }
        if (management == null || management != s.managementPort()) {
            problems.add(what + ": container port '" + MANAGEMENT + "' is " + management
                    + ", the service's management interface (health, metrics) listens on " + s.managementPort());
        }
        if (s.dockerfilePort() != s.port()) {
            problems.add(s.module() + "/src/main/docker/Dockerfile.jvm: EXPOSE " + s.dockerfilePort() + ", the service listens on " + s.port());
        }
        checkGracefulShutdown(what, pod, c, s, problems);
        checkProbe(what, "livenessProbe", "/q/health/live", c, s, problems);
        checkProbe(what, "readinessProbe", "/q/health/ready", c, s, problems);
        for (String kind : List.of("requests", "limits")) {
            for (String resource : List.of("cpu", "memory")) {
                if (c.path("resources").path(kind).path(resource).asText().isEmpty()) {
                    problems.add(what + ": resources." + kind + "." + resource + " missing");
                }
            }
        }
        JsonNode security = c.path("securityContext");
        if (!security.path("runAsNonRoot").asBoolean(pod.path("securityContext").path("runAsNonRoot").asBoolean(false))) {
            problems.add(what + ": runAsNonRoot must be true");
        }
        if (!security.path("readOnlyRootFilesystem").asBoolean(false)) {
            problems.add(what + ": readOnlyRootFilesystem must be true");
        }
        if (security.path("allowPrivilegeEscalation").asBoolean(true)) {
            problems.add(what + ": allowPrivilegeEscalation must be false");
        }
        checkScraped(r, what, template.path("metadata").path("labels"), problems);
        checkEnvironment(r, s, c, pod, problems);

        ObjectNode service = r.get("Service", s.name());
        if (service == null) {
            problems.add("Service " + s.name() + ": missing");
        } else {
            if (!matchesSelector(template.path("metadata").path("labels"), service.path("spec").path("selector"))) {
                problems.add("Service " + s.name() + ": its selector does not match the Deployment's pods");
            }
            boolean routed = false;
            for (JsonNode p : service.path("spec").path("ports")) {
                String target = p.path("targetPort").asText();
                routed |= p.path("name").asText().equals("http") && (target.equals("http") || target.equals(String.valueOf(s.port())));
                if (target.equals(MANAGEMENT) || target.equals(String.valueOf(s.managementPort()))) {
                    problems.add("Service " + s.name() + ": exposes the management port " + s.managementPort()
                            + " (health, metrics), which only Prometheus may reach, on the pods directly");
                }
            }
            if (!routed) {
                problems.add("Service " + s.name() + ": no port 'http' targeting the container's port " + s.port());
            }
        }
    }

    private void checkProbe(String what, String probe, String path, JsonNode c, ServiceModel s, List<String> problems) {
        JsonNode get = c.path(probe).path("httpGet");
        String port = get.path("port").asText();
        if (!path.equals(get.path("path").asText())
                || !(port.equals(MANAGEMENT) || port.equals(String.valueOf(s.managementPort())))) {
            problems.add(what + ": " + probe + " must GET " + path + " on the management port " + s.managementPort()
                    + " (has " + (get.isMissingNode() ? "none" : get.path("path").asText() + " on " + port) + ")");
        }
    }

    /** A PodMonitor selects the pods and scrapes /q/metrics on their port named {@value #MANAGEMENT}. */
    private static void checkScraped(Rendered r, String what, JsonNode podLabels, List<String> problems) {
        for (ObjectNode monitor : r.all("PodMonitor")) {
            if (!matchesSelector(podLabels, monitor.path("spec").path("selector").path("matchLabels"))) continue;
            for (JsonNode endpoint : monitor.path("spec").path("podMetricsEndpoints")) {
                if (MANAGEMENT.equals(endpoint.path("port").asText())
                        && "/q/metrics".equals(endpoint.path("path").asText())) {
                    return;
                }
            }
        }
        problems.add(what + ": no PodMonitor scrapes /q/metrics on its port '" + MANAGEMENT + "'");
    }

    private void checkEnvironment(Rendered r, ServiceModel s, JsonNode c, JsonNode pod, List<String> problems) {
        String what = "Deployment " + s.name();
        Set<String> provided = new TreeSet<>();
        for (JsonNode from : c.path("envFrom")) {
            if (from.has("configMapRef")) {
                ObjectNode map = r.get("ConfigMap", from.path("configMapRef").path("name").asText());
                if (map == null) {
                    problems.add(what + ": envFrom ConfigMap " + from.path("configMapRef").path("name").asText() + " does not exist");
                } else {
                    map.path("data").fieldNames().forEachRemaining(provided::add);
                }
            } else {
                problems.add(what + ": envFrom other than a ConfigMap (reference Secret keys one by one, so the checks see them)");
            }
        }
        for (JsonNode env : c.path("env")) {
            String name = env.path("name").asText();
            provided.add(name);
            JsonNode mapRef = env.path("valueFrom").path("configMapKeyRef");
            JsonNode secretRef = env.path("valueFrom").path("secretKeyRef");
            if (!mapRef.isMissingNode()) {
                ObjectNode map = r.get("ConfigMap", mapRef.path("name").asText());
                if (map == null || !map.path("data").has(mapRef.path("key").asText())) {
                    problems.add(what + ": " + name + " refers to a missing ConfigMap key " + mapRef.path("name").asText()
                            + "/" + mapRef.path("key").asText());
                }
            } else if (!secretRef.isMissingNode()) {
                checkSecretKnown(r, what + ": " + name, secretRef.path("name").asText(), problems);
            } else if (env.has("value") && CREDENTIAL.matcher(name).matches()) {
                problems.add(what + ": " + name + " carries a literal value; reference a Secret");
            }
        }
        for (JsonNode volume : pod.path("volumes")) {
            if (volume.has("secret")) {
                checkSecretKnown(r, what + ": volume " + volume.path("name").asText(), volume.path("secret").path("secretName").asText(), problems);
            }
        }
        for (String variable : s.prodEnv()) {
            if (!provided.contains(variable)) {
                problems.add(what + ": environment variable " + variable + " is not provided (read by a %prod key of "
                        + s.module() + "/src/main/resources/application.properties)");
            }
        }
        if (r.get("KafkaUser", s.name()) != null) {
            boolean credentials = false;
            for (JsonNode env : c.path("env")) {
                credentials |= env.path("name").asText().equals("KAFKA_SASL_JAAS_CONFIG")
                        && s.name().equals(env.path("valueFrom").path("secretKeyRef").path("name").asText());
            }
            if (!credentials) {
                problems.add(what + ": KAFKA_SASL_JAAS_CONFIG must come from the Secret of KafkaUser " + s.name());
            }
        }
    }

    /** Two Kafka nodes on one host would fail together: with more than one, each needs a host of its own. */
    private static void checkSpreadOverNodes(ObjectNode pool, List<String> problems) {
        if (pool.path("spec").path("replicas").asInt() < 2) {
            return;
        }
        boolean spread = false;
        for (JsonNode term : pool.path("spec").path("template").path("pod").path("affinity").path("podAntiAffinity")
                .path("requiredDuringSchedulingIgnoredDuringExecution")) {
            JsonNode labels = term.path("labelSelector").path("matchLabels");
            spread |= term.path("topologyKey").asText().equals("kubernetes.io/hostname")
                    && labels.path("strimzi.io/pool-name").asText().equals(name(pool))
                    && labels.path("strimzi.io/cluster").asText().equals(label(pool, "strimzi.io/cluster"));
        }
        if (!spread) {
            problems.add("KafkaNodePool " + name(pool) + ": " + pool.path("spec").path("replicas").asInt()
                    + " nodes without a required pod anti-affinity on kubernetes.io/hostname (two could share a host)");
        }
    }

    /**
     * The ledger is the compliance record: its cluster archives WAL continuously to an object store and takes scheduled
     * base backups (so it can be restored to a point in time), and with standbys it commits synchronously (so a
     * failover loses no acknowledged write).
     */
    private void checkRecordIsDurable(Rendered r, ObjectNode cluster, List<String> problems) {
        String what = "Cluster " + name(cluster) + " (holds the ledger)";
        JsonNode spec = cluster.path("spec");
        JsonNode store = spec.path("backup").path("barmanObjectStore");
        if (store.path("destinationPath").asText().isEmpty()) {
            problems.add(what + ": no backup.barmanObjectStore.destinationPath, so no WAL archive and no base backups");
        }
        for (String key : List.of("accessKeyId", "secretAccessKey")) {
            String secret = store.path("s3Credentials").path(key).path("name").asText("");
            if (secret.isEmpty()) {
                problems.add(what + ": backup.barmanObjectStore.s3Credentials." + key + " takes no Secret");
            } else {
                checkSecretKnown(r, what + " backup credentials", secret, problems);
            }
        }
        boolean scheduled = r.all("ScheduledBackup").stream().anyMatch(b ->
                name(cluster).equals(b.path("spec").path("cluster").path("name").asText()));
        if (!scheduled) {
            problems.add(what + ": no ScheduledBackup names it");
        }
        JsonNode synchronous = spec.path("postgresql").path("synchronous");
        if (spec.path("instances").asInt(1) > 1 && (synchronous.path("number").asInt(0) < 1
                || !synchronous.path("dataDurability").asText("required").equals("required"))) {
            problems.add(what + ": " + spec.path("instances").asInt() + " instances without synchronous replication"
                    + " (postgresql.synchronous.number >= 1, dataDurability required): a failover can drop acknowledged writes");
        }
    }

    private void checkSecretKnown(Rendered r, String what, String secret, List<String> problems) {
        boolean madeByOperator = r.get("KafkaUser", secret) != null
                || r.all("Kafka").stream().anyMatch(k -> secret.equals(name(k) + "-cluster-ca-cert"));
        if (!madeByOperator && !documentedSecrets.contains(secret)) {
            problems.add(what + " uses Secret " + secret + ", which no operator makes and deploy/README.md does not tell how to create");
        }
    }

    private void checkSecretsAreNotCommitted(Rendered r, List<String> problems) {
        for (ObjectNode secret : r.all("Secret")) {
            if (secret.path("data").size() > 0 || secret.path("stringData").size() > 0) {
                problems.add("Secret " + name(secret) + ": carries literal values; create it in the cluster (deploy/README.md)");
            }
        }
        for (ObjectNode map : r.all("ConfigMap")) {
            map.path("data").fieldNames().forEachRemaining(key -> {
                if (CREDENTIAL.matcher(key).matches()) {
                    problems.add("ConfigMap " + name(map) + ": " + key + " looks like a credential; put it in a Secret");
                }
            });
        }
    }

    // ---- PostgreSQL

    private void checkDatabase(Rendered r, ServiceModel s, List<String> problems) {
        if (!s.hasDatabase()) {
            return;
        }
        String what = "Deployment " + s.name();
        ObjectNode d = r.get("Deployment", s.name());
        if (d == null) {
            return;
        }
        JsonNode c = d.path("spec").path("template").path("spec").path("containers").path(0);
        String url = null;
        String userSecret = null;
        for (JsonNode from : c.path("envFrom")) {
            ObjectNode map = r.get("ConfigMap", from.path("configMapRef").path("name").asText());
            if (map != null && map.path("data").has("DB_URL")) url = map.path("data").path("DB_URL").asText();
        }
        for (JsonNode env : c.path("env")) {
            if (env.path("name").asText().equals("DB_USER")) userSecret = env.path("valueFrom").path("secretKeyRef").path("name").asText(null);
            if (env.path("name").asText().equals("DB_URL")) {
                JsonNode ref = env.path("valueFrom").path("configMapKeyRef");
                ObjectNode map = r.get("ConfigMap", ref.path("name").asText());
                url = map == null ? env.path("value").asText(null) : map.path("data").path(ref.path("key").asText()).asText(null);
            }
        }
        Matcher jdbc = url == null ? null : JDBC.matcher(url);
        if (jdbc == null || !jdbc.matches()) {
            problems.add(what + ": DB_URL (" + url + ") is not a jdbc:postgresql URL");
            return;
        }
        String host = jdbc.group(1);
        String database = jdbc.group(2);
        ObjectNode cluster = r.all("Cluster").stream().filter(k -> host.equals(name(k) + "-rw")).findFirst().orElse(null);
        if (cluster == null) {
            problems.add(what + ": DB_URL host " + host + " is not the -rw Service of a CloudNativePG Cluster");
            return;
        }
        ObjectNode db = r.all("Database").stream().filter(x -> database.equals(x.path("spec").path("name").asText())
                && name(cluster).equals(x.path("spec").path("cluster").path("name").asText())).findFirst().orElse(null);
        if (db == null) {
            problems.add("Database " + database + ": missing in Cluster " + name(cluster) + " (" + s.name() + " uses it)");
            return;
        }
        if (s.name().equals("ledger-service")) {
            checkRecordIsDurable(r, cluster, problems);
        }
        String owner = db.path("spec").path("owner").asText();
        String passwordSecret = null;
        for (JsonNode role : cluster.path("spec").path("managed").path("roles")) {
            if (role.path("name").asText().equals(owner)) passwordSecret = role.path("passwordSecret").path("name").asText(null);
        }
        if (passwordSecret == null) {
            problems.add("Cluster " + name(cluster) + ": no managed role " + owner + " with a passwordSecret (owner of " + database + ")");
        } else if (!passwordSecret.equals(userSecret)) {
            problems.add(what + ": DB_USER comes from Secret " + userSecret + ", the role " + owner + " uses " + passwordSecret);
        }
    }

    // ---- NetworkPolicies and Ingress

    private void checkNetworkPolicy(Rendered r, ServiceModel s, List<String> problems) {
        ObjectNode policy = null;
        for (ObjectNode p : r.all("NetworkPolicy")) {
            if (s.name().equals(p.path("spec").path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText())) policy = p;
        }
        String what = "NetworkPolicy for " + s.name();
        if (policy == null) {
            problems.add(what + ": missing");
            return;
        }
        ObjectNode d = r.get("Deployment", s.name());
        boolean denied = r.all("NetworkPolicy").stream().anyMatch(p -> p.path("spec").path("ingress").isMissingNode()
                && p.path("spec").path("egress").isMissingNode() && contains(p.path("spec").path("policyTypes"), "Egress")
                && contains(p.path("spec").path("policyTypes"), "Ingress") && d != null
                && matchesSelector(d.path("spec").path("template").path("metadata").path("labels"), p.path("spec").path("podSelector").path("matchLabels")));
        if (!denied) {
            problems.add(what + ": no default-deny policy (Ingress and Egress) selects its pods");
        }
        checkIngressPorts(what, policy, s.port(), s.managementPort(), problems);
        Set<String> reached = new TreeSet<>();
        for (JsonNode rule : policy.path("spec").path("egress")) {
            for (JsonNode peer : rule.path("to")) {
                JsonNode labels = peer.path("podSelector").path("matchLabels");
                String target = labels.has("cnpg.io/cluster") ? "database"
                        : labels.has("strimzi.io/cluster") ? "kafka"
                        : "keycloak-operator".equals(labels.path("app.kubernetes.io/managed-by").asText()) ? "oidc"
                        : "kube-dns".equals(labels.path("k8s-app").asText()) ? "dns"
                        : services.containsKey(labels.path("app.kubernetes.io/name").asText()) ? "service " + labels.path("app.kubernetes.io/name").asText()
                        : peer.has("ipBlock") ? EXTERNAL
                        : "something else: " + peer;
                reached.add(target);
            }
            if (rule.path("to").isEmpty()) {
                reached.add("anything (an egress rule without 'to')");
            }
        }
        Set<String> expected = new TreeSet<>(Set.of("dns", "kafka", "oidc"));
        if (s.hasDatabase()) expected.add("database");
        for (String callee : callees(r, s)) {
            expected.add(callee.equals(EXTERNAL) ? EXTERNAL : "service " + callee);
            if (!callee.equals(EXTERNAL) && !admits(r, callee, s.name())) {
                problems.add("NetworkPolicy for " + callee + ": does not admit " + s.name() + ", which calls it");
            }
        }
        compare(what + ": egress to", expected, reached, problems);
        if (s.hasDatabase()) {
            boolean admitted = false;
            for (ObjectNode p : r.all("NetworkPolicy")) {
                if (!p.path("spec").path("podSelector").path("matchLabels").has("cnpg.io/cluster")) continue;
                for (JsonNode rule : p.path("spec").path("ingress")) {
                    for (JsonNode peer : rule.path("from")) {
                        for (JsonNode expression : peer.path("podSelector").path("matchExpressions")) {
                            admitted |= contains(expression.path("values"), s.name());
                        }
                        admitted |= s.name().equals(peer.path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText());
                    }
                }
            }
            if (!admitted) {
                problems.add("NetworkPolicy of the database: does not admit " + s.name());
            }
        }
    }

    /**
     * What a service calls over HTTP, from the URLs in its environment: other services (http://name:port), or
     * {@link #EXTERNAL} for a host outside the cluster (a dotted name that is not a cluster Service, e.g. a team's webhook).
     */
    private Set<String> callees(Rendered r, ServiceModel s) {
        Set<String> callees = new TreeSet<>();
        ObjectNode d = r.get("Deployment", s.name());
        if (d == null) return callees;
        List<String> values = new ArrayList<>();
        for (JsonNode c : d.path("spec").path("template").path("spec").path("containers")) {
            for (JsonNode from : c.path("envFrom")) {
                ObjectNode map = r.get("ConfigMap", from.path("configMapRef").path("name").asText());
                if (map != null) map.path("data").forEach(v -> values.add(v.asText()));
            }
            for (JsonNode env : c.path("env")) {
                JsonNode ref = env.path("valueFrom").path("configMapKeyRef");
                ObjectNode map = r.get("ConfigMap", ref.path("name").asText());
                values.add(map != null ? map.path("data").path(ref.path("key").asText()).asText() : env.path("value").asText());
            }
        }
        for (String value : values) {
            Matcher url = SERVICE_URL.matcher(value);
            if (!url.matches() || url.group(1).equals(s.name())) continue;
            if (services.containsKey(url.group(1))) {
                callees.add(url.group(1));
            } else if (url.group(1).contains(".") && !url.group(1).contains(".svc")) {
                callees.add(EXTERNAL);
            }
        }
        return callees;
    }

    private boolean admits(Rendered r, String callee, String caller) {
        for (ObjectNode p : r.all("NetworkPolicy")) {
            if (!callee.equals(p.path("spec").path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText())) continue;
            for (JsonNode rule : p.path("spec").path("ingress")) {
                for (JsonNode peer : rule.path("from")) {
                    if (caller.equals(peer.path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText())) return true;
                }
            }
        }
        return false;
    }

    /**
     * A pod's NetworkPolicy admits its API port and its management port, nothing else, and the management port only
     * from the monitoring namespace (where Prometheus runs), which it must admit.
     */
    private static void checkIngressPorts(String what, JsonNode policy, int port, int managementPort,
                                          List<String> problems) {
        boolean scrapable = false;
        for (JsonNode rule : policy.path("spec").path("ingress")) {
            boolean management = false;
            for (JsonNode p : rule.path("ports")) {
                int number = p.path("port").asInt();
                management |= number == managementPort;
                if (number != port && number != managementPort) {
                    problems.add(what + ": ingress on port " + p.path("port").asText() + ", the service listens on "
                            + port + " (management " + managementPort + ")");
                }
            }
            if (rule.path("ports").isEmpty()) {
                problems.add(what + ": an ingress rule without ports");
            }
            if (!management) continue;
            boolean onlyMonitoring = !rule.path("from").isEmpty();
            for (JsonNode peer : rule.path("from")) {
                onlyMonitoring &= peer.size() == 1 && MONITORING_NAMESPACE.equals(peer.path("namespaceSelector")
                        .path("matchLabels").path("kubernetes.io/metadata.name").asText());
            }
            if (onlyMonitoring) {
                scrapable = true;
            } else {
                problems.add(what + ": the management port " + managementPort + " (health, metrics) may be reached "
                        + "from the namespace " + MONITORING_NAMESPACE + " only, in a rule of its own");
            }
        }
        if (!scrapable) {
            problems.add(what + ": does not admit the namespace " + MONITORING_NAMESPACE + " (Prometheus) to the "
                    + "management port " + managementPort);
        }
    }

    private void checkIngress(Rendered r, ServiceModel s, List<String> problems) {
        for (String root : s.restRoots()) {
            boolean routed = false;
            for (ObjectNode ingress : r.all("Ingress")) {
                for (JsonNode rule : ingress.path("spec").path("rules")) {
                    for (JsonNode path : rule.path("http").path("paths")) {
                        JsonNode backend = path.path("backend").path("service");
                        routed |= path.path("path").asText().equals(root) && backend.path("name").asText().equals(s.name())
                                && (backend.path("port").path("name").asText().equals("http") || backend.path("port").path("number").asInt() == s.port());
                    }
                }
            }
            if (!routed) {
                problems.add("Ingress: " + root + " (an API of " + s.name() + ") is not routed to it");
            }
        }
        for (ObjectNode ingress : r.all("Ingress")) {
            for (JsonNode rule : ingress.path("spec").path("rules")) {
                for (JsonNode path : rule.path("http").path("paths")) {
                    String p = path.path("path").asText();
                    // an exact "/" is one page (the console's home); a prefix "/" would route everything
                    boolean everything = p.equals("/") && !path.path("pathType").asText().equals("Exact");
                    if (p.equals("/q") || p.startsWith("/q/") || everything) {
                        problems.add("Ingress " + name(ingress) + ": " + path.path("path").asText() + " exposes health, metrics or everything");
                    }
                }
            }
        }
    }

    // ---- the console (module console: a web app, no Kafka, no database; it calls the services' APIs)

    static final String CONSOLE = "console";
    static final int CONSOLE_PORT = 8086;
    static final int CONSOLE_MANAGEMENT_PORT = CONSOLE_PORT + 100;

    private void checkConsole(Rendered r, List<String> problems) {
        ObjectNode d = r.get("Deployment", CONSOLE);
        if (d == null) {
            problems.add("Deployment console: missing");
            return;
        }
        JsonNode c = null;
        for (JsonNode container : d.path("spec").path("template").path("spec").path("containers")) {
            if (container.path("name").asText().equals(CONSOLE)) c = container;
        }
        if (c == null) {
            problems.add("Deployment console: no container named console");
            return;
        }
        String image = c.path("image").asText();
        if (!image.contains("/console:") && !image.startsWith("console:") && !image.contains("@")) {
            problems.add("Deployment console: image " + image + " is not the console image with a version tag");
        }
        boolean port = false;
        boolean management = false;
        for (JsonNode p : c.path("ports")) {
            port |= p.path("name").asText().equals("http") && p.path("containerPort").asInt() == CONSOLE_PORT;
            management |= p.path("name").asText().equals(MANAGEMENT)
                    && p.path("containerPort").asInt() == CONSOLE_MANAGEMENT_PORT;
        }
        if (!port) {
            problems.add("Deployment console: container port 'http' must be " + CONSOLE_PORT);
        }
        if (!management) {
            problems.add("Deployment console: container port '" + MANAGEMENT + "' must be " + CONSOLE_MANAGEMENT_PORT);
        }
        for (String probe : List.of("livenessProbe", "readinessProbe")) {
            if (!MANAGEMENT.equals(c.path(probe).path("httpGet").path("port").asText())) {
                problems.add("Deployment console: " + probe + " must be on the port '" + MANAGEMENT + "'");
            }
        }
        checkScraped(r, "Deployment console", d.path("spec").path("template").path("metadata").path("labels"),
                problems);
        if (!c.path("securityContext").path("readOnlyRootFilesystem").asBoolean(false)
                || c.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true)) {
            problems.add("Deployment console: readOnlyRootFilesystem true and allowPrivilegeEscalation false expected");
        }
        boolean secret = false;
        for (JsonNode env : c.path("env")) {
            JsonNode ref = env.path("valueFrom").path("secretKeyRef");
            if (env.path("name").asText().equals("OIDC_CLIENT_SECRET") && !ref.isMissingNode()) {
                secret = true;
                checkSecretKnown(r, "Deployment console", ref.path("name").asText(), problems);
            }
        }
        if (!secret) {
            problems.add("Deployment console: OIDC_CLIENT_SECRET (the client exledger-console's secret) must come from a Secret");
        }
        if (r.get("Service", CONSOLE) == null) {
            problems.add("Service console: missing");
        }
        if (r.get("NetworkPolicy", CONSOLE) == null) {
            problems.add("NetworkPolicy console: missing");
        } else {
            checkIngressPorts("NetworkPolicy console", r.get("NetworkPolicy", CONSOLE), CONSOLE_PORT,
                    CONSOLE_MANAGEMENT_PORT, problems);
        }
        boolean routed = r.all("Ingress").stream().anyMatch(i -> {
            for (JsonNode rule : i.path("spec").path("rules")) {
                for (JsonNode path : rule.path("http").path("paths")) {
                    if (path.path("path").asText().equals("/")
                            && path.path("backend").path("service").path("name").asText().equals(CONSOLE)) {
                        return true;
                    }
                }
            }
            return false;
        });
        if (!routed) {
            problems.add("Ingress: the console's home page / is not routed to it");
        }
    }

    /**
     * A pod leaving (rolling update, drain) first sleeps in preStop while its endpoint is removed, then Quarkus gets its
     * shutdown timeout to finish the batch and the requests in flight: the grace period must cover both, or Kubernetes
     * kills the pod mid-batch.
     */
    private static void checkGracefulShutdown(String what, JsonNode pod, JsonNode c, ServiceModel s, List<String> problems) {
        if (s.shutdownTimeoutSeconds() <= 0) {
            problems.add(s.module() + ": no quarkus.shutdown.timeout, so a stopping pod drops the work in flight");
        }
        JsonNode preStop = c.path("lifecycle").path("preStop").path("exec").path("command");
        int sleep = preStop.size() == 2 && preStop.get(0).asText().equals("sleep") ? preStop.get(1).asInt() : -1;
        if (sleep <= 0) {
            problems.add(what + ": no preStop [\"sleep\", N] to let the endpoint removal spread before it stops");
        }
        int grace = pod.path("terminationGracePeriodSeconds").asInt(30);
        if (grace <= Math.max(sleep, 0) + s.shutdownTimeoutSeconds()) {
            problems.add(what + ": terminationGracePeriodSeconds " + grace + " does not cover preStop " + sleep
                    + " s + quarkus.shutdown.timeout " + s.shutdownTimeoutSeconds() + " s");
        }
    }

    private void checkAutoscaling(Rendered r, ServiceModel s, List<String> problems) {
        ObjectNode d = r.get("Deployment", s.name());
        boolean budget = d != null && r.all("PodDisruptionBudget").stream().anyMatch(p ->
                matchesSelector(d.path("spec").path("template").path("metadata").path("labels"), p.path("spec").path("selector").path("matchLabels")));
        if (!budget) {
            problems.add("PodDisruptionBudget for " + s.name() + ": missing");
        }
        ObjectNode hpa = r.all("HorizontalPodAutoscaler").stream().filter(h -> s.name().equals(h.path("spec").path("scaleTargetRef").path("name").asText()))
                .findFirst().orElse(null);
        if (hpa == null) {
            problems.add("HorizontalPodAutoscaler for " + s.name() + ": missing");
            return;
        }
        // a Deployment that names its replicas resets the autoscaler's count on every apply
        if (d != null && d.path("spec").has("replicas")) {
            problems.add("Deployment " + s.name() + ": spec.replicas " + d.path("spec").path("replicas")
                    + " set while HorizontalPodAutoscaler " + name(hpa) + " owns the count");
        }
        if (hpa.path("spec").path("minReplicas").asInt(1) < 2) {
            problems.add("HorizontalPodAutoscaler " + s.name() + ": minReplicas below 2 (a node drain would take the service down)");
        }
        // consumers beyond the partitions of every topic the group reads would get none and sit idle
        int max = hpa.path("spec").path("maxReplicas").asInt();
        int partitions = s.readTopics().stream().map(r::topic).filter(t -> t != null)
                .mapToInt(t -> t.path("spec").path("partitions").asInt()).max().orElse(Integer.MAX_VALUE);
        if (max > partitions) {
            problems.add("HorizontalPodAutoscaler " + s.name() + ": maxReplicas " + max + " > " + partitions
                    + ", the most partitions of a topic it consumes (the extra consumers would sit idle)");
        }
    }

    // ---- Keycloak

    private void checkRealm(Rendered r, List<String> problems) {
        List<ObjectNode> imports = r.all("KeycloakRealmImport");
        if (imports.size() != 1) {
            problems.add("KeycloakRealmImport: expected one, found " + imports.size());
            return;
        }
        JsonNode spec = imports.get(0).path("spec");
        JsonNode imported = spec.path("realm");
        if (r.get("Keycloak", spec.path("keycloakCRName").asText()) == null) {
            problems.add("KeycloakRealmImport: keycloakCRName " + spec.path("keycloakCRName").asText() + " names no Keycloak");
        }
        if (!realm.path("realm").equals(imported.path("realm"))) {
            problems.add("KeycloakRealmImport: realm " + imported.path("realm") + ", deploy/keycloak/realm.json has " + realm.path("realm"));
        }
        compare("KeycloakRealmImport: realm roles", names(realm.path("roles").path("realm"), "name"), names(imported.path("roles").path("realm"), "name"), problems);
        compare("KeycloakRealmImport: clients", names(realm.path("clients"), "clientId"), names(imported.path("clients"), "clientId"), problems);
        for (JsonNode client : imported.path("clients")) {
            String secret = client.path("secret").asText(null);
            Matcher placeholder = secret == null ? null : Pattern.compile("\\$\\{([A-Z0-9_]+)}").matcher(secret);
            if (placeholder != null && !(placeholder.matches() && spec.path("placeholders").has(placeholder.group(1)))) {
                problems.add("KeycloakRealmImport: client " + client.path("clientId").asText() + " carries a literal secret; use a placeholder from a Secret");
            } else if (placeholder != null) {
                checkSecretKnown(r, "KeycloakRealmImport placeholder " + placeholder.group(1),
                        spec.path("placeholders").path(placeholder.group(1)).path("secret").path("name").asText(), problems);
            }
        }
        if (!imported.path("bruteForceProtected").asBoolean(false)) {
            problems.add("KeycloakRealmImport: bruteForceProtected must be true (passwords can be guessed without limit)");
        }
        for (JsonNode client : imported.path("clients")) {
            if (client.path("publicClient").asBoolean(false) && client.path("directAccessGrantsEnabled").asBoolean(true)) {
                problems.add("KeycloakRealmImport: public client " + client.path("clientId").asText()
                        + " allows the password grant (directAccessGrantsEnabled, true by default)");
            }
        }
        for (JsonNode user : imported.path("users")) {
            if (!user.path("credentials").isMissingNode()) {
                problems.add("KeycloakRealmImport: user " + user.path("username").asText() + " carries credentials");
            }
        }
        // the subjects' keys open every person's sealed values: only the services' own accounts may fetch them
        for (JsonNode users : List.of(realm.path("users"), imported.path("users"))) {
            for (JsonNode user : users) {
                if (contains(user.path("realmRoles"), SUBJECT_KEYS_ROLE) && !user.hasNonNull("serviceAccountClientId")) {
                    problems.add((users == realm.path("users") ? "deploy/keycloak/realm.json" : "KeycloakRealmImport")
                            + ": user " + user.path("username").asText() + " has the role " + SUBJECT_KEYS_ROLE
                            + ", which only services' accounts may have");
                }
            }
        }
    }

    // ---- helpers

    private static void compare(String what, Set<String> expected, Set<String> actual, List<String> problems) {
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(actual);
        Set<String> extra = new TreeSet<>(actual);
        extra.removeAll(expected);
        if (!missing.isEmpty()) problems.add(what + ": missing " + missing);
        if (!extra.isEmpty()) problems.add(what + ": not used by the code " + extra);
    }

    private static Set<String> names(JsonNode list, String field) {
        Set<String> names = new LinkedHashSet<>();
        list.forEach(item -> names.add(item.path(field).asText()));
        return new TreeSet<>(names);
    }

    private static boolean contains(JsonNode list, String value) {
        for (JsonNode item : list) {
            if (item.asText().equals(value)) return true;
        }
        return false;
    }

    private static boolean matchesSelector(JsonNode labels, JsonNode selector) {
        if (selector.isMissingNode() || selector.isEmpty()) return false;
        for (var it = selector.fields(); it.hasNext(); ) {
            var entry = it.next();
            if (!entry.getValue().asText().equals(labels.path(entry.getKey()).asText(null))) return false;
        }
        return true;
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    private static String label(JsonNode object, String label) {
        return object.path("metadata").path("labels").path(label).asText();
    }

    /** The rendered objects by kind and name. */
    private record Rendered(List<ObjectNode> objects) {
        List<ObjectNode> all(String kind) {
            return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
        }

        ObjectNode get(String kind, String name) {
            return all(kind).stream().filter(o -> name.equals(name(o))).findFirst().orElse(null);
        }

        ObjectNode topic(String topic) {
            return all("KafkaTopic").stream().filter(t -> topic.equals(t.path("spec").path("topicName").asText(name(t))))
                    .findFirst().orElse(null);
        }
    }
}
