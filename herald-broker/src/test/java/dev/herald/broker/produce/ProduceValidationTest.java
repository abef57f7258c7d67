package dev.herald.broker.produce;

import dev.herald.broker.Broker;
import dev.herald.broker.BrokerConfig;
import dev.herald.broker.RawClient;
import dev.herald.storage.log.Log;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The answers Kafka clients rely on for bad or repeated produce requests, checked with raw requests. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProduceValidationTest {
    private static final long PRODUCER_ID = 4242;
    @TempDir Path dataDir;
    Broker broker;
    RawClient client;

    @BeforeEach
    void start() throws Exception {
        broker = Broker.start(BrokerConfig.defaults(dataDir).withPort(0));
        client = new RawClient("127.0.0.1", broker.port());
        createTopic("plain", Map.of());
        createTopic("compacted", Map.of("cleanup.policy", "compact"));
        createTopic("stamped", Map.of("message.timestamp.type", "LogAppendTime"));
        createTopic("tiny", Map.of("max.message.bytes", "200"));
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        broker.close();
    }

    private void createTopic(String name, Map<String, String> configs) throws Exception {
        CreateTopicsRequestData.CreatableTopic topic = new CreateTopicsRequestData.CreatableTopic().setName(name)
                .setNumPartitions(1).setReplicationFactor((short) 1);
        configs.forEach((k, v) -> topic.configs().add(new CreateTopicsRequestData.CreatableTopicConfig().setName(k).setValue(v)));
        CreateTopicsRequestData data = new CreateTopicsRequestData().setTimeoutMs(5000);
        data.topics().add(topic);
        client.send(new CreateTopicsRequest.Builder(data).build((short) 7));
    }

    private ProduceResponseData.PartitionProduceResponse produce(String topic, MemoryRecords records) throws Exception {
        return produce(topic, records, 5000);
    }

    private ProduceResponseData.PartitionProduceResponse produce(String topic, MemoryRecords records, int timeoutMs) throws Exception {
        ProduceRequestData data = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(timeoutMs);
        ProduceRequestData.TopicProduceData topicData = new ProduceRequestData.TopicProduceData().setName(topic);
        topicData.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(records));
        data.topicData().add(topicData);
        ProduceResponse response = client.send(ProduceRequest.builder(data, true).build((short) 9));
        return response.data().responses().iterator().next().partitionResponses().getFirst();
    }

    private static MemoryRecords idempotent(int sequence, String... values) {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) records[i] = new SimpleRecord(("k" + i).getBytes(StandardCharsets.UTF_8), values[i].getBytes(StandardCharsets.UTF_8));
        return MemoryRecords.withIdempotentRecords(Compression.NONE, PRODUCER_ID, (short) 0, sequence, records);
    }

    private static MemoryRecords plain(SimpleRecord... records) {
        return MemoryRecords.withRecords(Compression.NONE, records);
    }

    @Test
    void answersRetriedBatchWithItsOriginalOffset() throws Exception {
        assertThat(produce("plain", idempotent(0, "a", "b")).baseOffset()).isZero();
        assertThat(produce("plain", idempotent(2, "c")).baseOffset()).isEqualTo(2);
        var retry = produce("plain", idempotent(0, "a", "b"));
        assertThat(retry.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(retry.baseOffset()).isZero();
        assertThat(broker.topics().topic("plain").partition(0).log().logEndOffset()).isEqualTo(3);
    }

    @Test
    void refusesAProducersFirstBatchOnAPartitionUnlessItStartsAtSequenceZero() throws Exception {
        // Batch 0..1 failed (say it was too large) while 2..2 was in flight: 2..2 must wait for the resent 0..1.
        assertThat(produce("plain", idempotent(2, "c")).errorCode()).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code());
        assertThat(produce("plain", idempotent(0, "a", "b")).baseOffset()).isZero();
        assertThat(produce("plain", idempotent(2, "c")).baseOffset()).isEqualTo(2);
    }

    @Test
    void rejectsSequenceGap() throws Exception {
        produce("plain", idempotent(0, "a"));
        assertThat(produce("plain", idempotent(5, "f")).errorCode()).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code());
    }

    @Test
    void remembersProducerStateAcrossRestart() throws Exception {
        produce("plain", idempotent(0, "a"));
        client.close();
        broker.close();
        broker = Broker.start(BrokerConfig.defaults(dataDir).withPort(0));
        client = new RawClient("127.0.0.1", broker.port());
        var retry = produce("plain", idempotent(0, "a"));
        assertThat(retry.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(retry.baseOffset()).isZero();
        assertThat(produce("plain", idempotent(1, "b")).baseOffset()).isEqualTo(1);
    }

    @Test
    void cleanRestartRestoresProducerStateFromItsSnapshotWithoutReplayingTheLog() throws Exception {
        int sequence = produceBatches("plain", 20);
        restart(dataDir);
        var partition = broker.topics().topic("plain").partition(0);
        assertThat(partition.replayedBatches()).isZero();
        var retry = produce("plain", idempotent(sequence - 1, "v" + (sequence - 1)));
        assertThat(retry.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(retry.baseOffset()).isEqualTo(19);
        assertThat(produce("plain", idempotent(sequence, "next")).baseOffset()).isEqualTo(20);
    }

    @Test
    void restartAfterACrashReplaysOnlyWhatFollowsTheNewestSnapshot() throws Exception {
        createTopic("rolling", Map.of("segment.bytes", "1024"));
        int sequence = produceBatches("rolling", 100);
        var log = broker.topics().topic("rolling").partition(0).log();
        assertThat(log.segmentCount()).as("segments").isGreaterThan(4);
        Path crashed = crashImage();
        restart(crashed);
        var partition = broker.topics().topic("rolling").partition(0);
        assertThat(partition.replayedBatches()).as("batches replayed after the snapshot taken at the last roll").isBetween(1L, 99L);
        assertRemembersProducer("rolling", sequence, 99);
    }

    @Test
    void dropsSnapshotsPastTheLogEndAndDamagedOnesThenRebuildsFromTheLog() throws Exception {
        createTopic("rolling", Map.of("segment.bytes", "1024"));
        int sequence = produceBatches("rolling", 40);
        Path crashed = crashImage();
        Path folder = crashed.resolve("rolling-0");
        List<Path> snapshots;
        try (var files = Files.list(folder)) {
            snapshots = files.filter(f -> f.toString().endsWith(".snapshot")).sorted().toList();
        }
        assertThat(snapshots).as("snapshots kept").hasSize(2);
        // A snapshot from a longer log that lost its tail in the crash, with a state that would accept anything.
        Path beyond = folder.resolve(String.format("%020d.snapshot", 1_000));
        Files.copy(snapshots.getLast(), beyond);
        // The newest real one damaged; the older one still works.
        byte[] damaged = Files.readAllBytes(snapshots.getLast());
        damaged[damaged.length - 1] ^= 0x55;
        Files.write(snapshots.getLast(), damaged);
        restart(crashed);
        assertThat(beyond).doesNotExist();
        assertThat(snapshots.getLast()).doesNotExist();
        assertThat(snapshots.getFirst()).exists();
        assertRemembersProducer("rolling", sequence, 39);
    }

    @Test
    void keepsAProducerWhoseBatchesWerePurgedWhileTheBrokerRuns() throws Exception {
        // As Kafka Streams purges repartition topics: every batch of a still-running producer leaves the log.
        createTopic("rolling", Map.of("segment.bytes", "1024"));
        int sequence = produceBatches("rolling", 5);
        var log = purgeEverything("rolling");
        // Another producer makes the log roll, which writes producer-state snapshots.
        long activeBefore = log.activeSegmentBaseOffset();
        for (int i = 0; i < 40; i++) {
            var other = MemoryRecords.withIdempotentRecords(Compression.NONE, PRODUCER_ID + 1, (short) 0, i,
                    new SimpleRecord(("o" + i).getBytes(StandardCharsets.UTF_8)));
            assertThat(produce("rolling", other).errorCode()).isEqualTo(Errors.NONE.code());
        }
        assertThat(log.activeSegmentBaseOffset()).as("the log rolled").isGreaterThan(activeBefore);
        var next = produce("rolling", idempotent(sequence, "after the purge"));
        assertThat(next.errorCode()).as(next.errorMessage()).isEqualTo(Errors.NONE.code());
        assertThat(next.baseOffset()).isEqualTo(45);
    }

    @Test
    void remembersAProducerWhoseBatchesWerePurgedAcrossCleanAndCrashRestarts() throws Exception {
        createTopic("rolling", Map.of("segment.bytes", "1024"));
        int sequence = produceBatches("rolling", 30);
        purgeEverything("rolling");
        restart(dataDir);
        assertThat(produce("rolling", idempotent(sequence, "after a clean restart")).baseOffset()).isEqualTo(30);
        purgeEverything("rolling");
        restart(crashImage());
        var next = produce("rolling", idempotent(sequence + 1, "after a crash"));
        assertThat(next.errorCode()).as(next.errorMessage()).isEqualTo(Errors.NONE.code());
        assertThat(next.baseOffset()).isEqualTo(31);
    }

    @Test
    void forgetsAProducerIdleForLongerThanTheExpirationWhenTheBrokerLooksForIdleOnes() throws Exception {
        int sequence = produceBatches("plain", 2);
        var partition = broker.topics().topic("plain").partition(0);
        long now = System.currentTimeMillis();
        assertThat(broker.topics().expireProducers(now)).isZero();
        assertThat(partition.producerStates().size()).isEqualTo(1);
        assertThat(broker.topics().expireProducers(now + ProducerStates.EXPIRATION_MS + 60_000)).isEqualTo(1);
        assertThat(partition.producerStates().size()).isZero();
        // Forgotten: its next batch is refused as the first of an unknown producer, and the client's answer (a bumped
        // epoch from sequence 0) is accepted.
        assertThat(produce("plain", idempotent(sequence, "late")).errorCode()).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code());
        var bumped = MemoryRecords.withIdempotentRecords(Compression.NONE, PRODUCER_ID, (short) 1, 0,
                new SimpleRecord("k".getBytes(StandardCharsets.UTF_8), "new epoch".getBytes(StandardCharsets.UTF_8)));
        assertThat(produce("plain", bumped).baseOffset()).isEqualTo(2);
    }

    @Test
    void answersRequestTimedOutWhileTheFsyncStallsAndTheRetryGetsTheOriginalOffsetOnceDurable() throws Exception {
        // A stalled disk: the group-commit thread is stuck in an fsync until the test lets it go.
        CountDownLatch stalled = new CountDownLatch(1);
        broker.logs().groupCommit().sync(() -> {
            try {
                stalled.await();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
        }, () -> { });
        try {
            long started = System.nanoTime();
            var answer = produce("plain", idempotent(0, "a"), 300);
            assertThat(answer.errorCode()).as(answer.errorMessage()).isEqualTo(Errors.REQUEST_TIMED_OUT.code());
            assertThat(answer.errorMessage()).contains("300 ms");
            assertThat(System.nanoTime() - started).as("not answered before its timeout").isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
            // Retried while the original is still not durable: not acknowledged either, or a kill now would lose it.
            var early = produce("plain", idempotent(0, "a"), 300);
            assertThat(early.errorCode()).as(early.errorMessage()).isEqualTo(Errors.REQUEST_TIMED_OUT.code());
        } finally {
            stalled.countDown();
        }
        // The write itself was appended and becomes durable once the disk moves on: the producer's retry is answered
        // with its original offset, not written twice.
        var retry = produce("plain", idempotent(0, "a"));
        assertThat(retry.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(retry.baseOffset()).isZero();
        assertThat(broker.topics().topic("plain").partition(0).log().logEndOffset()).isEqualTo(1);
    }

    @Test
    void startsDespiteASnapshotFileWhoseNameIsNotAnOffset() throws Exception {
        int sequence = produceBatches("plain", 3);
        Path crashed = crashImage();
        Path bogus = crashed.resolve("plain-0").resolve("99999999999999999999.snapshot");
        Files.write(bogus, new byte[] {1, 2, 3});
        restart(crashed);
        assertThat(bogus).doesNotExist();
        assertRemembersProducer("plain", sequence, 2);
    }

    /** The last batch retried gets its original offset; a gap is refused; the next batch follows. */
    private void assertRemembersProducer(String topic, int sequence, long lastOffset) throws Exception {
        var retry = produce(topic, idempotent(sequence - 1, "v" + (sequence - 1)));
        assertThat(retry.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(retry.baseOffset()).isEqualTo(lastOffset);
        assertThat(produce(topic, idempotent(sequence + 1, "gap")).errorCode()).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code());
        assertThat(produce(topic, idempotent(sequence, "next")).baseOffset()).isEqualTo(lastOffset + 1);
    }

    /** Deletes every record of partition 0 of {@code topic} (DeleteRecords up to the log end); returns its log. */
    private Log purgeEverything(String topic) throws IOException {
        Log log = broker.topics().topic(topic).partition(0).log();
        log.deleteRecordsBefore(log.logEndOffset());
        return log;
    }

    /** Produces {@code count} one-record batches as producer {@link #PRODUCER_ID} from sequence 0; returns the next sequence. */
    private int produceBatches(String topic, int count) throws Exception {
        int sequence = 0;
        for (int i = 0; i < count; i++) sequence = produceNext(topic, sequence);
        return sequence;
    }

    private int produceNext(String topic, int sequence) throws Exception {
        var response = produce(topic, idempotent(sequence, "v" + sequence));
        assertThat(response.errorCode()).isEqualTo(Errors.NONE.code());
        return sequence + 1;
    }

    /**
     * The data folder as a kill -9 now would leave it: a copy of the files of the running broker (no clean-shutdown
     * marker, no snapshot of the moment, indexes of the active segments missing). Nothing is being written meanwhile.
     */
    private Path crashImage() throws IOException {
        Path copy = dataDir.resolveSibling(dataDir.getFileName() + "-crashed");
        try (var paths = Files.walk(dataDir)) {
            for (Path path : paths.toList()) {
                Path target = copy.resolve(dataDir.relativize(path).toString());
                if (Files.isDirectory(path)) Files.createDirectories(target);
                else Files.copy(path, target);
            }
        }
        assertThat(copy.resolve(dev.herald.storage.log.LogDirectory.CLEAN_SHUTDOWN_FILE)).doesNotExist();
        return copy;
    }

    private void restart(Path folder) throws Exception {
        client.close();
        broker.close();
        broker = Broker.start(BrokerConfig.defaults(folder).withPort(0));
        client = new RawClient("127.0.0.1", broker.port());
    }

    @Test
    void rejectsCorruptBatch() throws Exception {
        MemoryRecords records = plain(new SimpleRecord("k".getBytes(), "v".getBytes()));
        ByteBuffer buffer = records.buffer();
        buffer.put(buffer.limit() - 1, (byte) (buffer.get(buffer.limit() - 1) ^ 0x55));
        var response = produce("plain", MemoryRecords.readableRecords(buffer));
        assertThat(response.errorCode()).isEqualTo(Errors.CORRUPT_MESSAGE.code());
        assertThat(broker.topics().topic("plain").partition(0).log().logEndOffset()).isZero();
    }

    @Test
    void rejectsBatchLargerThanMaxMessageBytes() throws Exception {
        var response = produce("tiny", plain(new SimpleRecord("k".getBytes(), new byte[500])));
        assertThat(response.errorCode()).isEqualTo(Errors.MESSAGE_TOO_LARGE.code());
        assertThat(response.errorMessage()).contains("max.message.bytes=200");
    }

    @Test
    void rejectsRecordsWithoutKeyOnCompactedTopic() throws Exception {
        var response = produce("compacted", plain(new SimpleRecord("k".getBytes(), "v".getBytes()), new SimpleRecord(null, "v".getBytes())));
        assertThat(response.errorCode()).isEqualTo(Errors.INVALID_RECORD.code());
        assertThat(response.recordErrors()).singleElement().satisfies(e -> assertThat(e.batchIndex()).isEqualTo(1));
    }

    @Test
    void rejectsTimestampsTooFarInTheFuture() throws Exception {
        long future = System.currentTimeMillis() + 2 * 3600_000L;
        var response = produce("plain", plain(new SimpleRecord(future, "k".getBytes(), "v".getBytes())));
        assertThat(response.errorCode()).isEqualTo(Errors.INVALID_TIMESTAMP.code());
    }

    @Test
    void stampsLogAppendTime() throws Exception {
        long before = System.currentTimeMillis();
        var response = produce("stamped", MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(1000L, "k".getBytes(), "v".getBytes())));
        assertThat(response.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(response.logAppendTimeMs()).isBetween(before, System.currentTimeMillis());
        var read = broker.topics().topic("stamped").partition(0).log().read(0, 1000);
        var batch = MemoryRecords.readableRecords(read.region().readFully()).batches().iterator().next();
        assertThat(batch.isValid()).isTrue();
        assertThat(batch.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(batch.maxTimestamp()).isEqualTo(response.logAppendTimeMs());
    }

    @Test
    void answersUnknownTopic() throws Exception {
        assertThat(produce("nowhere", plain(new SimpleRecord("k".getBytes(), "v".getBytes()))).errorCode())
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
    }

    @Test
    void answersTooNewApiVersionsInV0WithTheSupportedRange() throws Exception {
        ApiVersionsResponse response = client.send(new ApiVersionsRequest.Builder(new ApiVersionsRequestData(), (short) 5, (short) 5).build((short) 5));
        // kafka-clients parses the v0 fallback answer for us; the error and the range are what matter.
        assertThat(response.data().errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
        assertThat(response.data().apiKeys().find(ApiKeys.API_VERSIONS.id).maxVersion()).isEqualTo((short) 4);
    }

    @Test
    void acksZeroGetsNoResponseButIsWritten() throws Exception {
        ProduceRequestData data = new ProduceRequestData().setAcks((short) 0).setTimeoutMs(5000);
        ProduceRequestData.TopicProduceData topicData = new ProduceRequestData.TopicProduceData().setName("plain");
        topicData.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(0)
                .setRecords(plain(new SimpleRecord("k".getBytes(), "v".getBytes()))));
        data.topicData().add(topicData);
        client.sendOneWay(ProduceRequest.builder(data, true).build((short) 9));
        assertThat(client.isClosedByPeer()).isFalse();
        assertThat(produce("plain", plain(new SimpleRecord("k".getBytes(), "w".getBytes()))).baseOffset()).isEqualTo(1);
    }
}
