package dev.exceptionledger.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The local stack for {@code deploy/local/run}: Kafka, PostgreSQL and Keycloak, each reused when already
 * running. Stays in the foreground and stops what it started when it is terminated.
 */
public final class DevStack {
    private DevStack() { }

    /** One database per service that keeps state. */
    public static final List<String> DATABASES = List.of("intake", "routing", "ledger", "review");

    public static void main(String[] args) throws Exception {
        Path home = Files.createDirectories(DevStackPaths.home());
        Path logs = Files.createDirectories(home.resolve("logs"));
        List<AutoCloseable> started = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> closeAll(started)));

        if (KafkaBroker.isRunning()) {
            KafkaBroker.createTopics();
            System.out.println("kafka: already running on " + KafkaBroker.bootstrapServers());
        } else {
            started.add(KafkaBroker.start(home.resolve("kafka-data"), logs.resolve("kafka.log")));
            System.out.println("kafka: started on " + KafkaBroker.bootstrapServers());
        }
        Postgres postgres = Postgres.ensure(home, DATABASES);
        started.add(postgres);
        System.out.println("postgresql: " + (postgres.isEmbedded() ? "embedded" : "system") + " on port " + Postgres.PORT
                + ", databases " + DATABASES);
        if (Keycloak.isRunning()) {
            System.out.println("keycloak: already running at " + Keycloak.realmUrl());
        } else {
            started.add(Keycloak.start(logs.resolve("keycloak.log")));
            System.out.println("keycloak: started at " + Keycloak.realmUrl());
        }
        System.out.println("devstack ready");
        Thread.currentThread().join();
    }

    private static void closeAll(List<AutoCloseable> started) {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("stopping " + started.get(i) + ": " + e);
            }
        }
    }
}
