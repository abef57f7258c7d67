package dev.herald.broker.topic;

import dev.herald.broker.produce.ProducerSnapshots;
import dev.herald.broker.produce.ProducerStates;
import dev.herald.storage.batch.BatchHeader;
import dev.herald.storage.log.Log;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One partition as the broker sees it: its log, its idempotent-producer state, and the lock that makes
 * "check producer sequence, assign offsets, append" one atomic step.
 *
 * <p>Threading: {@link #appendLock()} must be held while calling {@link #producerStates()}, appending and
 * calling {@link #appended()}. Reads go straight to the {@link Log}, which is safe for concurrent readers.
 */
public final class Partition {
    private static final Logger log = LoggerFactory.getLogger(Partition.class);
    private final String topic;
    private final int index;
    private final Log partitionLog;
    private final ProducerStates producerStates;
    private final ReentrantLock appendLock = new ReentrantLock();
    /** Batches replayed from the log at start, on top of the snapshot; for logs and tests. */
    private final long replayedBatches;
    /** Active segment when the last producer-state snapshot was taken (or at start); guarded by the append lock. */
    private long snapshotSegment;
    /** Log end offset the newest snapshot covers (0 when there is none); guarded by the append lock. */
    private long snapshotOffset;

    Partition(String topic, int index, Log partitionLog) throws IOException {
        this.topic = topic;
        this.index = index;
        this.partitionLog = partitionLog;
        ProducerSnapshots.Restored restored = ProducerSnapshots.restore(partitionLog.directory(), partitionLog.logEndOffset());
        this.producerStates = restored.states();
        long now = System.currentTimeMillis();
        // From the snapshot even when the log start moved past it: batches below the log start that are still on disk
        // tell of producers that are still remembered (until they expire).
        this.replayedBatches = replay(restored.replayFrom(), now);
        producerStates.expire(now, ProducerStates.EXPIRATION_MS);
        this.snapshotSegment = partitionLog.activeSegmentBaseOffset();
        this.snapshotOffset = restored.replayFrom();
        if (replayedBatches > 10_000) {
            log.info("Rebuilt producer state of {}-{} from offset {}: {} batches replayed", topic, index, restored.replayFrom(), replayedBatches);
        }
    }

    /**
     * Replays batch headers from {@code offset} to rebuild producer state, so that a producer retrying across a broker
     * restart gets its original offsets instead of a duplicate or an OUT_OF_ORDER_SEQUENCE_NUMBER (which librdkafka
     * treats as fatal). A replayed batch counts as appended {@code now}: the log does not say when it was. Returns
     * the number of batches read.
     */
    private long replay(long offset, long now) throws IOException {
        long[] batches = {0};
        partitionLog.forEachBatchHeader(offset, (BatchHeader batch) -> {
            batches[0]++;
            if (batch.producerId() >= 0 && !batch.isControl()) {
                producerStates.record(batch.producerId(), batch.producerEpoch(), batch.baseSequence(), batch.lastSequence(),
                        batch.baseOffset(), batch.lastOffset(), batch.maxTimestamp(), now);
            }
        });
        return batches[0];
    }

    /**
     * Called after each append, under the append lock: when the log has rolled to a new segment, snapshots the
     * producer state, so that a restart replays at most about one segment.
     */
    public void appended() {
        try {
            long active = partitionLog.activeSegmentBaseOffset();
            if (active != snapshotSegment) {
                snapshotSegment = active;
                snapshotProducerState();
            }
        } catch (RuntimeException e) {
            // The append succeeded; a snapshot is only a start-up shortcut and must never fail the request.
            log.warn("Could not check {}-{} for a producer-state snapshot: {}", topic, index, e.toString());
        }
    }

    /**
     * Writes the producer state as of the log end unless the newest snapshot already covers it; at a roll and at a
     * clean shutdown. Takes the append lock (re-entered when called from {@link #appended}). Expired producers are
     * forgotten first ({@link #expireProducers}). A failure is logged, not thrown: the appends are safe, only the
     * next start replays more.
     */
    public void snapshotProducerState() {
        appendLock.lock();
        try {
            long end = partitionLog.logEndOffset();
            if (end == snapshotOffset) return;
            expireProducers(System.currentTimeMillis());
            ProducerSnapshots.write(partitionLog.directory(), end, producerStates);
            snapshotOffset = end;
        } catch (IOException | RuntimeException e) {
            log.warn("Could not write the producer-state snapshot of {}-{}: {}; the next start replays more of the log", topic, index, e.toString());
        } finally {
            appendLock.unlock();
        }
    }

    /**
     * Forgets producers the broker has not appended for in longer than {@link ProducerStates#EXPIRATION_MS} as of
     * {@code nowMs}; at each snapshot, when the partition opens, and periodically (a partition that never rolls would
     * otherwise keep every producer id that ever wrote to it until a restart). Returns how many were forgotten.
     */
    public int expireProducers(long nowMs) {
        appendLock.lock();
        try {
            return producerStates.expire(nowMs, ProducerStates.EXPIRATION_MS);
        } finally {
            appendLock.unlock();
        }
    }

    public String topic() { return topic; }
    public int index() { return index; }
    public Log log() { return partitionLog; }
    public ProducerStates producerStates() { return producerStates; }
    public ReentrantLock appendLock() { return appendLock; }
    /** Batches replayed at start on top of the newest producer-state snapshot. */
    public long replayedBatches() { return replayedBatches; }
}
