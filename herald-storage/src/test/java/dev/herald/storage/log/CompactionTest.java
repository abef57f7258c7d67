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
