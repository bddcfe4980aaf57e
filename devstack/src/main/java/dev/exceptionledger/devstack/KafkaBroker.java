package dev.exceptionledger.devstack;

import dev.exceptionledger.contracts.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/** A real single-node KRaft broker in its own JVM, from Apache Kafka's jars. */
public final class KafkaBroker implements AutoCloseable {

    public static final int PORT = 9092;
    static final int CONTROLLER_PORT = 9093;
    private static final int PARTITIONS = 3;
    /**
     * Topic settings besides the broker's defaults. interactions.inbound holds what platforms publish in clear and
     * intake deletes what it has recorded (deleteRecords): short segments let the deleted records leave the disk.
     */
    private static final Map<String, Map<String, String>> TOPIC_CONFIGS = Map.of(
            Topics.INTERACTIONS_INBOUND, Map.of("segment.ms", String.valueOf(Duration.ofMinutes(10).toMillis())));

    private final Process process;

    private KafkaBroker(Process process) {
        this.process = process;
    }

    public static String bootstrapServers() {
        return "127.0.0.1:" + PORT;
    }

    /** A broker is already listening (the local stack, or a developer's): use it, and leave it running. */
    public static boolean isRunning() {
        return Ports.isOpen(PORT);
    }

    /** Starts a broker keeping its data in {@code dataDir} (formatted on first use), and creates the suite's topics. */
    public static KafkaBroker start(Path dataDir, Path logFile) throws IOException {
        Path config = dataDir.resolveSibling(dataDir.getFileName() + ".properties");
        Path log4j = dataDir.resolveSibling("kafka-log4j2.properties");
        Files.createDirectories(dataDir);
        Files.writeString(config, resource("kafka-server.properties")
                .replace("${port}", String.valueOf(PORT))
                .replace("${controllerPort}", String.valueOf(CONTROLLER_PORT))
                .replace("${dataDir}", dataDir.toString()));
        Files.writeString(log4j, resource("kafka-log4j2.properties"));
        String classpath = DevStackPaths.kafkaLibs().resolve("*").toString();
        List<String> java = List.of(DevStackPaths.java().toString(), "-Dlog4j2.configurationFile=" + log4j, "-cp", classpath);

        if (!Files.exists(dataDir.resolve("meta.properties"))) {
            run(concat(java, "kafka.tools.StorageTool", "format", "-t", clusterId(java), "-c", config.toString()), logFile);
        }
        Process process = new ProcessBuilder(concat(concat(java, "-Xms128m", "-Xmx512m"), "kafka.Kafka", config.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        KafkaBroker broker = new KafkaBroker(process);
        try {
            Ports.await("Kafka broker (log: " + logFile + ")", Duration.ofSeconds(90), KafkaBroker::isRunning, process);
            createTopics();
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    /** Creates every topic of the suite that does not exist yet, so no consumer subscribes to a missing one. */
    public static void createTopics() {
        createTopics(PARTITIONS);
    }

    /**
     * Creates every missing topic of the suite with at least {@code partitions} partitions, and adds partitions to
     * those with fewer: N instances of a service consume in parallel only with N partitions or more.
     */
    public static void createTopics(int partitions) {
        int wanted = Math.max(PARTITIONS, partitions);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            List<String> present = new ArrayList<>();
            for (String topic : allTopics()) {
                if (existing.contains(topic)) {
                    present.add(topic);
                } else {
                    missing.add(new NewTopic(topic, wanted, (short) 1).configs(TOPIC_CONFIGS.get(topic)));
                }
            }
            try {
                admin.createTopics(missing).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                    throw e;
                }
            }
            Map<String, NewPartitions> grow = new HashMap<>();
            admin.describeTopics(present).allTopicNames().get().forEach((topic, description) -> {
                if (description.partitions().size() < wanted) {
                    grow.put(topic, NewPartitions.increaseTo(wanted));
                }
            });
            if (!grow.isEmpty()) {
                admin.createPartitions(grow).all().get();
            }
            // a topic created before a setting was added gets it too
            Map<ConfigResource, Collection<AlterConfigOp>> settings = new HashMap<>();
            TOPIC_CONFIGS.forEach((topic, configs) -> settings.put(new ConfigResource(ConfigResource.Type.TOPIC, topic),
                    configs.entrySet().stream().map(c -> new AlterConfigOp(new ConfigEntry(c.getKey(), c.getValue()),
                            AlterConfigOp.OpType.SET)).toList()));
            admin.incrementalAlterConfigs(settings).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create the suite's topics", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> allTopics() {
        List<String> topics = new ArrayList<>(Topics.LEDGER_INPUTS);
        topics.add(Topics.INTERACTIONS_INBOUND);
        topics.add(Topics.CLASSIFIER_FEEDBACK);
        topics.add(Topics.SUBJECTS_ERASED);
        return topics;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        Ports.stop(process, Duration.ofSeconds(20));
    }

    @Override
    public String toString() {
        return "Kafka broker (pid " + process.pid() + ")";
    }

    private static String clusterId(List<String> java) throws IOException {
        Process p = new ProcessBuilder(concat(java, "kafka.tools.StorageTool", "random-uuid")).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        String[] lines = out.split("\\R");
        return lines[lines.length - 1].trim();
    }

    private static void run(List<String> command, Path logFile) throws IOException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed; see " + logFile);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = KafkaBroker.class.getResourceAsStream("/devstack/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
