package dev.herald.broker.produce;

import dev.herald.storage.batch.BatchHeader;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Idempotent-producer state of one partition: per producer id, its epoch and the last five batches it wrote
 * (sequence range and offsets), which is what Kafka keeps to answer a retried batch with its original offsets and
 * to reject gaps in the sequence.
 *
 * <pre>
 *   incoming batch (pid, epoch, firstSeq..lastSeq)
 *     unknown pid and firstSeq == 0 -----------------> accept (its first batch here)
 *     unknown pid otherwise --------------------------> OUT_OF_ORDER_SEQUENCE_NUMBER (an earlier batch failed, or the
 *                                                       producer expired; its client bumps the epoch and starts at 0)
 *     epoch &lt; known epoch ---------------------------> INVALID_PRODUCER_EPOCH
 *     (epoch, firstSeq, lastSeq) matches a retained batch -> DUPLICATE: answer with that batch's offsets
 *     epoch &gt; known epoch and firstSeq == 0 -----------> accept (new epoch)
 *     same epoch and firstSeq == lastSeq(prev) + 1 ----> accept
 *     otherwise --------------------------------------> OUT_OF_ORDER_SEQUENCE_NUMBER
 * </pre>
 *
 * <p>Threading: not thread-safe; the owning partition calls it under its append lock, so checking and recording
 * a batch is atomic with assigning its offsets.
 */
public final class ProducerStates {
    static final int BATCHES_RETAINED = 5;
    /** Kafka's default {@code producer.id.expiration.ms}: one day without appends. Not configurable yet. */
    public static final long EXPIRATION_MS = 24L * 60 * 60 * 1000;

    /** One retained batch. */
    public record BatchMetadata(int firstSequence, int lastSequence, long firstOffset, long lastOffset, long timestamp) { }

    /** A producer's epoch and its recent batches, newest last. */
    static final class Entry {
        short epoch;
        final Deque<BatchMetadata> batches = new ArrayDeque<>();
        /** When the broker last appended a batch of this producer (its own clock, not the batch's timestamps). */
        long lastAppendMs;
    }

    /** Outcome of checking a batch before appending it. */
    public sealed interface Check {
        record Accept() implements Check { }
        record Duplicate(BatchMetadata original) implements Check { }
        record Reject(org.apache.kafka.common.protocol.Errors error, String message) implements Check { }
    }

    private static final Check ACCEPT = new Check.Accept();
    private final Map<Long, Entry> producers = new HashMap<>();

    public Check check(BatchHeader batch) {
        long producerId = batch.producerId();
        if (producerId < 0) return ACCEPT;
        Entry entry = producers.get(producerId);
        if (entry == null) {
            // A producer's first batch on a partition starts at sequence 0. A later one arriving first means an
            // earlier batch failed (say MESSAGE_TOO_LARGE, which the client answers by splitting and resending it)
            // while this one was in flight: accepting it would leave that gap for ever, and the client would retry
            // the resent batch as out of order until its delivery timeout. Refused, the client retries it after
            // the earlier one. A producer idle for longer than EXPIRATION_MS gets the same answer, and its client
            // recovers by bumping its epoch, which starts again at sequence 0.
            if (batch.baseSequence() != 0) {
                return new Check.Reject(org.apache.kafka.common.protocol.Errors.OUT_OF_ORDER_SEQUENCE_NUMBER,
                        "Out of order sequence number for producer " + producerId + ": expected 0 (no earlier batch of this producer here), got " + batch.baseSequence());
            }
            return ACCEPT;
        }
        short epoch = batch.producerEpoch();
        int first = batch.baseSequence();
        int last = batch.lastSequence();
        if (epoch < entry.epoch) {
            return new Check.Reject(org.apache.kafka.common.protocol.Errors.INVALID_PRODUCER_EPOCH,
                    "Producer " + producerId + " epoch " + epoch + " is older than the current epoch " + entry.epoch);
        }
        if (epoch == entry.epoch) {
            for (BatchMetadata retained : entry.batches) {
                if (retained.firstSequence() == first && retained.lastSequence() == last) return new Check.Duplicate(retained);
            }
            int expected = entry.batches.isEmpty() ? first : nextSequence(entry.batches.peekLast().lastSequence());
            if (first != expected) {
                return new Check.Reject(org.apache.kafka.common.protocol.Errors.OUT_OF_ORDER_SEQUENCE_NUMBER,
                        "Out of order sequence number for producer " + producerId + ": expected " + expected + ", got " + first);
            }
            return ACCEPT;
        }
        if (first != 0) {
            return new Check.Reject(org.apache.kafka.common.protocol.Errors.OUT_OF_ORDER_SEQUENCE_NUMBER,
                    "Producer " + producerId + " started epoch " + epoch + " with sequence " + first + " instead of 0");
        }
        return ACCEPT;
    }

    /**
     * Records an appended (or replayed-from-disk) batch; {@code appendMs} is when the broker appended it (for a batch
     * replayed at start, the start time), which decides when the producer expires.
     */
    public void record(long producerId, short epoch, int firstSequence, int lastSequence, long firstOffset, long lastOffset,
                       long timestamp, long appendMs) {
        if (producerId < 0) return;
        Entry entry = producers.computeIfAbsent(producerId, id -> new Entry());
        if (epoch != entry.epoch) {
            entry.batches.clear();
            entry.epoch = epoch;
        }
        entry.batches.addLast(new BatchMetadata(firstSequence, lastSequence, firstOffset, lastOffset, timestamp));
        while (entry.batches.size() > BATCHES_RETAINED) entry.batches.removeFirst();
        entry.lastAppendMs = Math.max(entry.lastAppendMs, appendMs);
    }

    /** Called with each producer's epoch, last append time and retained batches (oldest first) by {@link #forEachProducer}. */
    @FunctionalInterface
    public interface ProducerVisitor {
        void visit(long producerId, short epoch, long lastAppendMs, Iterable<BatchMetadata> batches);
    }

    /** Visits every known producer; for snapshots. */
    public void forEachProducer(ProducerVisitor visitor) {
        producers.forEach((producerId, entry) -> visitor.visit(producerId, entry.epoch, entry.lastAppendMs, entry.batches));
    }

    /**
     * Forgets producers the broker has not appended for in more than {@code expirationMs} (Kafka's
     * {@code producer.id.expiration.ms}, {@link #EXPIRATION_MS} here). Until then a producer is remembered even when
     * all its batches left the log (retention, DeleteRecords, as Kafka Streams purges repartition topics), across
     * restarts too, so its next batch is not refused as coming from an unknown producer. Returns how many were
     * forgotten.
     */
    public int expire(long nowMs, long expirationMs) {
        int before = producers.size();
        producers.values().removeIf(entry -> nowMs - entry.lastAppendMs > expirationMs);
        return before - producers.size();
    }

    public int size() { return producers.size(); }

    private static int nextSequence(int sequence) {
        return sequence == Integer.MAX_VALUE ? 0 : sequence + 1;
    }
}
