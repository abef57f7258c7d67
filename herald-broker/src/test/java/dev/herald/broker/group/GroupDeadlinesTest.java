package dev.herald.broker.group;

import dev.herald.broker.topic.TopicManager;
import dev.herald.storage.durability.FsyncPolicy;
import dev.herald.storage.log.LogDirectory;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The timed parts of the group protocol: initial rebalance delay, rebalance timeout, sync timeout. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GroupDeadlinesTest {
    @TempDir Path dataDir;
    LogDirectory logs;
    GroupCoordinator coordinator;

    private void start(long initialDelayMs) throws Exception {
        logs = LogDirectory.open(dataDir, new FsyncPolicy.Always(), Clock.systemUTC(), 3_600_000);
        coordinator = GroupCoordinator.start(new TopicManager(logs), logs,
                GroupConfig.defaults().withInitialRebalanceDelayMs(initialDelayMs).withMinSessionTimeoutMs(1_000), Clock.systemUTC());
    }

    @AfterEach
    void stop() throws Exception {
        if (coordinator != null) coordinator.close();
        if (logs != null) logs.close();
    }

    private static JoinRequest join(String memberId, int rebalanceTimeoutMs) {
        return new JoinRequest("g", memberId, null, "consumer", List.of(new Member.Protocol("range", new byte[]{1})),
                30_000, rebalanceTimeoutMs, "client", "/127.0.0.1", false, false);
    }

    private CompletableFuture<JoinResult> joinAsync(String memberId, int rebalanceTimeoutMs) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return coordinator.join(join(memberId, rebalanceTimeoutMs));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private CompletableFuture<SyncResult> syncAsync(JoinResult joined, Map<String, byte[]> assignments) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return coordinator.sync("g", joined.memberId(), null, joined.generationId(), null, null, assignments);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void waitsTheInitialDelaySoThatMembersStartingTogetherFormOneGeneration() throws Exception {
        start(300);
        long started = System.nanoTime();
        CompletableFuture<JoinResult> first = joinAsync("", 10_000);
        CompletableFuture<JoinResult> second = joinAsync("", 10_000);
        JoinResult a = first.get(5, TimeUnit.SECONDS);
        JoinResult b = second.get(5, TimeUnit.SECONDS);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isGreaterThanOrEqualTo(300);
        assertThat(a.generationId()).isEqualTo(1).isEqualTo(b.generationId());
        assertThat(a.members().size() + b.members().size()).as("the leader sees both members").isEqualTo(2);
    }

    @Test
    void removesMembersThatDoNotRejoinWithinTheRebalanceTimeout() throws Exception {
        start(0);
        JoinResult first = coordinator.join(join("", 500));
        coordinator.sync("g", first.memberId(), null, 1, null, null, Map.of());
        CompletableFuture<JoinResult> newcomer = joinAsync("", 500);
        Thread.sleep(100);
        assertThat(newcomer).as("the join waits for the existing member").isNotDone();
        JoinResult joined = newcomer.get(5, TimeUnit.SECONDS);
        assertThat(joined.generationId()).isEqualTo(2);
        assertThat(coordinator.heartbeat("g", first.memberId(), null, 1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(coordinator.group("g").snapshot().members()).extracting(Group.MemberSnapshot::memberId).containsExactly(joined.memberId());
    }

    @Test
    void removesTheLeaderWhenItNeverSendsTheAssignment() throws Exception {
        start(0);
        JoinResult leader = coordinator.join(join("", 500));
        coordinator.sync("g", leader.memberId(), null, 1, null, null, Map.of());
        CompletableFuture<JoinResult> follower = joinAsync("", 500);
        Thread.sleep(100);
        JoinResult leaderAgain = coordinator.join(join(leader.memberId(), 500));
        JoinResult followerJoined = follower.get(5, TimeUnit.SECONDS);
        assertThat(leaderAgain.generationId()).isEqualTo(2);
        SyncResult parked = syncAsync(followerJoined, Map.of()).get(5, TimeUnit.SECONDS);
        assertThat(parked.error()).as("the follower's sync is released when the leader times out").isEqualTo(Errors.REBALANCE_IN_PROGRESS);
        assertThat(coordinator.heartbeat("g", leader.memberId(), null, 2)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }
}
