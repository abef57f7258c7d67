package dev.herald.bench.broker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A broker (Herald or Apache Kafka) running in a child JVM, from the moment its process is created. Measures what
 * the harness reports about the process itself: start to ready (process creation to the broker's own ready line),
 * resident memory, CPU seconds, and shutdown time (SIGTERM to exit).
 *
 * <p>One thread copies the child's output into {@code broker.log} and watches for the ready line. The harness's
 * main thread calls everything else. {@link #close()} kills the process if {@link #stop} did not end it.
 */
public final class RunningBroker implements AutoCloseable {

    private final String bootstrapServers;
    private final Process process;
    private final long startedNanos;
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile long readyNanos;
    private final Path logFile;
    private final Optional<URI> metricsEndpoint;

    private RunningBroker(String bootstrapServers, Process process, long startedNanos, Path logFile,
                          Optional<URI> metricsEndpoint) {
        this.bootstrapServers = bootstrapServers;
        this.process = process;
        this.startedNanos = startedNanos;
        this.logFile = logFile;
        this.metricsEndpoint = metricsEndpoint;
    }

    /**
     * Starts {@code command} in {@code directory} and waits until a line of its output satisfies {@code readyLine}.
     * The output goes to {@code logName} in {@code directory}. {@code metricsEndpoint} is the broker's Prometheus
     * endpoint, where it has one the harness reads (Herald's).
     *
     * @throws IllegalStateException if the process exits or {@code timeout} passes first; the process is killed
     */
    public static RunningBroker start(JavaCommand command, Path directory, String logName, String bootstrapServers,
                                      Optional<URI> metricsEndpoint, Predicate<String> readyLine, Duration timeout) {
        Path logFile = directory.resolve(logName);
        ProcessBuilder builder = new ProcessBuilder(command.toList()).directory(directory.toFile())
                .redirectErrorStream(true);
        long started = System.nanoTime();
        Process process = ChildProcesses.start(builder);
        RunningBroker broker = new RunningBroker(bootstrapServers, process, started, logFile, metricsEndpoint);
        broker.copyOutput(readyLine);
        broker.awaitReady(timeout);
        return broker;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Where the broker's Prometheus metrics are served; empty for Kafka. */
    public Optional<URI> metricsEndpoint() {
        return metricsEndpoint;
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    public double startToReadyMs() {
        return (readyNanos - startedNanos) / 1e6;
    }

    public long residentBytes() {
        return ProcessStats.residentBytes(process.pid());
    }

    public double cpuSeconds() {
        return ProcessStats.cpuSeconds(process.pid());
    }

    /** Sends SIGTERM and returns the milliseconds until the process exited, or kills it after {@code timeout}. */
    public double stop(Duration timeout) {
        long signalled = System.nanoTime();
        // Through the handle: Process.destroy() also closes the child's stdin, which OrphanGuard takes for the
        // harness dying and halts the JVM, so the broker's shutdown would never run (nor its clean-shutdown marker).
        process.toHandle().destroy();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                ChildProcesses.kill(process);
                throw new IllegalStateException("broker pid " + process.pid() + " did not exit within " + timeout
                        + " of SIGTERM; killed it. Log: " + logFile);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the broker", e);
        }
        return (System.nanoTime() - signalled) / 1e6;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            ChildProcesses.kill(process);
        }
    }

    private void copyOutput(Predicate<String> readyLine) {
        Thread copier = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8)); Writer log = Files.newBufferedWriter(logFile)) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (ready.getCount() > 0 && readyLine.test(line)) {
                        readyNanos = System.nanoTime();
                        ready.countDown();
                    }
                    log.write(line);
                    log.write('\n');
                    log.flush();
                }
            } catch (IOException e) {
                // the process went away; awaitReady or stop reports it
            }
        }, "broker-output-" + process.pid());
        copier.setDaemon(true);
        copier.start();
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!ready.await(100, TimeUnit.MILLISECONDS)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    ChildProcesses.kill(process);
                    throw new IllegalStateException("broker did not print its ready line within " + timeout
                            + " (exit " + (process.isAlive() ? "none" : process.exitValue()) + "); log:\n" + tail());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ChildProcesses.kill(process);
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
