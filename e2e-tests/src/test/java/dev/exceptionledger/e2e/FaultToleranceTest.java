package dev.exceptionledger.e2e;

import dev.exceptionledger.bench.load.LoadGenerator;
import dev.exceptionledger.bench.load.LoadGenerator.Send;
import dev.exceptionledger.bench.load.LoadReport;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.devstack.DevStackPaths;
import dev.exceptionledger.devstack.KafkaBroker;
import dev.exceptionledger.devstack.Postgres;
import dev.exceptionledger.devstack.Service;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Under a steady load, every process of the suite crashes in turn and comes back: each service (kill -9, then
 * {@code deploy/local/run start}), the Kafka broker (kill -9; devstack restarts it) and PostgreSQL (immediate
 * shutdown and start of the system cluster). Afterwards the ledger must account for every interaction that got a 202:
 * received, classified and routed exactly once; requests refused meanwhile must have been refused cleanly.
 * <p>
 * Recovery time of a fault = from the crash to the ledger's recording of the first routing decision of an
 * interaction accepted after the crash: the moment the whole pipeline is deciding fresh traffic again.
 */
@ExtendWith(LocalSuite.class)
class FaultToleranceTest {

    private static final double RATE = 20;
    private static final Duration RECOVERY_LIMIT = Duration.ofMinutes(3);

    /** One injected fault: when it hit, when the process was back, and when fresh traffic was routed again. */
    private record Fault(String name, Instant at, Instant back, Instant recovered) {
        /** An answer at {@code t} came while the process was down (a 503 may come up to intake's 15 s later). */
        boolean covers(Instant t) {
            return !t.isBefore(at) && !t.isAfter(back.plusSeconds(20));
        }
    }

    @Test
    void everyAcceptedInteractionIsClassifiedAndRoutedExactlyOnceWhileEachProcessCrashesAndRestarts() throws Exception {
        LoadGenerator load = new LoadGenerator(RATE, 0.3);
        // stopped after the last fault; the duration only bounds it
        load.start(Duration.ofMinutes(15));
        List<Fault> faults = new ArrayList<>();
        awaitRoutedAfter(load, load.startedAt());
        for (Service service : Service.values()) {
            faults.add(inject(load, service.module, () -> {
                ProcessHandle process = ProcessHandle.of(pidOf(service)).orElseThrow();
                process.destroyForcibly();
                await().atMost(Duration.ofSeconds(10)).until(() -> !process.isAlive());
                LocalSuite.run("start", 5);
            }));
        }
        faults.add(inject(load, "kafka", FaultToleranceTest::crashKafka));
        faults.add(inject(load, "postgresql", () -> assertTrue(Postgres.restartSystemCluster(),
                "PostgreSQL is not a system cluster: the fault tests need one (see .ci/run)")));
        Instant lastFault = Instant.now();
        await().atMost(Duration.ofSeconds(20)).pollDelay(Duration.ofSeconds(10)).until(() -> true);
        load.stop();

        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(3)).ignoreExceptions().until(() -> {
            Map<String, Instant> routed = load.routed();
            return load.sends().stream().filter(Send::accepted).allMatch(s -> routed.containsKey(s.interactionId()));
        });
        List<Send> sends = load.sends();
        LoadReport report = LoadReport.of(load, Duration.between(load.startedAt(), lastFault), sends, load.ledger(),
                Map.of(), Map.of(), Map.of(), Map.of());
        print(faults, sends, report);

        assertTrue(report.accepted() > RATE * 60, "too little load got through: " + report.accepted());
        assertEquals(0, report.lost(), "accepted but never routed: " + report.examples());
        assertEquals(0, report.notClassified(), "accepted but never classified");
        assertEquals(0, report.duplicates(), "received, classified or routed twice: " + report.examples());
        for (Send send : sends) {
            if (send.accepted()) {
                continue;
            }
            assertTrue(send.status() != Send.TIMED_OUT, "a request hung for " + LoadGenerator.REQUEST_TIMEOUT + ": " + send);
            // with intake itself down there is nobody to answer: the connection is refused or reset
            boolean intakeDown = send.status() == Send.NO_ANSWER && faults.stream()
                    .anyMatch(f -> f.name().equals(Service.INTAKE.module) && f.covers(send.answeredAt()));
            boolean cleanRefusal = send.status() == 503 && send.contentType().startsWith("application/problem+json");
            assertTrue(intakeDown || cleanRefusal, "not a clean refusal: " + send + " during "
                    + faults.stream().filter(f -> f.covers(send.answeredAt())).map(Fault::name).findFirst().orElse("no fault"));
        }
    }

    private interface Injection {
        void run() throws Exception;
    }

    /** Injects a fault under load and waits until an interaction accepted after it was routed. */
    private static Fault inject(LoadGenerator load, String name, Injection injection) throws Exception {
        Instant at = Instant.now();
        injection.run();
        Instant back = Instant.now();
        Instant recovered = awaitRoutedAfter(load, at);
        System.out.printf("fault %-20s back after %5.1f s, routing fresh traffic after %5.1f s%n", name,
                seconds(at, back), seconds(at, recovered));
        // a few seconds of steady traffic between two faults
        await().pollDelay(Duration.ofSeconds(5)).until(() -> true);
        return new Fault(name, at, back, recovered);
    }

    /** When the ledger recorded the first routing decision of an interaction accepted after {@code after}. */
    private static Instant awaitRoutedAfter(LoadGenerator load, Instant after) {
        // the ledger itself may be down for a while
        return await().atMost(RECOVERY_LIMIT).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
            Map<String, Instant> routed = load.routed();
            return load.sends().stream().filter(Send::accepted).filter(s -> s.answeredAt().isAfter(after))
                    .map(s -> routed.get(s.interactionId())).filter(t -> t != null).min(Instant::compareTo);
        }, Optional::isPresent).orElseThrow();
    }

    /**
     * kill -9 of the broker. The devstack of {@code deploy/local/run} restarts a broker it started itself; one it
     * found running (started by an earlier devstack, say) is started again here with its own command line.
     */
    private static void crashKafka() throws Exception {
        ProcessHandle broker = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("kafka.Kafka "))
                .findFirst().orElseThrow(() -> new AssertionError("no Kafka broker process"));
        long devstack = Long.parseLong(Files.readString(DevStackPaths.home().resolve("devstack.pid")).trim());
        boolean supervised = broker.parent().map(p -> p.pid() == devstack).orElse(false);
        List<String> command = new ArrayList<>();
        command.add(broker.info().command().orElseThrow());
        command.addAll(List.of(broker.info().arguments().orElseThrow()));
        Path cwd = Path.of("/proc", Long.toString(broker.pid()), "cwd").toRealPath();
        broker.destroyForcibly();
        await().atMost(Duration.ofSeconds(10)).until(() -> !broker.isAlive() && !KafkaBroker.isRunning());
        if (!supervised) {
            new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(DevStackPaths.home().resolve("logs/kafka.log").toFile()))
                    .start();
        }
        await().atMost(Duration.ofSeconds(90)).until(KafkaBroker::isRunning);
    }

    private static long pidOf(Service service) throws Exception {
        return Long.parseLong(Files.readString(DevStackPaths.home().resolve(service.module + ".pid")).trim());
    }

    private static void print(List<Fault> faults, List<Send> sends, LoadReport report) {
        System.out.println("fault                  back (s)  recovery (s)  refused meanwhile");
        for (Fault f : faults) {
            long refused = sends.stream().filter(s -> !s.accepted() && f.covers(s.answeredAt())).count();
            System.out.printf("%-20s %10.1f %13.1f %18d%n", f.name(), seconds(f.at(), f.back()),
                    seconds(f.at(), f.recovered()), refused);
        }
        System.out.println(Json.write(report));
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }
}
