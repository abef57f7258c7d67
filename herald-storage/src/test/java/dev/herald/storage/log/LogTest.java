package dev.herald.storage.log;

import dev.herald.storage.durability.FsyncPolicy;
import org.apache.kafka.common.compress.Compression;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.herald.storage.log.Batches.batch;
import static dev.herald.storage.log.Batches.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LogTest {
    @TempDir Path dataDir;
    LogDirectory directory;
    MutableClock clock = new MutableClock(1_700_000_000_000L);

    @BeforeEach
    void open() throws IOException {
        directory = LogDirectory.open(dataDir, new FsyncPolicy.Always(), clock, Long.MAX_VALUE / 4);
    }

    @AfterEach
    void close() throws IOException {
        directory.close();
    }

    private Log log(LogConfig config) throws IOException {
        return directory.openLog("orders", 0, config);
    }

    private void reopen(boolean clean) throws IOException {
        if (clean) {
            directory.close();
        } else {
            directory.groupCommit().close();
        }
        directory = LogDirectory.open(dataDir, new FsyncPolicy.Always(), clock, Long.MAX_VALUE / 4);
    }

    private static void appendDurably(Log log, ByteBuffer batch) throws Exception {
        log.append(batch).durable().get(10, TimeUnit.SECONDS);
    }

    @Test
    void namesFilesAfterTheirOffsetInTwentyDigitsAsKafkaDoes() {
        assertThat(Log.fileName(0, ".log")).isEqualTo("00000000000000000000.log");
        assertThat(Log.fileName(368_769, ".index")).isEqualTo("00000000000000368769.index");
        assertThat(Log.fileName(Long.MAX_VALUE, ".snapshot")).isEqualTo("09223372036854775807.snapshot");
        assertThatThrownBy(() -> Log.fileName(-1, ".log")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void assignsConsecutiveOffsetsAndReadsBack() throws Exception {
        Log log = log(LogConfig.DEFAULT);
        Log.AppendResult first = log.append(batch(clock.millis(), "a=1", "b=2"));
        first.durable().get();
        Log.AppendResult second = log.append(batch(clock.millis(), "c=3"));
        second.durable().get();
        assertThat(first.firstOffset()).isZero();
        assertThat(first.lastOffset()).isEqualTo(1);
        assertThat(second.firstOffset()).isEqualTo(2);
        assertThat(log.logEndOffset()).isEqualTo(3);
        assertThat(log.highWatermark()).isEqualTo(3);
        assertThat(readAll(log, 0)).containsExactly("0:a=1", "1:b=2", "2:c=3");
    }

    @Test
    void readFromOffsetInsideBatchStartsAtThatBatch() throws Exception {
        Log log = log(LogConfig.DEFAULT);
        appendDurably(log, batch(clock.millis(), "a=1", "b=2", "c=3"));
        Log.ReadResult result = log.read(1, 1);
        assertThat(Batches.records(result.region().readFully())).first().isEqualTo("0:a=1");
    }

    @Test
    void returnsWholeFirstBatchEvenWhenLargerThanMaxBytes() throws Exception {
        Log log = log(LogConfig.DEFAULT);
        appendDurably(log, batch(clock.millis(), "x".repeat(5000)));
        Log.ReadResult result = log.read(0, 10);
        assertThat(result.sizeInBytes()).isGreaterThan(5000);
        assertThat(Batches.records(result.region().readFully())).hasSize(1);
    }

    @Test
    void rejectsReadsOutsideTheLog() throws Exception {
        Log log = log(LogConfig.DEFAULT);
        appendDurably(log, batch(clock.millis(), "a=1"));
        assertThat(log.read(1, 100).isEmpty()).isTrue();
        assertThatThrownBy(() -> log.read(2, 100)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThatThrownBy(() -> log.read(-1, 100)).isInstanceOf(OffsetOutOfRangeException.class);
    }

    @Test
    void rollsSegmentsBySizeAndKeepsOffsets() throws Exception {
        Log log = log(LogConfig.DEFAULT.withSegmentBytes(1024));
        for (int i = 0; i < 50; i++) appendDurably(log, batch(clock.millis(), "k" + i + "=" + "v".repeat(100)));
        assertThat(log.segmentCount()).isGreaterThan(5);
        assertThat(readAll(log, 0)).hasSize(50).element(49).asString().startsWith("49:k49=");
        assertThat(readAll(log, 37)).first().asString().startsWith("37:k37=");
    }

    @Test
    void rollsSegmentsByAge() throws Exception {
        Log log = log(LogConfig.DEFAULT.withSegmentMs(1000));
        appendDurably(log, batch(clock.millis(), "a=1"));
        clock.advance(1500);
        appendDurably(log, batch(clock.millis(), "b=2"));
        assertThat(log.segmentCount()).isEqualTo(2);
    }

    @Test
    void keepsEverythingAcrossCleanRestart() throws Exception {
        Log log = log(LogConfig.DEFAULT.withSegmentBytes(2048));
        for (int i = 0; i < 30; i++) appendDurably(log, batch(clock.millis(), "k" + i + "=" + "v".repeat(100)));
        reopen(true);
        Log reopened = log(LogConfig.DEFAULT.withSegmentBytes(2048));
        assertThat(reopened.logEndOffset()).isEqualTo(30);
        assertThat(readAll(reopened, 0)).hasSize(30);
        appendDurably(reopened, batch(clock.millis(), "after=restart"));
        assertThat(readAll(reopened, 30)).containsExactly("30:after=restart");
    }

    @Test
    void truncatesTornTailAfterUncleanStop() throws Exception {
        Log log = log(LogConfig.DEFAULT);
        appendDurably(log, batch(clock.millis(), "a=1"));
        appendDurably(log, batch(clock.millis(), "b=2"));
        Path segment = log.directory().resolve(Log.fileName(0, ".log"));
        long goodSize = Files.size(segment);
        reopen(false);
        // Half a batch written when the process died.
        ByteBuffer torn = batch(clock.millis(), "c=3");
        torn.limit(torn.limit() / 2);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            channel.write(torn);
        }
        directory.close();
        Files.delete(dataDir.resolve(LogDirectory.CLEAN_SHUTDOWN_FILE));
        directory = LogDirectory.open(dataDir, new FsyncPolicy.Always(), clock, Long.MAX_VALUE / 4);
        Log recovered = log(LogConfig.DEFAULT);
        assertThat(Files.size(segment)).isEqualTo(goodSize);
        assertThat(readAll(recovered, 0)).containsExactly("0:a=1", "1:b=2");
        assertThat(recovered.logEndOffset()).isEqualTo(2);
    }

    @Test
    void truncatesCorruptBatchFoundByCrc() throws Exception {
        Log log = log(LogConfig.DEFAULT);
        appendDurably(log, batch(clock.millis(), "a=1"));
        long firstBatchEnd = Files.size(log.directory().resolve(Log.fileName(0, ".log")));
        appendDurably(log, batch(clock.millis(), "b=2"));
        Path segment = log.directory().resolve(Log.fileName(0, ".log"));
        directory.close();
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {'X'}), Files.size(segment) - 1);
        }
        Files.delete(dataDir.resolve(LogDirectory.CLEAN_SHUTDOWN_FILE));
        directory = LogDirectory.open(dataDir, new FsyncPolicy.Always(), clock, Long.MAX_VALUE / 4);
        Log recovered = log(LogConfig.DEFAULT);
        assertThat(Files.size(segment)).isEqualTo(firstBatchEnd);
        assertThat(readAll(recovered, 0)).containsExactly("0:a=1");
    }

    @Test
    void rebuildsTruncatedIndexOfSealedSegment() throws Exception {
        Log log = log(LogConfig.DEFAULT.withSegmentBytes(1024).withIndexIntervalBytes(100));
        for (int i = 0; i < 40; i++) appendDurably(log, batch(clock.millis(), "k" + i + "=" + "v".repeat(60)));
        directory.close();
        Path index = dataDir.resolve("orders-0").resolve(Log.fileName(0, ".index"));
        try (FileChannel channel = FileChannel.open(index, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 3);
        }
        directory = LogDirectory.open(dataDir, new FsyncPolicy.Always(), clock, Long.MAX_VALUE / 4);
        Log reopened = log(LogConfig.DEFAULT.withSegmentBytes(1024).withIndexIntervalBytes(100));
        assertThat(readAll(reopened, 0)).hasSize(40);
        assertThat(readAll(reopened, 3)).first().asString().startsWith("3:k3=");
    }

    @Test
    void findsFirstOffsetAtOrAfterTimestamp() throws Exception {
        Log log = log(LogConfig.DEFAULT.withSegmentBytes(1024).withIndexIntervalBytes(64));
        long t0 = clock.millis();
        for (int i = 0; i < 30; i++) appendDurably(log, batch(t0 + i * 1000L, "k" + i + "=" + "v".repeat(50)));
        assertThat(log.offsetForTimestamp(t0 + 10_000)).isEqualTo(new Log.TimestampAndOffset(t0 + 10_000, 10));
        assertThat(log.offsetForTimestamp(t0 + 10_500)).isEqualTo(new Log.TimestampAndOffset(t0 + 11_000, 11));
        assertThat(log.offsetForTimestamp(t0 - 5)).isEqualTo(new Log.TimestampAndOffset(t0, 0));
        assertThat(log.offsetForTimestamp(t0 + 1_000_000)).isNull();
        assertThat(log.maxTimestamp()).isEqualTo(new Log.TimestampAndOffset(t0 + 29_000, 29));
    }

    @Test
    void findsRecordInsideCompressedBatchByTimestamp() throws Exception {
        Log log = log(LogConfig.DEFAULT);
        long t0 = clock.millis();
        appendDurably(log, batch(Compression.gzip().build(), t0, "a=1", "b=2", "c=3", "d=4"));
        assertThat(log.offsetForTimestamp(t0 + 2)).isEqualTo(new Log.TimestampAndOffset(t0 + 2, 2));
    }

    @Test
    @Timeout(10)
    void runsMaintenanceTasksPeriodicallyEvenAfterOneThrows() throws Exception {
        CountDownLatch runs = new CountDownLatch(3);
        directory.scheduleMaintenance("Flaky upkeep", () -> {
            runs.countDown();
            throw new IllegalStateException("fails every time");
        }, 10);
        assertThat(runs.await(5, TimeUnit.SECONDS)).as("ran again after throwing").isTrue();
    }

    @Test
    void deletesOldSegmentsByRetentionTime() throws Exception {
        Log log = log(LogConfig.DEFAULT.withSegmentBytes(1024).withRetentionMs(60_000));
        for (int i = 0; i < 20; i++) appendDurably(log, batch(clock.millis(), "k" + i + "=" + "v".repeat(100)));
        clock.advance(120_000);
        log.applyRetention();
        assertThat(log.logStartOffset()).isEqualTo(20);
        assertThat(log.logEndOffset()).isEqualTo(20);
        appendDurably(log, batch(clock.millis(), "fresh=1"));
        assertThat(readAll(log, log.logStartOffset())).containsExactly("20:fresh=1");
        assertThatThrownBy(() -> log.read(0, 100)).isInstanceOf(OffsetOutOfRangeException.class);
    }

    @Test
    void deletesOldestSegmentsByRetentionBytes() throws Exception {
        Log log = log(LogConfig.DEFAULT.withSegmentBytes(1024).withRetentionBytes(3000));
        for (int i = 0; i < 40; i++) appendDurably(log, batch(clock.millis(), "k" + i + "=" + "v".repeat(100)));
        log.applyRetention();
        assertThat(log.sizeInBytes()).isLessThanOrEqualTo(3000 + 1024);
        assertThat(log.logStartOffset()).isGreaterThan(0);
        assertThat(readAll(log, log.logStartOffset()).getLast()).startsWith("39:");
    }

    @Test
    void advancesLogStartOffsetForDeleteRecords() throws Exception {
        Log log = log(LogConfig.DEFAULT.withSegmentBytes(1024));
        for (int i = 0; i < 30; i++) appendDurably(log, batch(clock.millis(), "k" + i + "=" + "v".repeat(100)));
        assertThat(log.deleteRecordsBefore(17)).isEqualTo(17);
        assertThat(readAll(log, 17)).first().asString().startsWith("17:");
        assertThatThrownBy(() -> log.read(16, 100)).isInstanceOf(OffsetOutOfRangeException.class);
        reopen(true);
        assertThat(log(LogConfig.DEFAULT.withSegmentBytes(1024)).logStartOffset()).isEqualTo(17);
    }

    @Test
    void compactionKeepsLatestValuePerKeyAndDropsOldTombstones() throws Exception {
        LogConfig config = LogConfig.DEFAULT.withSegmentBytes(1024).withDeleteRetentionMs(1000)
                .withCleanupPolicy(Set.of(LogConfig.CleanupPolicy.COMPACT));
        Log log = log(config);
        for (int round = 0; round < 5; round++) {
            for (String key : List.of("a", "b", "c")) appendDurably(log, batch(clock.millis(), key + "=" + round + "x".repeat(80)));
        }
        appendDurably(log, batch(clock.millis(), "b="));
        appendDurably(log, batch(clock.millis(), "d=last"));
        log.roll(true);
        log.compact();
        List<String> compacted = readAll(log, 0);
        assertThat(compacted).extracting(r -> r.substring(r.indexOf(':') + 1, r.indexOf(':') + 3))
                .containsExactly("a=", "c=", "b=", "d=");
        assertThat(log.logEndOffset()).isEqualTo(17);
        clock.advance(5000);
        log.compact();
        assertThat(readAll(log, 0)).noneMatch(r -> r.contains(":b="));
        reopen(true);
        assertThat(readAll(log(config), 0)).hasSize(3);
    }

    @Test
    void deleteRemovesPartitionFolder() throws Exception {
        Log log = log(LogConfig.DEFAULT);
        appendDurably(log, batch(clock.millis(), "a=1"));
        directory.deleteLog("orders", 0);
        assertThat(dataDir.resolve("orders-0")).doesNotExist();
        assertThat(directory.log("orders", 0)).isNull();
    }

    @Test
    void wakesWaitingReaderOnAppend() throws Exception {
        Log log = log(LogConfig.DEFAULT);
        var waiter = log.awaitDataBeyond(0);
        assertThat(waiter).isNotDone();
        appendDurably(log, batch(clock.millis(), "a=1"));
        waiter.get(5, TimeUnit.SECONDS);
    }

    @Test
    void neverLosesAWaitingReaderWhileAppendsRace() throws Exception {
        Log log = log(LogConfig.DEFAULT.withSegmentBytes(64 * 1024));
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread writer = Thread.ofPlatform().start(() -> {
            try {
                while (writing.get()) log.append(batch(clock.millis(), "k=v")).durable().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            int waits = 0;
            while (System.nanoTime() < deadline) {
                long offset = log.highWatermark();
                // Every wait must end on the next append; a lost registration would hang here until the timeout.
                log.awaitDataBeyond(offset).get(5, TimeUnit.SECONDS);
                assertThat(log.highWatermark()).isGreaterThan(offset);
                waits++;
            }
            assertThat(waits).isGreaterThan(10);
        } finally {
            writing.set(false);
            writer.join(10_000);
        }
    }

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        private volatile long millis;
        MutableClock(long millis) { this.millis = millis; }
        void advance(long ms) { millis += ms; }
        @Override public long millis() { return millis; }
        @Override public Instant instant() { return Instant.ofEpochMilli(millis); }
        @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    }
}
