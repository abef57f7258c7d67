package dev.herald.broker.group;

import dev.herald.broker.topic.TopicManager;
import dev.herald.storage.durability.FsyncPolicy;
import dev.herald.storage.log.Log;
import dev.herald.storage.log.LogDirectory;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The coordinator without the network: offset expiry, lag, and the records it keeps in {@code __consumer_offsets}. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GroupCoordinatorTest {
    private static final long RETENTION_MS = TimeUnit.DAYS.toMillis(7);
    private static final TopicPartition T0 = new TopicPartition("t", 0);

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        final AtomicLong millis = new AtomicLong(1_700_000_000_000L);
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return Instant.ofEpochMilli(millis.get()); }
        @Override public long millis() { return millis.get(); }
        void advance(long ms) { millis.addAndGet(ms); }
    }

    @TempDir Path dataDir;
    final ManualClock clock = new ManualClock();
    LogDirectory logs;
    TopicManager topics;
    GroupCoordinator coordinator;

    @BeforeEach
    void open() throws Exception {
        logs = LogDirectory.open(dataDir, new FsyncPolicy.Always(), clock, 3_600_000);
        topics = new TopicManager(logs);
        coordinator = GroupCoordinator.start(topics, logs, GroupConfig.defaults().withInitialRebalanceDelayMs(0), clock);
    }

    @AfterEach
    void close() throws Exception {
        coordinator.close();
        logs.close();
    }

    private void reopen() throws Exception {
        close();
        open();
    }

    private Errors simpleCommit(String group, long offset) throws Exception {
        return coordinator.commit(group, "", null, -1, List.of(new GroupCoordinator.Commit(T0, offset, -1, ""))).get(T0);
    }

    private void produce(long firstTimestamp, int count) throws Exception {
        Log log = topics.topic("t").partition(0).log();
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = new SimpleRecord(firstTimestamp + i * 1000L, ("k" + i).getBytes(StandardCharsets.UTF_8), ("v" + i).getBytes(StandardCharsets.UTF_8));
        }
        log.append(MemoryRecords.withRecords(Compression.NONE, records).buffer()).durable().get(5, TimeUnit.SECONDS);
    }

    @Test
    void expiresOffsetsOfAGroupEmptyLongerThanTheRetention() throws Exception {
        topics.create("t", 1, Map.of());
        assertThat(simpleCommit("idle", 3)).isEqualTo(Errors.NONE);
        clock.advance(RETENTION_MS - 1);
        coordinator.expireOffsets();
        assertThat(coordinator.committed("idle", List.of(T0)).get(T0).offset()).isEqualTo(3);

        clock.advance(1);
        coordinator.expireOffsets();
        assertThat(coordinator.committed("idle", List.of(T0)).get(T0)).isNull();
        assertThat(coordinator.group("idle")).as("a group left without offsets is deleted").isNull();
        reopen();
        assertThat(coordinator.group("idle")).as("the expiry is durable").isNull();
    }

    @Test
    void dropsOffsetsOfDeletedTopicsSoARecreatedTopicStartsFresh() throws Exception {
        topics.create("t", 1, Map.of());
        assertThat(simpleCommit("g", 5)).isEqualTo(Errors.NONE);
        assertThat(topics.delete("t")).isNull();
        coordinator.expireOffsets();
        topics.create("t", 1, Map.of());
        assertThat(coordinator.committed("g", List.of(T0)).get(T0)).isNull();
    }

    @Test
    void countsTheRetentionFromWhenTheGroupBecameEmpty() throws Exception {
        topics.create("t", 1, Map.of());
        JoinResult joined = coordinator.join(new JoinRequest("busy", "", null, "consumer",
                List.of(new Member.Protocol("range", new byte[0])), 30_000, 30_000, "client", "/127.0.0.1", false, false));
        assertThat(joined.error()).isEqualTo(Errors.NONE);
        assertThat(coordinator.sync("busy", joined.memberId(), null, joined.generationId(), null, null, Map.of()).error()).isEqualTo(Errors.NONE);
        assertThat(coordinator.commit("busy", joined.memberId(), null, joined.generationId(),
                List.of(new GroupCoordinator.Commit(T0, 9, -1, "")))).containsEntry(T0, Errors.NONE);
        clock.advance(RETENTION_MS * 2);
        coordinator.expireOffsets();
        assertThat(coordinator.committed("busy", List.of(T0)).get(T0).offset()).as("kept while the group had a member").isEqualTo(9);

        // The member's session has long expired on the moved clock; the group is empty from now on.
        ConsumerGroupTest.await("the member times out", 5_000, () -> coordinator.group("busy").state() == GroupState.EMPTY);
        clock.advance(RETENTION_MS);
        coordinator.expireOffsets();
        assertThat(coordinator.committed("busy", List.of(T0)).get(T0)).isNull();
    }

    @Test
    void computesLagInRecordsAndInTime() throws Exception {
        topics.create("t", 1, Map.of());
        long first = clock.millis() - 60_000;
        produce(first, 10);
        assertThat(simpleCommit("reader", 4)).isEqualTo(Errors.NONE);
        assertThat(coordinator.lag("reader")).singleElement().satisfies(lag -> {
            assertThat(lag.committedOffset()).isEqualTo(4);
            assertThat(lag.endOffset()).isEqualTo(10);
            assertThat(lag.lag()).isEqualTo(6);
            assertThat(lag.timeLagMs()).as("the record at offset 4 is 56 s old").isEqualTo(56_000);
        });
        assertThat(simpleCommit("reader", 10)).isEqualTo(Errors.NONE);
        assertThat(coordinator.lag("reader").get(0).lag()).isZero();
        assertThat(coordinator.lag("reader").get(0).timeLagMs()).isZero();
    }

    @Test
    void replaysTheLatestCommitAndIgnoresRecordsItCannotDecode() throws Exception {
        topics.create("t", 1, Map.of());
        simpleCommit("g", 1);
        simpleCommit("g", 2);
        Log offsetsLog = topics.topic(OffsetStore.TOPIC).partition(0).log();
        offsetsLog.append(MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("junk".getBytes(StandardCharsets.UTF_8), new byte[3])).buffer())
                .durable().get(5, TimeUnit.SECONDS);
        simpleCommit("g", 3);
        reopen();
        assertThat(coordinator.committed("g", List.of(T0)).get(T0).offset()).isEqualTo(3);
    }

    @Test
    void encodesAndDecodesEveryRecordKind() {
        var offsetKey = new OffsetRecords.OffsetKey("grüppe", "topic", 7);
        assertThat(OffsetRecords.decodeKey(ByteBuffer.wrap(OffsetRecords.key(offsetKey)))).isEqualTo(offsetKey);
        var groupKey = new OffsetRecords.GroupKey("g");
        assertThat(OffsetRecords.decodeKey(ByteBuffer.wrap(OffsetRecords.key(groupKey)))).isEqualTo(groupKey);
        var offset = new OffsetRecords.OffsetValue(42, 3, null, 123);
        assertThat(OffsetRecords.decodeOffset(ByteBuffer.wrap(OffsetRecords.value(offset)))).isEqualTo(offset);
        var group = new OffsetRecords.GroupValue(9, "consumer", null, 2, 456);
        assertThat(OffsetRecords.decodeGroup(ByteBuffer.wrap(OffsetRecords.value(group)))).isEqualTo(group);
    }
}
