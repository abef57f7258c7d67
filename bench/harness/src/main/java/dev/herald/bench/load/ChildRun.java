package dev.herald.bench.load;

import dev.herald.bench.broker.ChildProcesses;
import dev.herald.bench.broker.JavaCommand;
import dev.herald.bench.broker.ProcessStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Runs one client JVM (a Kafka tool or a probe) to completion and keeps its output. The child is killed if it
 * outlives its timeout or the calling thread is interrupted. Called from the harness's main thread.
 */
public final class ChildRun {

    private ChildRun() {
    }

    /**
     * What a finished client printed (stdout and stderr merged), its exit code, its wall-clock seconds and the CPU
     * seconds (user and system, all its threads, JVM start included) it used.
     */
    public record Output(String name, int exitCode, String text, double seconds, double cpuSeconds) {

        public boolean succeeded() {
            return exitCode == 0;
        }

        /** The last few lines, for error messages. */
        public String tail() {
            String[] lines = text.strip().split("\n");
            int from = Math.max(0, lines.length - 6);
            return String.join("\n", Arrays.copyOfRange(lines, from, lines.length));
        }
    }

    /**
     * Runs the client and waits for it. Its CPU time is what the kernel adds to the harness's exited-children total
     * when the client is reaped, so no other child of the harness may end meanwhile (brokers stay up while their
     * clients run, and clients run one at a time).
     */
    public static Output run(String name, JavaCommand command, Path directory, Duration timeout) {
        Path log = directory.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command.toList()).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        double childrenCpuBefore = ProcessStats.exitedChildrenCpuSeconds();
        long started = System.nanoTime();
        Process process = ChildProcesses.start(builder);
        try {
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            double seconds = (System.nanoTime() - started) / 1e9;
            if (!finished) {
                ChildProcesses.kill(process);
                return new Output(name, -1, read(log) + "\n(killed after " + timeout + ")", seconds, Double.NaN);
            }
            double cpuSeconds = ProcessStats.exitedChildrenCpuSeconds() - childrenCpuBefore;
            return new Output(name, process.exitValue(), read(log), seconds, cpuSeconds);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + name, e);
        } finally {
            if (process.isAlive()) {
                ChildProcesses.kill(process);
            }
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + log, e);
        }
    }
}
