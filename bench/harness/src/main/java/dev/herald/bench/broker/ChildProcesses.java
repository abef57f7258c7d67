package dev.herald.bench.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Every child process the harness starts (brokers, Kafka's tools, the probes), so that none outlives it: a shutdown
 * hook kills whatever is still alive when the harness exits, fails or is interrupted (Ctrl-C, SIGTERM). Children
 * also run under {@link OrphanGuard}, which covers the one case a hook cannot: the harness killed with
 * {@code kill -9}. Thread-safe.
 */
public final class ChildProcesses {

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ChildProcesses::killAll, "bench-kill-children"));
    }

    private ChildProcesses() {
    }

    /** Starts {@code builder}'s process and tracks it until {@link #kill} or exit. */
    public static Process start(ProcessBuilder builder) {
        try {
            Process process = builder.start();
            LIVE.add(process);
            process.onExit().thenRun(() -> LIVE.remove(process));
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + builder.command(), e);
        }
    }

    /** Kills {@code process} and its descendants at once (SIGKILL) and waits up to 10 s for it to be gone. */
    public static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LIVE.remove(process);
    }

    static void killAll() {
        for (Process process : Set.copyOf(LIVE)) {
            kill(process);
        }
    }
}
