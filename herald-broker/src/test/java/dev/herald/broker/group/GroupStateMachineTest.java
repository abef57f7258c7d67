package dev.herald.broker.group;

import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random sequences of joins, syncs, heartbeats, leaves and passing time against one {@link Group}, checking after
 * every step what must always hold, and at the end that every parked JoinGroup and SyncGroup was answered once
 * the clients went away. Seeds are fixed so a failure reproduces.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GroupStateMachineTest {
    private static final List<String> PROTOCOLS = List.of("range", "roundrobin");
    private static final List<String> INSTANCES = List.of("i1", "i2", "i3");

    private final GroupCoordinatorTest.ManualClock clock = new GroupCoordinatorTest.ManualClock();

    @Test
    void keepsItsInvariantsAndAnswersEveryParkedRequest() {
        // Thousands of rebalances would log megabytes at INFO; slf4j-simple writes to whatever System.err is.
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(OutputStream.nullOutputStream()));
        try {
            for (int seed = 0; seed < 300; seed++) {
                try {
                    run(new Random(seed));
                } catch (AssertionError | RuntimeException e) {
                    throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
                }
            }
        } finally {
            System.setErr(stderr);
        }
    }

    private void run(Random random) {
        Group group = new Group("g", GroupConfig.defaults().withInitialRebalanceDelayMs(random.nextBoolean() ? 0 : 500), clock, g -> { });
        List<CompletableFuture<?>> parked = new ArrayList<>();
        Map<String, Integer> knownIds = new HashMap<>();
        int lastGeneration = 0;
        for (int step = 0; step < 200; step++) {
            Group.Snapshot before = group.snapshot();
            List<String> ids = new ArrayList<>(knownIds.keySet());
            String someId = ids.isEmpty() ? "nobody" : ids.get(random.nextInt(ids.size()));
            int generation = random.nextInt(4) == 0 ? before.generationId() - 1 : before.generationId();
            switch (random.nextInt(8)) {
                case 0, 1 -> {
                    String instance = random.nextInt(3) == 0 ? INSTANCES.get(random.nextInt(INSTANCES.size())) : null;
                    String memberId = random.nextBoolean() ? "" : someId;
                    CompletableFuture<JoinResult> result = group.join(join(random, memberId, instance));
                    parked.add(result.thenAccept(r -> { if (!r.memberId().isEmpty()) knownIds.put(r.memberId(), r.generationId()); }));
                }
                case 2, 3 -> {
                    Map<String, byte[]> assignments = new HashMap<>();
                    for (Group.MemberSnapshot member : before.members()) assignments.put(member.memberId(), new byte[]{(byte) step});
                    parked.add(group.sync(someId, null, generation, null, null, assignments));
                }
                case 4 -> group.heartbeat(someId, null, generation);
                case 5 -> {
                    if (random.nextBoolean()) group.leave(someId, null);
                    else group.leave("", INSTANCES.get(random.nextInt(INSTANCES.size())));
                }
                default -> {
                    clock.advance(random.nextInt(3_000));
                    group.tick();
                }
            }
            Group.Snapshot after = group.snapshot();
            assertThat(after.generationId()).as("generation never goes backwards").isGreaterThanOrEqualTo(lastGeneration);
            lastGeneration = after.generationId();
            checkInvariants(after);
        }
        // Every client goes away: time passes until sessions and rebalance deadlines have all run out.
        for (int i = 0; i < 200; i++) {
            clock.advance(1_000);
            group.tick();
        }
        assertThat(parked).as("every parked request was answered").allMatch(CompletableFuture::isDone);
        assertThat(group.state()).isEqualTo(GroupState.EMPTY);
    }

    private static void checkInvariants(Group.Snapshot group) {
        switch (group.state()) {
            case EMPTY -> assertThat(group.members()).as("an empty group has no members").isEmpty();
            case COMPLETING_REBALANCE, STABLE -> {
                assertThat(group.members()).as(group.state() + " has members").isNotEmpty();
                assertThat(group.protocolName()).as("a protocol was chosen").isIn(PROTOCOLS);
            }
            default -> { }
        }
        if (!group.members().isEmpty()) {
            assertThat(group.members()).as("the leader is a member").extracting(Group.MemberSnapshot::memberId).contains(group.leaderId());
        }
    }

    private static JoinRequest join(Random random, String memberId, String instance) {
        List<Member.Protocol> protocols = new ArrayList<>();
        for (String name : PROTOCOLS) if (random.nextInt(4) != 0) protocols.add(new Member.Protocol(name, new byte[]{(byte) random.nextInt(2)}));
        if (protocols.isEmpty()) protocols.add(new Member.Protocol("range", new byte[0]));
        return new JoinRequest("g", memberId, instance, "consumer", protocols, 1_000 + random.nextInt(4_000),
                1_000 + random.nextInt(4_000), "client", "/127.0.0.1", random.nextBoolean(), random.nextBoolean());
    }

    @Test
    void answersUnknownMemberForEveryRequestOfAnEmptyGroup() {
        Group group = new Group("g", GroupConfig.defaults(), clock, g -> { });
        assertThat(group.heartbeat("m", null, 0)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(group.sync("m", null, 0, null, null, Map.of()).join().error()).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(group.leave("m", null)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(group.validateCommit("m", null, 0)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(group.validateCommit("", null, -1)).as("simple commits are fine").isNull();
    }
}
