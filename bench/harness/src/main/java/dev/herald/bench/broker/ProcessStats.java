package dev.herald.bench.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory and CPU time of a live process, read from Linux's {@code /proc/<pid>/status} (VmRSS, in kB) and
 * {@code /proc/<pid>/stat} (utime and stime, fields 14 and 15, in clock ticks), and the CPU time of the harness's
 * exited children. Stateless; any thread.
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
        return seconds(Path.of("/proc", Long.toString(pid), "stat"), 14, 15);
    }

    /**
     * User plus system CPU seconds of this process's children that have exited and been waited for (cutime and
     * cstime, fields 16 and 17): the kernel adds a child's whole CPU time here when it is reaped, so the difference
     * across {@link Process#waitFor} of the only child that ended in between is that child's CPU time.
     */
    public static double exitedChildrenCpuSeconds() {
        return seconds(Path.of("/proc/self/stat"), 16, 17);
    }

    /** The sum of two tick fields of a stat file (numbered from 1, as in proc(5)), in seconds. */
    private static double seconds(Path stat, int firstField, int secondField) {
        String text = read(stat);
        // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one,
        // which start at field 3.
        String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[firstField - 3]) + Long.parseLong(fields[secondField - 3])) / TICKS_PER_SECOND;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + " (is the process still alive?)", e);
        }
    }
}
