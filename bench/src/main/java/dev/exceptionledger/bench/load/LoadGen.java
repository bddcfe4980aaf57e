package dev.exceptionledger.bench.load;

import dev.exceptionledger.contracts.Json;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bench/loadgen --rate R --duration D [--report out.json] [--drain D] [--exceptions 0.3]}: sends interactions
 * to the running suite at R per second for D (e.g. 60s, 5m), waits until the ledger routed every accepted one (at
 * most the drain time), reconciles, prints the report and writes it as JSON. Exits 1 if anything was lost or
 * duplicated.
 */
public final class LoadGen {
    private LoadGen() { }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        double rate = Double.parseDouble(options.getOrDefault("rate", "100"));
        Duration duration = duration(options.getOrDefault("duration", "60s"));
        Duration drain = duration(options.getOrDefault("drain", "120s"));
        double exceptions = Double.parseDouble(options.getOrDefault("exceptions", "0.3"));

        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("memTotalGb", Math.round(Files.readAllLines(Path.of("/proc/meminfo")).stream()
                .filter(l -> l.startsWith("MemTotal:")).mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
                .findFirst().orElse(0) / 1048576.0));
        machine.put("loadAverageBefore", loadAverage());
        machine.put("startedAt", Instant.now().toString());
        // the instances of each service (deploy/local/run start --replicas N): requests go to the intakes in turn
        int instances = Integer.parseInt(options.getOrDefault("instances", "1"));
        machine.put("instancesPerService", instances);
        // bench/loadgen --cold: the suite was (re)started just before, ready after this many seconds
        if (options.containsKey("cold-start-seconds")) {
            machine.put("coldStartSeconds", Double.parseDouble(options.get("cold-start-seconds")));
            machine.put("loadAfterSeconds", Integer.parseInt(options.getOrDefault("load-after-seconds", "0")));
        }
        LoadGenerator load = new LoadGenerator(rate, exceptions, instances);
        try (SuiteProcesses processes = new SuiteProcesses().start()) {
            System.out.printf("loadgen: %.0f interactions/s for %d s, %.0f%% exceptional%n", rate, duration.toSeconds(),
                    exceptions * 100);
            Map<String, Double> cpuBefore = SuiteProcesses.cpuMillis();
            load.start(duration);
            Instant end = load.startedAt().plus(duration);
            while (Instant.now().isBefore(end)) {
                Thread.sleep(Math.min(5000, Math.max(1, Duration.between(Instant.now(), end).toMillis())));
                progress(load);
            }
            load.stop();
            Instant drainEnd = Instant.now().plus(drain);
            while (drainProgress(load) > 0 && Instant.now().isBefore(drainEnd)) {
                Thread.sleep(2000);
            }
            Map<String, Double> cpuAfter = SuiteProcesses.cpuMillis();
            machine.put("loadAverageAfter", loadAverage());
            LoadReport report = LoadReport.of(load, duration, load.sends(), load.ledger(), processes.peakMb(),
                    cpuBefore, cpuAfter, machine);
            String json = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report);
            System.out.println(json);
            System.out.println("CPU ms per accepted interaction: " + report.cpuMillisPerInteraction().entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue()).collect(java.util.stream.Collectors.joining(", ")));
            if (options.containsKey("report")) {
                Path out = Path.of(options.get("report"));
                if (out.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(out.toAbsolutePath().getParent());
                }
                Files.writeString(out, json + "\n");
                System.out.println("report written to " + out);
            }
            System.exit(report.lost() == 0 && report.duplicates() == 0 ? 0 : 1);
        }
    }

    /**
     * One progress line while sending: the answers only. Reading the ledger then (every 5 s, through its replay, each
     * event's personal values opened) would be load of the measurement's own on the suite it measures, on a cold path
     * in a suite just started.
     */
    private static void progress(LoadGenerator load) {
        System.out.println(answers(load, "load "));
    }

    /** One progress line while draining, with what the ledger has routed; returns how many are not routed yet. */
    private static long drainProgress(LoadGenerator load) {
        String line = answers(load, "drain");
        List<LoadGenerator.Send> sends = load.sends();
        Map<String, Instant> routed = load.routed();
        long accepted = sends.stream().filter(LoadGenerator.Send::accepted).count();
        long pending = sends.stream().filter(s -> s.accepted() && !routed.containsKey(s.interactionId())).count();
        System.out.printf("%s  routed %7d  not yet routed %6d%n", line, accepted - pending, pending);
        return pending;
    }

    private static String answers(LoadGenerator load, String phase) {
        int inFlight = load.inFlight();
        List<LoadGenerator.Send> sends = load.sends();
        long accepted = sends.stream().filter(LoadGenerator.Send::accepted).count();
        return String.format("%s %5d s  sent %7d  accepted %7d  refused %5d  in flight %4d", phase,
                Duration.between(load.startedAt(), Instant.now()).toSeconds(), sends.size() + inFlight, accepted,
                sends.size() - accepted, inFlight);
    }

    private static double loadAverage() {
        return Math.round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() * 100) / 100.0;
    }

    static Duration duration(String text) {
        String t = text.trim().toLowerCase();
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        long n = Long.parseLong(t.replaceAll("[smh]$", ""));
        return switch (t.charAt(t.length() - 1)) {
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                System.err.println("usage: bench/loadgen --rate R --duration D [--report out.json] [--drain D] "
                        + "[--exceptions SHARE] [--instances N] [--cold]");
                System.exit(2);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }
}
