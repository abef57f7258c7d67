package dev.herald.broker.produce;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Snapshot files round-trip the producer state, including when each producer last wrote, which decides expiry. */
class ProducerSnapshotsTest {
    @TempDir Path folder;

    @Test
    void keepsWhenEachProducerLastWroteSoThatExpiryOutlivesARestart() throws Exception {
        long now = 1_800_000_000_000L;
        ProducerStates states = new ProducerStates();
        states.record(1, (short) 0, 0, 9, 0, 9, 5L, now - ProducerStates.EXPIRATION_MS + 60_000);   // idle 23h59
        states.record(2, (short) 3, 0, 4, 10, 14, 5L, now - 1_000);
        ProducerSnapshots.write(folder, 15, states);

        ProducerSnapshots.Restored restored = ProducerSnapshots.restore(folder, 15);
        assertThat(restored.replayFrom()).isEqualTo(15);
        ProducerStates loaded = restored.states();
        assertThat(loaded.size()).isEqualTo(2);
        loaded.expire(now, ProducerStates.EXPIRATION_MS);
        assertThat(loaded.size()).isEqualTo(2);
        loaded.expire(now + 120_000, ProducerStates.EXPIRATION_MS);
        assertThat(loaded.size()).as("producer 1 is idle for more than a day two minutes later").isEqualTo(1);
        long[] epochAndLast = new long[2];
        loaded.forEachProducer((id, epoch, lastAppendMs, batches) -> {
            epochAndLast[0] = epoch;
            epochAndLast[1] = lastAppendMs;
        });
        assertThat(epochAndLast).containsExactly(3, now - 1_000);
    }

    @Test
    void anEmptyFolderMeansReplayingTheWholeLog() throws Exception {
        ProducerSnapshots.Restored restored = ProducerSnapshots.restore(folder, 42);
        assertThat(restored.replayFrom()).isZero();
        assertThat(restored.states().size()).isZero();
    }
}
