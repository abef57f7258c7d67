package dev.herald.compat;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a third-party client (kcat, python, node, a Kafka tool JVM) as a child process with a hard timeout.
 * Output goes to temporary files, never to pipes, so a chatty child can never block on a full pipe; the files are
 * deleted once read. A child that outlives its timeout is killed with all its descendants and the test fails with
 * what it printed so far. Not thread-safe; one instance per command.
 */
final class ExternalCommand {

    /** What a finished command printed and returned. */
    record Result(List<String> command, int exitCode, String stdout, String stderr) {

        /** Fails the test unless the command exited with 0. */
        Result assertSuccess() {
            if (exitCode != 0) {
                fail(describe("exited with " + exitCode));
            }
            return this;
        }

        List<String> stdoutLines() {
            return stdout.lines().toList();
        }

        String describe(String what) {
            // A JVM's classpath runs to thousands of characters and hides the arguments that matter.
            List<String> shown = command.stream().map(a -> a.length() > 300 ? "<" + a.length() + " characters>" : a).toList();
            return String.join(" ", shown) + "\n" + what + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n"
                    + stderr;
        }
    }

    private final List<String> command;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Duration timeout = Duration.ofSeconds(60);
    private String stdin = "";
    private Path directory;
    private Path scratch;

    private ExternalCommand(List<String> command) {
        this.command = command;
    }

    static ExternalCommand of(String... command) {
        return new ExternalCommand(List.of(command));
    }

    static ExternalCommand of(List<String> command) {
        return new ExternalCommand(List.copyOf(command));
    }

    ExternalCommand timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    ExternalCommand stdin(String text) {
        this.stdin = text;
        return this;
    }

    ExternalCommand env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    ExternalCommand directory(Path directory) {
        this.directory = directory;
        return this;
    }

    /** A folder of the child's (its temporary files) to delete with everything else when it is done. */
    ExternalCommand scratch(Path folder) {
        this.scratch = folder;
        return this;
    }

    /** Runs to completion; fails the test if it takes longer than the timeout. */
    Result run() {
        Running running = start();
        return running.await(timeout);
    }

    /** Starts without waiting, for children that must run alongside the test (close the result to kill them). */
    Running start() {
        try {
            Path out = Files.createTempFile("herald-compat-", ".out");
            Path err = Files.createTempFile("herald-compat-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().putAll(environment);
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            Process process = builder.start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            } catch (IOException closedEarly) {
                // the child did not read its stdin; its exit code and output tell the story
            }
            return new Running(command, process, out, err, scratch);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command, e);
        }
    }

    /** A started child. {@link #close()} kills it (and its descendants) and deletes its output files. */
    static final class Running implements AutoCloseable {
        private final List<String> command;
        private final Process process;
        private final Path out;
        private final Path err;
        private final Path scratch;

        private Running(List<String> command, Process process, Path out, Path err, Path scratch) {
            this.command = command;
            this.process = process;
            this.out = out;
            this.err = err;
            this.scratch = scratch;
        }

        /** What the child has printed to stdout so far. */
        String stdoutSoFar() {
            return read(out);
        }

        boolean isAlive() {
            return process.isAlive();
        }

        Result await(Duration timeout) {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    kill();
                    String message = new Result(command, -1, read(out), read(err))
                            .describe("did not finish within " + timeout + " and was killed");
                    close();
                    fail(message);
                }
                Result result = new Result(command, process.exitValue(), read(out), read(err));
                close();
                return result;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while waiting for " + command, e);
            }
        }

        /** Kills the child and collects what it printed. */
        Result stop() {
            kill();
            Result result = new Result(command, process.exitValue(), read(out), read(err));
            close();
            return result;
        }

        @Override
        public void close() {
            kill();
            try {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
                if (scratch != null) {
                    try (var paths = Files.walk(scratch)) {
                        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                            Files.deleteIfExists(path);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void kill() {
            List<ProcessHandle> descendants = new ArrayList<>(process.descendants().toList());
            process.destroyForcibly();
            descendants.forEach(ProcessHandle::destroyForcibly);
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static String read(Path file) {
            try {
                return Files.exists(file) ? Files.readString(file) : "";
            } catch (IOException e) {
                return "(could not read " + file + ": " + e + ")";
            }
        }
    }

    /**
     * The executable at {@code path}, or a test failure telling how to install it. Compatibility tests must never
     * pass without the client they claim to test.
     */
    static String require(String path, String whatToInstall) {
        if (!Files.isExecutable(Path.of(path))) {
            fail(path + " is missing: install " + whatToInstall + " (as root, `.ci/install-test-deps` installs every "
                    + "client the compatibility tests drive)");
        }
        return path;
    }
}
