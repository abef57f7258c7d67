package dev.herald.bench.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory and CPU time of a live process, read from Linux's {@code /proc/<pid>/status} (VmRSS, in kB) and
 * {@code /proc/<pid>/stat} (utime and stime, fields 14 and 15, in clock ticks). Stateless; any thread.
 */
public final class ProcessStats {

    /** USER_HZ: Linux reports 100 ticks per second on every architecture the harness can run on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessStats() {
    }

    public static long residentBytes(long pid) {
        for (String line : read(Path.of("/proc", Long.toString(pid), "status")).split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS line in /proc/" + pid + "/status");
    }

    /** User plus system CPU seconds used by all threads of the process so far. */
    public static double cpuSeconds(long pid) {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long userTicks = Long.parseLong(fields[11]);
        long systemTicks = Long.parseLong(fields[12]);
        return (userTicks + systemTicks) / TICKS_PER_SECOND;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + " (is the process still alive?)", e);
        }
    }
}
