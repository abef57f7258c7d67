package dev.herald.storage.log;

import dev.herald.storage.durability.FsyncPolicy;
import dev.herald.storage.durability.GroupCommit;
import dev.herald.storage.index.IndexFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The data directory: every partition's {@link Log} in a folder named {@code topic-partition}, the shared
 * group-commit thread, and the background work (interval fsync, retention, compaction).
 *
 * <pre>
 *  herald-data/
 *    .clean-shutdown      present only while Herald is stopped after a clean shutdown
 *    orders-0/            one folder per partition (see Segment for its files)
 *    orders-1/
 *    ...                  (the broker keeps its own metadata files beside these)
 * </pre>
 *
 * <p>The clean-shutdown marker is deleted when the directory opens and written back by {@link #close}; if it is
 * missing at open, the previous run stopped uncleanly and each partition's active segment is scanned and cut
 * back to its last valid batch.
 *
 * <p>Threading: all methods are thread-safe. Logs are created and removed under a per-name map operation.
 */
public final class LogDirectory implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LogDirectory.class);
    public static final String CLEAN_SHUTDOWN_FILE = ".clean-shutdown";

    private final Path root;
    private final FsyncPolicy fsyncPolicy;
    private final Clock clock;
    private final boolean cleanShutdown;
    private final GroupCommit groupCommit = new GroupCommit();
    private final Map<String, Log> logs = new ConcurrentHashMap<>();
    private final ScheduledExecutorService background;
    private volatile boolean closed;
    private volatile FlushObserver flushObserver = nanos -> { };

    /**
     * Told about each interval fsync of every partition (policy {@code interval:MS}): for metrics. Must be quick and
     * must not throw.
     */
    @FunctionalInterface
    public interface FlushObserver {
        /** @param nanos time the flush of every partition, one after the other, took */
        void flushed(long nanos);
    }

    private LogDirectory(Path root, FsyncPolicy fsyncPolicy, Clock clock, boolean cleanShutdown) {
        this.root = root;
        this.fsyncPolicy = fsyncPolicy;
        this.clock = clock;
        this.cleanShutdown = cleanShutdown;
        this.background = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("herald-log-cleaner").daemon(true).factory());
    }

    /**
     * Opens the data directory, creating it when missing.
     *
     * @param retentionCheckIntervalMs how often retention and compaction run ({@code log.retention.check.interval.ms})
     */
    public static LogDirectory open(Path root, FsyncPolicy fsyncPolicy, Clock clock, long retentionCheckIntervalMs) throws IOException {
        Files.createDirectories(root);
        if (!Files.isWritable(root)) throw new IOException("data directory " + root.toAbsolutePath() + " is not writable");
        Path marker = root.resolve(CLEAN_SHUTDOWN_FILE);
        boolean clean = Files.deleteIfExists(marker);
        IndexFiles.syncDirectory(root);
        if (!clean && hasPartitions(root)) {
            log.warn("{} was not shut down cleanly: validating the tail of every partition", root.toAbsolutePath());
        }
        LogDirectory directory = new LogDirectory(root, fsyncPolicy, clock, clean);
        directory.startBackgroundWork(retentionCheckIntervalMs);
        return directory;
    }

    private static boolean hasPartitions(Path root) throws IOException {
        try (var listing = Files.list(root)) {
            return listing.anyMatch(Files::isDirectory);
        }
    }

    private void startBackgroundWork(long retentionCheckIntervalMs) {
        if (fsyncPolicy instanceof FsyncPolicy.Interval interval) {
            background.scheduleWithFixedDelay(this::flushAll, interval.intervalMs(), interval.intervalMs(), TimeUnit.MILLISECONDS);
        }
        background.scheduleWithFixedDelay(this::cleanAll, retentionCheckIntervalMs, retentionCheckIntervalMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Runs {@code task} every {@code intervalMs} on the thread that runs retention and compaction, until this directory
     * closes: for the broker's own periodic upkeep of its partitions. A task that throws is logged and runs again at
     * its next turn.
     */
    public void scheduleMaintenance(String name, Runnable task, long intervalMs) {
        background.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("{} failed; will retry in {} ms", name, intervalMs, e);
            }
        }, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    /** Opens the log of a partition, creating it if it does not exist. */
    public Log openLog(String topic, int partition, LogConfig config) throws IOException {
        if (closed) throw new IOException("data directory " + root + " is closed");
        String name = folderName(topic, partition);
        try {
            return logs.computeIfAbsent(name, key -> {
                try {
                    return Log.open(root.resolve(key), config, fsyncPolicy, groupCommit, clock, cleanShutdown);
                } catch (IOException e) {
                    throw Log.unchecked(e);
                }
            });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The open log of a partition, or null. */
    public Log log(String topic, int partition) {
        return logs.get(folderName(topic, partition));
    }

    /** Closes and deletes a partition's log and folder. */
    public void deleteLog(String topic, int partition) throws IOException {
        String name = folderName(topic, partition);
        Log removed = logs.remove(name);
        if (removed != null) {
            removed.delete();
        } else if (Files.exists(root.resolve(name))) {
            Log.open(root.resolve(name), LogConfig.DEFAULT, fsyncPolicy, groupCommit, clock, true).delete();
        }
    }

    public Collection<Log> logs() { return logs.values(); }
    public Path root() { return root; }
    public FsyncPolicy fsyncPolicy() { return fsyncPolicy; }
    /** True when the previous run wrote the clean-shutdown marker. */
    public boolean wasCleanShutdown() { return cleanShutdown; }
    public GroupCommit groupCommit() { return groupCommit; }
    /** Replaces the observer of interval fsyncs (one at a time; the broker's metrics). Never called under {@code always}. */
    public void observeFlushes(FlushObserver observer) { this.flushObserver = observer; }

    static String folderName(String topic, int partition) {
        return topic + "-" + partition;
    }

    private void flushAll() {
        long started = System.nanoTime();
        for (Log partition : logs.values()) {
            try {
                partition.flush();
            } catch (IOException e) {
                log.error("Interval fsync of {} failed", partition, e);
            }
        }
        flushObserver.flushed(System.nanoTime() - started);
    }

    /** Runs retention and compaction on every partition once; also called by the background thread. */
    public void cleanAll() {
        for (Log partition : logs.values()) {
            try {
                partition.applyRetention();
                partition.compact();
            } catch (IOException e) {
                log.error("Cleaning {} failed; will retry at the next check", partition, e);
            } catch (RuntimeException e) {
                log.error("Cleaning {} failed unexpectedly", partition, e);
            }
        }
    }

    /**
     * Stops the way a killed process would: no flush, no index files, no clean-shutdown marker. Whatever was
     * written stays in the page cache, so the next open sees exactly what a {@code kill -9} leaves. For tests.
     */
    void closeAbruptly() {
        closed = true;
        background.shutdownNow();
        groupCommit.close();
        for (Log partition : logs.values()) partition.abandon();
        logs.clear();
    }

    /** Flushes and closes every log, then writes the clean-shutdown marker. */
    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        // shutdown, not shutdownNow: an interrupt during a FileChannel operation closes that channel, so an
        // interrupted interval fsync would close the active segment under the log and fail the close below.
        background.shutdown();
        try {
            background.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        groupCommit.close();
        IOException failure = null;
        for (Log partition : logs.values()) {
            try {
                partition.close();
            } catch (IOException e) {
                log.error("Closing {} failed", partition, e);
                failure = e;
            }
        }
        logs.clear();
        if (failure != null) throw failure;
        IndexFiles.writeDurably(root.resolve(CLEAN_SHUTDOWN_FILE), ByteBuffer.wrap("clean\n".getBytes(StandardCharsets.US_ASCII)));
        IndexFiles.syncDirectory(root);
    }
}
