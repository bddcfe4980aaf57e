package dev.exceptionledger.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU a process used, from /proc (Linux): with other work on the machine, wall-clock rates understate a service. */
public final class ProcessCpu {

    private ProcessCpu() { }

    /** User + system CPU seconds of a process so far. */
    public static double seconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // utime and stime are fields 14 and 15 of the line, 12 and 13 after "pid (comm) state"; 100 ticks a second
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (IOException e) {
            throw new UncheckedIOException("no CPU figures for process " + pid, e);
        }
    }
}
