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
    public static final List<String> DATABASES = List.of("intake", "classifier", "routing", "ledger", "review");

    public static void main(String[] args) throws Exception {
        Path home = Files.createDirectories(DevStackPaths.home());
        Path logs = Files.createDirectories(home.resolve("logs"));
        List<AutoCloseable> started = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (started) {
                stopping = true;
                closeAll(started);
            }
        }));

        KafkaBroker broker = null;
        if (KafkaBroker.isRunning()) {
            KafkaBroker.createTopics();
            System.out.println("kafka: already running on " + KafkaBroker.bootstrapServers());
        } else {
            broker = KafkaBroker.start(home.resolve("kafka-data"), logs.resolve("kafka.log"));
            started.add(broker);
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
        // like a process supervisor: a broker of ours that dies (a crash, or the fault tests' kill -9) is started
        // again on the same data
        while (true) {
            Thread.sleep(1000);
            synchronized (started) {
                if (broker != null && !broker.isAlive() && !stopping) {
                    System.out.println("kafka: " + broker + " exited; restarting");
                    try {
                        KafkaBroker restarted = KafkaBroker.start(home.resolve("kafka-data"), logs.resolve("kafka.log"));
                        started.set(started.indexOf(broker), restarted);
                        broker = restarted;
                        System.out.println("kafka: restarted on " + KafkaBroker.bootstrapServers());
                    } catch (RuntimeException | java.io.IOException e) {
                        System.out.println("kafka: restart failed, trying again: " + e.getMessage());
                    }
                }
            }
        }
    }

    private static volatile boolean stopping;

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
