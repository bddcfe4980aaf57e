package dev.exceptionledger.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What one service's code says the cluster must give it, read from its module: application.properties (port, consumer
 * group, the topics of its channels and their dead-letter topics, the environment variables of its {@code %prod}
 * keys), the channels its Java code declares, its REST paths and its Dockerfile.
 *
 * @param managementPort  where health and metrics are served: the management interface's port (port + 100)
 * @param consumerGroups  the consumer group of each incoming channel ({@code group.id}, else the application's name)
 * @param readTopics      topics of its incoming channels
 * @param writtenTopics   topics of its outgoing channels and the dead-letter topics of its incoming ones
 * @param prodEnv         environment variables that {@code %prod} keys read, with or without a default: the
 *                        Deployment sets each one, so a cluster never runs on a default meant for one machine
 * @param restRoots       first segment of each resource class's {@code @Path}, e.g. {@code /interactions}
 * @param dockerfilePort  the port the Dockerfile EXPOSEs, or 0 without a Dockerfile
 * @param metrics         the names of the meters its code registers under the suite's prefix, e.g.
 *                        {@code exledger.interactions.received} (Prometheus: {@code exledger_interactions_received_total})
 * @param shutdownTimeoutSeconds {@code quarkus.shutdown.timeout} in seconds (how long in-flight work may take to finish
 *                        on SIGTERM), or 0 without one
 * @param deletedTopics   topics whose records its code deletes (Kafka's deleteRecords): the topic of each incoming
 *                        channel that a Java file calling {@code deleteRecords} names ({@code
 *                        mp.messaging.incoming.<channel>.topic}), e.g. intake's interactions.inbound
 */
public record ServiceModel(String module, String name, int port, int managementPort, Set<String> consumerGroups,
                           Set<String> readTopics, Set<String> writtenTopics, Set<String> prodEnv, boolean hasDatabase,
                           Set<String> restRoots, int dockerfilePort, Set<String> metrics, int shutdownTimeoutSeconds,
                           Set<String> deletedTopics) {

    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:[^}]*)?}");
    private static final Pattern CHANNEL_KEY = Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([^.]+)\\.(.+)");
    private static final Pattern INCOMING = Pattern.compile("@Incoming\\(\"([^\"]+)\"\\)");
    private static final Pattern OUTGOING = Pattern.compile("@(?:Outgoing|Channel)\\(\"([^\"]+)\"\\)");
    private static final Pattern CLASS_PATH = Pattern.compile("@Path\\(\"/?([^\"/]+)[^\"]*\"\\)\\s*(?:@\\w+(?:\\([^)]*\\))?\\s*)*(?:public\\s+)?(?:final\\s+)?class");
    private static final Pattern EXPOSE = Pattern.compile("(?m)^EXPOSE\\s+(\\d+)");
    /** A Micrometer meter name of the suite's own, e.g. "exledger.interactions.received". */
    private static final Pattern METER = Pattern.compile("\"(exledger(?:\\.[a-z]+)+)\"");
    private static final Pattern CHANNEL_TOPIC = Pattern.compile("mp\\.messaging\\.incoming\\.([^.\"]+)\\.topic");

    /** Every Quarkus service of the project: a module named *-service with an application.properties. */
    public static TreeMap<String, ServiceModel> readAll(Path root) {
        TreeMap<String, ServiceModel> services = new TreeMap<>();
        try (Stream<Path> modules = Files.list(root)) {
            modules.filter(m -> m.getFileName().toString().endsWith("-service"))
                    .filter(m -> Files.exists(m.resolve("src/main/resources/application.properties")))
                    .map(ServiceModel::read)
                    .forEach(s -> services.put(s.name(), s));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return services;
    }

    public static ServiceModel read(Path module) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(module.resolve("src/main/resources/application.properties"))) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String name = p.getProperty("quarkus.application.name");
        Set<String> incoming = new TreeSet<>();
        Set<String> outgoing = new TreeSet<>();
        Set<String> prodEnv = new TreeSet<>();
        for (String key : p.stringPropertyNames()) {
            Matcher channel = CHANNEL_KEY.matcher(key);
            if (channel.matches()) {
                (channel.group(1).equals("incoming") ? incoming : outgoing).add(channel.group(2));
            }
            if (key.startsWith("%prod.")) {
                Matcher env = ENV.matcher(p.getProperty(key));
                env.results().forEach(m -> prodEnv.add(m.group(1)));
            }
        }
        String java = javaSources(module.resolve("src/main/java"));
        INCOMING.matcher(java).results().forEach(m -> incoming.add(m.group(1)));
        OUTGOING.matcher(java).results().forEach(m -> outgoing.add(m.group(1)));

        Set<String> read = new TreeSet<>();
        Set<String> written = new TreeSet<>();
        for (String channel : incoming) {
            String prefix = "mp.messaging.incoming." + channel + ".";
            String topics = p.getProperty(prefix + "topics", p.getProperty(prefix + "topic", channel));
            for (String topic : topics.split(",")) {
                read.add(topic.trim());
            }
            if ("dead-letter-queue".equals(p.getProperty(prefix + "failure-strategy"))) {
                // SmallRye's default dead-letter topic is dead-letter-topic-<channel>
                written.add(p.getProperty(prefix + "dead-letter-queue.topic", "dead-letter-topic-" + channel));
            }
        }
        for (String channel : outgoing) {
            written.add(p.getProperty("mp.messaging.outgoing." + channel + ".topic", channel));
        }
        Set<String> groups = new TreeSet<>();
        incoming.forEach(c -> groups.add(p.getProperty("mp.messaging.incoming." + c + ".group.id", p.getProperty("kafka.group.id", name))
                .replaceAll("\\$\\{.*", "*")));

        Set<String> restRoots = new TreeSet<>();
        CLASS_PATH.matcher(java).results().forEach(m -> restRoots.add("/" + m.group(1)));

        int dockerfilePort = 0;
        Path dockerfile = module.resolve("src/main/docker/Dockerfile.jvm");
        if (Files.exists(dockerfile)) {
            Matcher expose = EXPOSE.matcher(readString(dockerfile));
            dockerfilePort = expose.find() ? Integer.parseInt(expose.group(1)) : 0;
        }
        // health and metrics: Quarkus' management interface when enabled (its default port 9000), else the API's port
        int port = Integer.parseInt(p.getProperty("quarkus.http.port", "8080"));
        int managementPort = "true".equals(p.getProperty("quarkus.management.enabled"))
                ? Integer.parseInt(p.getProperty("quarkus.management.port", "9000")) : port;
        Set<String> metrics = new TreeSet<>();
        METER.matcher(java).results().forEach(m -> metrics.add(m.group(1)));
        Set<String> deleted = new TreeSet<>();
        for (String source : javaFiles(module.resolve("src/main/java"))) {
            if (source.contains("deleteRecords(")) {
                CHANNEL_TOPIC.matcher(source).results().forEach(m -> deleted.add(p.getProperty(
                        "mp.messaging.incoming." + m.group(1) + ".topic", m.group(1))));
            }
        }
        return new ServiceModel(module.getFileName().toString(), name, port, managementPort,
                groups, read, written, prodEnv, p.stringPropertyNames().contains("%prod.quarkus.datasource.jdbc.url"),
                restRoots, dockerfilePort, metrics, seconds(p.getProperty("quarkus.shutdown.timeout")), deleted);
    }

    /** A Quarkus duration in seconds ({@code 30s}, {@code 1m} or {@code PT30S}), 0 when absent. */
    static int seconds(String duration) {
        if (duration == null || duration.isBlank()) {
            return 0;
        }
        String d = duration.trim();
        if (d.matches("\\d+")) {
            return Integer.parseInt(d);
        }
        if (d.matches("\\d+[smh]")) {
            return Integer.parseInt(d.substring(0, d.length() - 1)) * switch (d.charAt(d.length() - 1)) {
                case 'm' -> 60;
                case 'h' -> 3600;
                default -> 1;
            };
        }
        return (int) java.time.Duration.parse(d).toSeconds();
    }

    private static String javaSources(Path dir) {
        return String.join("\n", javaFiles(dir));
    }

    /** The text of each Java file under {@code dir}, in path order. */
    private static List<String> javaFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().map(ServiceModel::readString).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same service with other topics or variables: how the tests pretend the code changed. */
    public ServiceModel withRead(Set<String> topics) {
        return new ServiceModel(module, name, port, managementPort, consumerGroups, topics, writtenTopics, prodEnv, hasDatabase,
                restRoots, dockerfilePort, metrics, shutdownTimeoutSeconds, deletedTopics);
    }

    public ServiceModel withProdEnv(Set<String> env) {
        return new ServiceModel(module, name, port, managementPort, consumerGroups, readTopics, writtenTopics, env, hasDatabase,
                restRoots, dockerfilePort, metrics, shutdownTimeoutSeconds, deletedTopics);
    }
}
