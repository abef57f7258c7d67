package dev.herald.broker.group;

import dev.herald.broker.topic.Partition;
import dev.herald.broker.topic.Topic;
import dev.herald.broker.topic.TopicConfigs;
import dev.herald.broker.topic.TopicManager;
import dev.herald.storage.log.Log;
import dev.herald.storage.log.LogDirectory;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Durable group state: the compacted internal topic {@code __consumer_offsets} (one partition; a single node has
 * one coordinator), written through the log engine and replayed at start. Record layout: {@link OffsetRecords}.
 *
 * <p>An append returns once the batch is in the log; its future completes when the batch is durable under the
 * broker's fsync policy. Durability is a prefix of the log, so a durable commit implies that every group record
 * appended before it (such as the generation it was made in) is durable too.
 *
 * <p>Threading: appends may come from any thread; the log serializes them. Replay runs once, before serving.
 */
final class OffsetStore {
    private static final Logger log = LoggerFactory.getLogger(OffsetStore.class);
    static final String TOPIC = "__consumer_offsets";
    private static final int REPLAY_READ_BYTES = 1024 * 1024;

    /** Receives the records of the topic in log order during replay; {@code value} is null for a tombstone. */
    interface Visitor {
        void offset(OffsetRecords.OffsetKey key, OffsetRecords.OffsetValue value, long logOffset);

        void group(OffsetRecords.GroupKey key, OffsetRecords.GroupValue value);
    }

    /** One record to append: key bytes and value bytes, or null for a tombstone. */
    record Entry(byte[] key, byte[] value) { }

    private final LogDirectory logs;
    private final Partition partition;

    private OffsetStore(LogDirectory logs, Partition partition) {
        this.logs = logs;
        this.partition = partition;
    }

    /** Opens the topic, creating it (compacted, with Kafka's 100 MiB segments) on first start. */
    static OffsetStore open(TopicManager topics, LogDirectory logs) throws IOException {
        Topic topic = topics.topic(TOPIC);
        if (topic == null) {
            TopicManager.Failure failure = topics.create(TOPIC, 1, Map.of(
                    TopicConfigs.CLEANUP_POLICY, "compact",
                    TopicConfigs.SEGMENT_BYTES, Integer.toString(100 * 1024 * 1024)));
            topic = topics.topic(TOPIC);
            if (topic == null) throw new IOException("cannot create " + TOPIC + ": " + (failure == null ? "unknown reason" : failure.message()));
        }
        return new OffsetStore(logs, topic.partition(0));
    }

    Log log() { return partition.log(); }

    /** False once the broker closed the log (or the topic was deleted): the coordinator stops then. */
    boolean isOpen() {
        return logs.log(TOPIC, 0) == partition.log();
    }

    /**
     * Replays every visible record. A record Herald cannot decode (for example one produced into the topic by a
     * client) is skipped with a warning naming its offset, never silently.
     */
    void replay(Visitor visitor) throws IOException {
        Log offsetsLog = partition.log();
        long next = offsetsLog.logStartOffset();
        int records = 0;
        while (next < offsetsLog.highWatermark()) {
            Log.ReadResult read = offsetsLog.read(next, REPLAY_READ_BYTES);
            if (read.isEmpty()) break;
            long before = next;
            for (RecordBatch batch : MemoryRecords.readableRecords(read.region().readFully()).batches()) {
                for (Record record : batch) {
                    if (record.offset() >= next) {
                        apply(visitor, record);
                        records++;
                    }
                }
                next = Math.max(next, batch.nextOffset());
            }
            if (next == before) throw new IOException("replay of " + TOPIC + " made no progress at offset " + next);
        }
        log.info("Replayed {} records of {} up to offset {}", records, TOPIC, next);
    }

    private static void apply(Visitor visitor, Record record) {
        try {
            if (!record.hasKey()) throw new IllegalArgumentException("record has no key");
            switch (OffsetRecords.decodeKey(record.key())) {
                case OffsetRecords.OffsetKey key ->
                        visitor.offset(key, record.hasValue() ? OffsetRecords.decodeOffset(record.value()) : null, record.offset());
                case OffsetRecords.GroupKey key ->
                        visitor.group(key, record.hasValue() ? OffsetRecords.decodeGroup(record.value()) : null);
            }
        } catch (RuntimeException e) {
            log.warn("Skipping record at offset {} of {} that Herald cannot decode: {}", record.offset(), TOPIC, e.toString());
        }
    }

    /** Appends records as one batch; returns the log offset of the first and when the batch is durable. */
    Log.AppendResult append(List<Entry> entries, long timestampMs) throws IOException {
        SimpleRecord[] records = new SimpleRecord[entries.size()];
        for (int i = 0; i < records.length; i++) {
            records[i] = new SimpleRecord(timestampMs, entries.get(i).key(), entries.get(i).value());
        }
        ByteBuffer batch = MemoryRecords.withRecords(Compression.NONE, records).buffer();
        return partition.log().append(batch);
    }

    /** Appends without waiting for durability; failures are logged (used for group records that nobody awaits). */
    CompletableFuture<Void> appendQuietly(List<Entry> entries, long timestampMs) {
        try {
            return append(entries, timestampMs).durable();
        } catch (IOException | RuntimeException e) {
            log.error("Writing group state to {} failed", TOPIC, e);
            return CompletableFuture.failedFuture(e);
        }
    }
}
