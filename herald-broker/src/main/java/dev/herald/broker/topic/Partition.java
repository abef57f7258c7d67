package dev.herald.broker.topic;

import dev.herald.broker.produce.ProducerStates;
import dev.herald.storage.batch.BatchHeader;
import dev.herald.storage.log.Log;

import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One partition as the broker sees it: its log, its idempotent-producer state, and the lock that makes
 * "check producer sequence, assign offsets, append" one atomic step.
 *
 * <p>Threading: {@link #appendLock()} must be held while calling {@link #producerStates()} and appending.
 * Reads go straight to the {@link Log}, which is safe for concurrent readers.
 */
public final class Partition {
    private final String topic;
    private final int index;
    private final Log log;
    private final ProducerStates producerStates = new ProducerStates();
    private final ReentrantLock appendLock = new ReentrantLock();

    Partition(String topic, int index, Log log) throws IOException {
        this.topic = topic;
        this.index = index;
        this.log = log;
        rebuildProducerState();
    }

    /**
     * Replays batch headers to rebuild producer state, so that a producer retrying across a broker restart gets its
     * original offsets instead of a duplicate or an OUT_OF_ORDER_SEQUENCE_NUMBER (which librdkafka treats as fatal).
     */
    private void rebuildProducerState() throws IOException {
        log.forEachBatchHeader(log.logStartOffset(), (BatchHeader batch) -> {
            if (batch.producerId() >= 0 && !batch.isControl()) {
                producerStates.record(batch.producerId(), batch.producerEpoch(), batch.baseSequence(), batch.lastSequence(),
                        batch.baseOffset(), batch.lastOffset(), batch.maxTimestamp());
            }
        });
    }

    public String topic() { return topic; }
    public int index() { return index; }
    public Log log() { return log; }
    public ProducerStates producerStates() { return producerStates; }
    public ReentrantLock appendLock() { return appendLock; }
}
