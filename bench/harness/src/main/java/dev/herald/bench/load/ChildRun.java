package dev.herald.bench.load;

import dev.herald.bench.broker.ChildProcesses;
import dev.herald.bench.broker.JavaCommand;
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

    /** What a finished client printed (stdout and stderr merged), its exit code and its wall-clock seconds. */
    public record Output(String name, int exitCode, String text, double seconds) {

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

    public static Output run(String name, JavaCommand command, Path directory, Duration timeout) {
        Path log = directory.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command.toList()).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        long started = System.nanoTime();
        Process process = ChildProcesses.start(builder);
        try {
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            double seconds = (System.nanoTime() - started) / 1e9;
            if (!finished) {
                ChildProcesses.kill(process);
                return new Output(name, -1, read(log) + "\n(killed after " + timeout + ")", seconds);
            }
            return new Output(name, process.exitValue(), read(log), seconds);
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
