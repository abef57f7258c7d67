package dev.herald.storage.durability;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GroupCommitTest {

    /** A file whose first sync blocks until released, so that requests pile up behind it. */
    static final class BlockingFile implements GroupCommit.Syncable {
        final AtomicInteger syncs = new AtomicInteger();
        final CountDownLatch firstStarted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void sync() throws IOException {
            if (syncs.incrementAndGet() == 1) {
                firstStarted.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
        }
    }

    @Test
    void forcesEachFileOncePerRoundHoweverManyAppendsItCovers() throws Exception {
        BlockingFile file = new BlockingFile();
        AtomicInteger completions = new AtomicInteger();
        try (GroupCommit groupCommit = new GroupCommit()) {
            CompletableFuture<Void> first = groupCommit.sync(file, completions::incrementAndGet);
            file.firstStarted.await();
            List<CompletableFuture<Void>> queued = new ArrayList<>();
            for (int i = 0; i < 50; i++) queued.add(groupCommit.sync(file, completions::incrementAndGet));
            file.release.countDown();
            first.get(5, TimeUnit.SECONDS);
            CompletableFuture.allOf(queued.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
            assertThat(file.syncs).hasValue(2);
            assertThat(completions).hasValue(51);
            assertThat(groupCommit.rounds()).isEqualTo(2);
        }
    }

    @Test
    void forcesTheFilesOfARoundConcurrently() throws Exception {
        BlockingFile first = new BlockingFile();
        CountDownLatch bothSyncing = new CountDownLatch(2);
        GroupCommit.Syncable meetsTheOther = () -> {
            bothSyncing.countDown();
            try {
                if (!bothSyncing.await(10, TimeUnit.SECONDS)) throw new IOException("the other file was not forced at the same time");
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
        };
        GroupCommit.Syncable alsoMeets = meetsTheOther::sync;
        try (GroupCommit groupCommit = new GroupCommit()) {
            CompletableFuture<Void> blocker = groupCommit.sync(first, () -> { });
            first.firstStarted.await();
            CompletableFuture<Void> one = groupCommit.sync(meetsTheOther, () -> { });
            CompletableFuture<Void> two = groupCommit.sync(alsoMeets, () -> { });
            first.release.countDown();
            blocker.get(5, TimeUnit.SECONDS);
            one.get(15, TimeUnit.SECONDS);
            two.get(15, TimeUnit.SECONDS);
        }
    }

    @Test
    void failsEveryRequestCoveredByAFailedSyncAndNoOther() throws Exception {
        GroupCommit.Syncable broken = () -> { throw new IOException("disk on fire"); };
        AtomicInteger completions = new AtomicInteger();
        try (GroupCommit groupCommit = new GroupCommit()) {
            CompletableFuture<Void> failed = groupCommit.sync(broken, completions::incrementAndGet);
            CompletableFuture<Void> fine = groupCommit.sync(() -> { }, completions::incrementAndGet);
            assertThatThrownBy(() -> failed.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(IOException.class).hasMessageContaining("disk on fire");
            fine.get(5, TimeUnit.SECONDS);
            assertThat(completions).hasValue(1);
        }
    }

    @Test
    void refusesRequestsAfterClose() {
        GroupCommit groupCommit = new GroupCommit();
        groupCommit.close();
        assertThatThrownBy(() -> groupCommit.sync(() -> { }, () -> { }).get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(IOException.class);
    }
}
