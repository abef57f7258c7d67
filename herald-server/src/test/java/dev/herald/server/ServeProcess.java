package dev.herald.server;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code herald serve} child process on free ports, for tests that kill it or scrape its HTTP port. Started
 * from this test JVM's class path; {@link #start} returns once it printed its ready line. {@code startOutput} holds
 * what it printed to stdout and stderr before that line.
 */
record ServeProcess(Process process, String bootstrap, String httpBase, String readyLine, List<String> startOutput)
        implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("ready .* kafka ([\\d.]+):(\\d+), registry \\S+, http ([\\d.]+):(\\d+)");

    static ServeProcess start(Path dataDir, String... extraArguments) throws Exception {
        return start(List.of(), dataDir, extraArguments);
    }

    static ServeProcess start(List<String> jvmOptions, Path dataDir, String... extraArguments) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--data-dir", dataDir.toString(), "--kafka-port", "0", "--registry-port", "0", "--http-port", "0"));
        command.addAll(List.of(extraArguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.currentTimeMillis() + 60_000;
        List<String> before = new ArrayList<>();
        for (String line; System.currentTimeMillis() < deadline && (line = out.readLine()) != null; ) {
            Matcher ready = READY.matcher(line);
            if (!ready.find()) {
                before.add(line);
            } else {
                Thread.ofVirtual().start(() -> {
                    try {
                        out.lines().forEach(l -> { });
                    } catch (UncheckedIOException closed) {
                        // close() or killNine() closed the stream: nothing more to drain
                    }
                });
                return new ServeProcess(process, ready.group(1) + ":" + ready.group(2),
                        "http://" + ready.group(3) + ":" + ready.group(4), line, List.copyOf(before));
            }
        }
        process.destroyForcibly();
        throw new AssertionError("herald serve did not print a ready line; it printed " + before);
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    void killNine() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
