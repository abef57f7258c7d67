package dev.herald.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Facts about this machine and run that a reader needs to judge the figures: CPU, memory, kernel, JDK, the file
 * system under the data folder, load average, and the Herald commit measured. Read from /proc and the JVM; every
 * fact that cannot be read is "unknown". Stateless.
 */
public final class MachineFacts {

    private MachineFacts() {
    }

    public static void collect(Map<String, String> facts, Path dataFolder, Path repository) {
        facts.put("cpu", firstValue(Path.of("/proc/cpuinfo"), "model name"));
        facts.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        facts.put("memory", firstValue(Path.of("/proc/meminfo"), "MemTotal"));
        facts.put("kernel", read(Path.of("/proc/sys/kernel/osrelease")));
        facts.put("java", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version"));
        facts.put("data_folder", dataFolder + " on " + fileSystem(dataFolder));
        facts.put("cpu_pinning", "none");
        // The harness's own output folder is left out: a previous run's results there do not change what is measured.
        facts.put("herald_commit", command(repository, "git", "rev-parse", "--short", "HEAD")
                + (command(repository, "git", "status", "--porcelain", "--untracked-files=no", "--", ".",
                        ":(exclude)docs/benchmarks").isBlank() ? "" : " (with uncommitted changes)"));
        facts.put("load_average_at_start", loadAverage());
    }

    /** The 1, 5 and 15 minute load averages. */
    public static String loadAverage() {
        String[] fields = read(Path.of("/proc/loadavg")).split(" ");
        return fields.length >= 3 ? fields[0] + " " + fields[1] + " " + fields[2] : "unknown";
    }

    private static String fileSystem(Path folder) {
        String best = "unknown";
        int bestLength = -1;
        String absolute = folder.toAbsolutePath().toString();
        for (String line : read(Path.of("/proc/mounts")).split("\n")) {
            String[] fields = line.split(" ");
            if (fields.length > 2 && absolute.startsWith(fields[1]) && fields[1].length() > bestLength) {
                bestLength = fields[1].length();
                best = fields[2] + " (" + fields[0] + " at " + fields[1] + ")";
            }
        }
        return best;
    }

    private static String firstValue(Path file, String key) {
        for (String line : read(file).split("\n")) {
            if (line.startsWith(key)) {
                return line.substring(line.indexOf(':') + 1).strip();
            }
        }
        return "unknown";
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String command(Path directory, String... command) {
        try {
            Process process = new ProcessBuilder(List.of(command)).directory(directory.toFile())
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes()).strip();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0 ? output : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
