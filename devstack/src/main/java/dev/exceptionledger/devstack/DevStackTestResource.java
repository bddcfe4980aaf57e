package dev.exceptionledger.devstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} a real Kafka broker and real PostgreSQL: the ones already running if there are
 * any (the local stack), else started here and stopped afterwards.
 * <p>
 * Arg {@code database}: the service whose database the test needs; the test gets {@code <database>_test}, created if
 * missing and configured as the default datasource. A database of the tests' own: what they store (test taxonomies and
 * policies activated, synthetic interactions) never reaches the local run's, and never the other way round.
 */
public class DevStackTestResource implements QuarkusTestResourceLifecycleManager {

    private String database;
    private KafkaBroker broker;
    private Path brokerData;
    private Postgres postgres;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.get("database") == null ? null : testDatabase(initArgs.get("database"));
    }

    /** The tests' own database for a service's: e.g. {@code classifier_test} for {@code classifier}. */
    private static String testDatabase(String service) {
        return service + "_test";
    }

    @Override
    public Map<String, String> start() {
        try {
            Path home = Files.createDirectories(DevStackPaths.home().resolve("test"));
            if (!KafkaBroker.isRunning()) {
                // a fresh broker per test run: no records left over from earlier runs
                brokerData = Files.createTempDirectory(home, "kafka-");
                broker = KafkaBroker.start(brokerData, home.resolve("kafka.log"));
            } else {
                KafkaBroker.createTopics();
            }
            Map<String, String> config = new HashMap<>();
            config.put("kafka.bootstrap.servers", KafkaBroker.bootstrapServers());
            if (database != null) {
                postgres = Postgres.ensure(home, List.of(database));
                config.put("quarkus.datasource.jdbc.url", Postgres.jdbcUrl(database));
                config.put("quarkus.datasource.username", Postgres.USER);
                config.put("quarkus.datasource.password", Postgres.PASSWORD);
            }
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        try {
            if (broker != null) {
                broker.close();
                Files.deleteIfExists(brokerData.resolveSibling(brokerData.getFileName() + ".properties"));
                DevStackPaths.deleteTree(brokerData);
            }
            if (postgres != null) {
                postgres.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
