package dev.herald.storage.log;

import dev.herald.storage.durability.FsyncPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.herald.storage.log.Batches.batch;
import static dev.herald.storage.log.Batches.readAll;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CompactionTest {
    @TempDir Path dataDir;
    LogDirectory directory;
    LogTest.MutableClock clock = new LogTest.MutableClock(1_700_000_000_000L);
    final LogConfig config = LogConfig.DEFAULT.withSegmentBytes(16_384).withDeleteRetentionMs(86_400_000)
            .withCleanupPolicy(Set.of(LogConfig.CleanupPolicy.COMPACT));

    @BeforeEach
    void open() throws IOException {
        directory = LogDirectory.open(dataDir, new FsyncPolicy.Interval(3_600_000), clock, Long.MAX_VALUE / 4);
    }

    @AfterEach
    void close() throws IOException {
        directory.close();
    }

    @Test
    void readersNeverSeeOffsetOutOfRangeWhileCompactionReplacesSegments() throws Exception {
        Log log = directory.openLog("table", 0, config.withSegmentBytes(1024));
        for (int i = 0; i < 200; i++) log.append(batch(clock.millis(), "key" + (i % 7) + "=value-" + i + "-".repeat(60)));
        log.roll(true);
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread reader = Thread.ofPlatform().name("reader").start(() -> {
            try {
                while (!done.get()) {
                    for (long offset = 0; offset < 200; offset += 13) {
                        Log.ReadResult result = log.read(offset, 500);
                        if (!result.isEmpty()) result.region().readFully();
                    }
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        try {
            for (int round = 0; round < 30 && failure.get() == null; round++) {
                log.append(batch(clock.millis(), "key" + round % 7 + "=again-" + round));
                log.roll(true);
                log.compact();
            }
        } finally {
            done.set(true);
            reader.join(10_000);
        }
        assertThat(failure.get()).as("what a reader saw during compaction").isNull();
    }

    /**
     * Stamping a tombstone's delete horizon rewrites its batch with larger timestamp deltas, so a segment in which
     * nothing else is removed comes out of the cleaner larger than it went in.
     */
    @Test
    void keepsEveryBatchWhenCleaningMakesASegmentLarger() throws Exception {
        Log log = directory.openLog("table", 0, config);
        String[] tombstones = new String[100];
        for (int i = 0; i < tombstones.length; i++) tombstones[i] = "deleted" + i + "=";
        log.append(batch(clock.millis(), tombstones));
        for (int i = 0; i < 40; i++) log.append(batch(clock.millis(), "key" + i + "=value-" + i));
        log.roll(true);
        log.compact();
        assertThat(readAll(log, 0)).hasSize(140).last().asString().isEqualTo("139:key39=value-39");
    }
}
