package dev.exceptionledger.bench.load;

import dev.exceptionledger.devstack.DevStackPaths;
import dev.exceptionledger.devstack.Service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Samples the memory of the suite's processes from /proc twice a second and keeps each one's peak: the five services
 * (pids in .devstack/), Kafka, Keycloak and PostgreSQL (found by command line), and this JVM. A JVM's figure is its
 * resident set (VmRSS); PostgreSQL's is the sum over its processes of their proportional set size (Pss), which counts
 * the shared buffers once instead of once per backend.
 */
public final class ProcessMemory implements AutoCloseable {

    private final Map<String, Long> peakKb = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rss-sampler");
        t.setDaemon(true);
        return t;
    });

    public ProcessMemory start() {
        sampler.scheduleWithFixedDelay(this::sample, 0, 500, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Peak per process, in MB. */
    public Map<String, Long> peakMb() {
        Map<String, Long> mb = new TreeMap<>();
        peakKb.forEach((name, kb) -> mb.put(name, Math.round(kb / 1024.0)));
        return mb;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }

    private void sample() {
        Map<String, Long> now = new TreeMap<>();
        for (Service service : Service.values()) {
            pidFile(service.module).ifPresent(pid -> now.put(service.module, status(pid, "VmRSS")));
        }
        now.put("loadgen", status(ProcessHandle.current().pid(), "VmRSS"));
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                long pid = Long.parseLong(p.getFileName().toString());
                String cmdline = read(p.resolve("cmdline")).replace('\0', ' ');
                if (cmdline.contains("kafka.Kafka ")) {
                    now.merge("kafka", status(pid, "VmRSS"), Long::sum);
                } else if (cmdline.contains("-Dkc.home.dir")) {
                    now.merge("keycloak", status(pid, "VmRSS"), Long::sum);
                } else if (read(p.resolve("comm")).trim().equals("postgres")) {
                    now.merge("postgresql", rollup(pid, "Pss"), Long::sum);
                }
            });
        } catch (IOException | RuntimeException e) {
            // a process that ends while it is read is simply not counted in this sample
        }
        now.forEach((name, kb) -> peakKb.merge(name, kb, Math::max));
    }

    private static java.util.Optional<Long> pidFile(String module) {
        String pid = read(DevStackPaths.home().resolve(module + ".pid")).trim();
        return pid.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(Long.parseLong(pid));
    }

    private static long status(long pid, String field) {
        return field(read(Path.of("/proc", Long.toString(pid), "status")), field);
    }

    private static long rollup(long pid, String field) {
        return field(read(Path.of("/proc", Long.toString(pid), "smaps_rollup")), field);
    }

    /** A "Name:   1234 kB" line's number, 0 if absent. */
    private static long field(String text, String name) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
