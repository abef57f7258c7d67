package dev.herald.storage.durability;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Shares fsyncs between concurrent appends: writers enqueue "sync this file, then run this", one thread
 * drains everything queued, forces each distinct file once, then completes all the requests it covered.
 * While it syncs, new requests pile up and are covered by the next round, so the number of fsyncs per second
 * stays near what the disk can do (~1,500–2,000 here) however many producers and partitions there are.
 *
 * <p>Threading: {@link #sync} may be called from any thread; the files of a round are forced by a small pool
 * ({@code herald-fsync-N}); completions run on the group-commit thread and must be short (they advance a high
 * watermark and complete futures).
 */
public final class GroupCommit implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    /**
     * A file that can be forced to disk: a segment's channel. Requests in one round whose targets are the same
     * instance share one {@link #sync}, so callers pass one instance per file.
     */
    @FunctionalInterface
    public interface Syncable {
        void sync() throws IOException;
    }

    /** Told about each finished round: for metrics. Must be quick and must not throw. */
    @FunctionalInterface
    public interface Observer {
        /**
         * @param files  distinct files forced in the round
         * @param writes appends the round made durable
         * @param nanos  time the fsyncs took (the files of a round are forced in parallel)
         */
        void roundDone(int files, int writes, long nanos);
    }

    private record Request(Syncable target, Runnable onSynced, CompletableFuture<Void> done) { }

    /** Files forced at once in a round; more partitions than this are forced in waves. */
    private static final int SYNC_THREADS = 4;

    private final Object lock = new Object();
    private List<Request> pending = new ArrayList<>();
    private boolean closed;
    private final Thread thread;
    /** Forces the files of one round in parallel; idle between rounds. */
    private final ExecutorService syncers = Executors.newFixedThreadPool(SYNC_THREADS,
            Thread.ofPlatform().name("herald-fsync-", 0).daemon(true).factory());
    private volatile long rounds;
    private volatile Observer observer = (files, writes, nanos) -> { };

    public GroupCommit() {
        thread = Thread.ofPlatform().name("herald-group-commit").daemon(true).start(this::run);
    }

    /**
     * Queues {@code target} for the next fsync round. The returned future completes after the fsync (and after
     * {@code onSynced} ran), or exceptionally if the fsync failed or the committer was closed.
     */
    public CompletableFuture<Void> sync(Syncable target, Runnable onSynced) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (lock) {
            if (closed) {
                done.completeExceptionally(new IOException("the log is closed; the write was not made durable"));
                return done;
            }
            pending.add(new Request(target, onSynced, done));
            lock.notifyAll();
        }
        return done;
    }

    /** Number of fsync rounds so far; for tests and metrics. */
    public long rounds() { return rounds; }

    /** Replaces the observer of finished rounds (one at a time; the broker's metrics). */
    public void observe(Observer value) { this.observer = value; }

    private void run() {
        while (true) {
            List<Request> batch;
            synchronized (lock) {
                while (pending.isEmpty() && !closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (pending.isEmpty()) return;
                batch = pending;
                pending = new ArrayList<>();
            }
            commit(batch);
        }
    }

    private void commit(List<Request> batch) {
        Map<Syncable, IOException> outcome = new IdentityHashMap<>();
        for (Request request : batch) outcome.put(request.target, null);
        long started = System.nanoTime();
        syncAll(outcome);
        observer.roundDone(outcome.size(), batch.size(), System.nanoTime() - started);
        rounds++;
        for (Request request : batch) {
            IOException failure = outcome.get(request.target);
            if (failure != null) {
                request.done.completeExceptionally(failure);
                continue;
            }
            try {
                request.onSynced.run();
                request.done.complete(null);
            } catch (RuntimeException e) {
                request.done.completeExceptionally(e);
            }
        }
    }

    /**
     * Forces every file of a round, in parallel when there are several: concurrent fsyncs share the file system's
     * journal commit and the device's cache flush, so a round covering many partitions costs about one fsync, not
     * one per partition. Records each file's failure, or null, in {@code outcome}.
     */
    private void syncAll(Map<Syncable, IOException> outcome) {
        List<Syncable> targets = new ArrayList<>(outcome.keySet());
        if (targets.size() == 1) {
            outcome.put(targets.getFirst(), syncOne(targets.getFirst()));
            return;
        }
        List<Future<IOException>> results = new ArrayList<>(targets.size());
        for (Syncable target : targets) results.add(syncers.submit(() -> syncOne(target)));
        for (int i = 0; i < targets.size(); i++) {
            IOException failure;
            try {
                failure = results.get(i).get();
            } catch (ExecutionException e) {
                failure = new IOException("fsync failed unexpectedly", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = new IOException("interrupted while waiting for an fsync", e);
            }
            outcome.put(targets.get(i), failure);
        }
    }

    private static IOException syncOne(Syncable target) {
        try {
            target.sync();
            return null;
        } catch (IOException e) {
            log.error("fsync failed; the writes it covered are not acknowledged", e);
            return e;
        }
    }

    /** Finishes the requests already queued, then stops the threads. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // shutdown, not shutdownNow: an interrupt in FileChannel.force would close the segment's channel.
        syncers.shutdown();
    }
}
