package dev.exceptionledger.bench.load;

import dev.exceptionledger.devstack.DevStackPaths;
import dev.exceptionledger.devstack.Service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The suite's processes as /proc shows them: the five services (pids in .devstack/, every instance of a service
 * summed under its name), Kafka, Keycloak and PostgreSQL
 * (found by command line), and this JVM. Samples their memory twice a second and keeps each one's peak: a JVM's figure
 * is its resident set (VmRSS); PostgreSQL's is the sum over its processes of their proportional set size (Pss), which
 * counts the shared buffers once instead of once per backend. Reads their CPU time on demand (user + system, and for
 * PostgreSQL also what its exited backends spent, which the postmaster's children's time holds), so that a run can
 * say what each process spent per interaction.
 */
public final class SuiteProcesses implements AutoCloseable {

    /** The name of this JVM's figures: the load generator's, not the suite's. */
    public static final String LOADGEN = "loadgen";

    /** clock ticks per second of /proc/<pid>/stat's times: USER_HZ, 100 on Linux on every architecture we run on */
    private static final double TICKS_PER_SECOND = 100;

    private final Map<String, Long> peakKb = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rss-sampler");
        t.setDaemon(true);
        return t;
    });

    public SuiteProcesses start() {
        sampler.scheduleWithFixedDelay(this::sample, 0, 500, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Peak per process, in MB. */
    public Map<String, Long> peakMb() {
        Map<String, Long> mb = new TreeMap<>();
        peakKb.forEach((name, kb) -> mb.put(name, Math.round(kb / 1024.0)));
        return mb;
    }

    /** CPU time spent so far per process, in milliseconds. */
    public static Map<String, Double> cpuMillis() {
        Map<String, Double> millis = new TreeMap<>();
        processes().forEach((name, pids) -> millis.put(name, pids.stream()
                .mapToDouble(pid -> cpuTicks(pid, name.equals("postgresql")) * 1000 / TICKS_PER_SECOND).sum()));
        return millis;
    }

    /**
     * CPU milliseconds per interaction between two {@link #cpuMillis()} readings, per process and as {@code total}
     * over the suite's processes (this JVM shown, not counted).
     */
    public static Map<String, Double> cpuMillisPer(Map<String, Double> before, Map<String, Double> after,
                                                   long interactions) {
        Map<String, Double> per = new TreeMap<>();
        double total = 0;
        for (Map.Entry<String, Double> e : after.entrySet()) {
            double spent = (e.getValue() - before.getOrDefault(e.getKey(), 0.0)) / Math.max(1, interactions);
            per.put(e.getKey(), Math.round(spent * 100) / 100.0);
            total += e.getKey().equals(LOADGEN) ? 0 : spent;
        }
        per.put("total", Math.round(total * 100) / 100.0);
        return per;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }

    private void sample() {
        Map<String, Long> now = new TreeMap<>();
        processes().forEach((name, pids) -> now.put(name, pids.stream()
                .mapToLong(pid -> name.equals("postgresql") ? rollup(pid, "Pss") : status(pid, "VmRSS")).sum()));
        now.forEach((name, kb) -> peakKb.merge(name, kb, Math::max));
    }

    /** The pids of each of the suite's processes by name; a process that ends while it is read is left out. */
    private static Map<String, List<Long>> processes() {
        Map<String, List<Long>> found = new TreeMap<>();
        for (Service service : Service.values()) {
            List<Long> instances = instancePids(service.module);
            if (!instances.isEmpty()) {
                found.put(service.module, instances);
            }
        }
        found.put(LOADGEN, List.of(ProcessHandle.current().pid()));
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                long pid = Long.parseLong(p.getFileName().toString());
                String cmdline = read(p.resolve("cmdline")).replace('\0', ' ');
                String name = cmdline.contains("kafka.Kafka ") ? "kafka"
                        : cmdline.contains("-Dkc.home.dir") ? "keycloak"
                        : read(p.resolve("comm")).trim().equals("postgres") ? "postgresql" : null;
                if (name != null) {
                    found.computeIfAbsent(name, n -> new ArrayList<>()).add(pid);
                }
            });
        } catch (IOException | RuntimeException e) {
            // a process that ends while /proc is listed is simply not counted this time
        }
        return found;
    }

    /** utime + stime of /proc/<pid>/stat, with cutime + cstime (its reaped children's) when asked; 0 if gone. */
    private static long cpuTicks(long pid, boolean withReapedChildren) {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        int end = stat.lastIndexOf(')');
        if (end < 0) {
            return 0;
        }
        // after "pid (comm) ": state is field 3, utime 14, stime 15, cutime 16, cstime 17
        String[] fields = stat.substring(end + 2).trim().split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return withReapedChildren ? ticks + Long.parseLong(fields[13]) + Long.parseLong(fields[14]) : ticks;
    }
    /** Every instance's pid (deploy/local/run's intake-service.pid, intake-service-2.pid, …); a service counts as one. */
    private static List<Long> instancePids(String module) {
        Pattern instanceFile = Pattern.compile(Pattern.quote(module) + "(-\\d+)?\\.pid");
        try (Stream<Path> files = Files.list(DevStackPaths.home())) {
            return files.filter(f -> instanceFile.matcher(f.getFileName().toString()).matches())
                    .map(f -> read(f).trim()).filter(pid -> !pid.isEmpty()).map(Long::parseLong).toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
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
