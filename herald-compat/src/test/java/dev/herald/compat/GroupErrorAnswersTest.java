package dev.herald.compat;

import static dev.herald.compat.Clients.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testkit.KafkaTarget;
import dev.herald.testkit.KafkaWire;
import dev.herald.testkit.OnEachBroker;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData.Coordinator;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocolCollection;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData.SyncGroupRequestAssignment;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeGroupsRequest;
import org.apache.kafka.common.requests.DescribeGroupsResponse;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.FindCoordinatorResponse;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.HeartbeatResponse;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.apache.kafka.common.requests.LeaveGroupRequest;
import org.apache.kafka.common.requests.LeaveGroupResponse;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetCommitResponse;
import org.apache.kafka.common.requests.SyncGroupRequest;
import org.apache.kafka.common.requests.SyncGroupResponse;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * The classic group protocol's answers to requests real clients make when they are late, confused or restarted,
 * sent byte-exact with {@link KafkaWire} because clients hide these codes behind retries. Every expectation here is
 * what Apache Kafka 4.4 answers; Herald must answer the same. Versions are the newest the Java client sends that
 * kafka-protocol.md recommends Herald advertise.
 */
@Tag("groups")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GroupErrorAnswersTest {

    private static final short JOIN_GROUP = 9;
    private static final short SYNC_GROUP = 5;
    private static final short HEARTBEAT = 4;
    private static final short LEAVE_GROUP = 5;
    private static final short OFFSET_COMMIT = 9;
    private static final short FIND_COORDINATOR = 4;
    private static final short DESCRIBE_GROUPS = 5;

    private static final Set<Errors> COORDINATOR_NOT_READY =
            Set.of(Errors.COORDINATOR_NOT_AVAILABLE, Errors.NOT_COORDINATOR, Errors.COORDINATOR_LOAD_IN_PROGRESS);

    /** The topic members subscribe to and commit offsets for; brokers check that it exists. */
    private String topic;

    @OnEachBroker
    void findsThisBrokerAsCoordinatorOfAnyGroup(KafkaTarget broker) {
        try (KafkaWire wire = KafkaWire.connect(broker)) {
            Coordinator coordinator = awaitCoordinator(wire, unique("any", broker));
            assertThat(coordinator.host()).isEqualTo(broker.host());
            assertThat(coordinator.port()).isEqualTo(broker.port());
        }
    }

    @OnEachBroker
    void asksANewMemberToRejoinWithTheIdItAssigns(KafkaTarget broker) {
        topic = unique("wire-topic", broker);
        Clients.createTopic(broker, topic, 1);
        String group = unique("wire-join", broker);
        try (KafkaWire wire = KafkaWire.connect(broker)) {
            awaitCoordinator(wire, group);
            JoinGroupResponseData first = join(wire, group, "").data();
            assertThat(Errors.forCode(first.errorCode())).isEqualTo(Errors.MEMBER_ID_REQUIRED);
            assertThat(first.memberId()).isNotEmpty();

            JoinGroupResponseData joined = join(wire, group, first.memberId()).data();
            assertThat(Errors.forCode(joined.errorCode())).isEqualTo(Errors.NONE);
            assertThat(joined.generationId()).isEqualTo(1);
            assertThat(joined.leader()).isEqualTo(first.memberId());
            assertThat(joined.memberId()).isEqualTo(first.memberId());
            assertThat(joined.protocolType()).isEqualTo("consumer");
            assertThat(joined.protocolName()).isEqualTo("range");
            assertThat(joined.members()).singleElement().satisfies(m -> assertThat(m.memberId()).isEqualTo(first.memberId()));
            leave(wire, group, first.memberId());
        }
    }

    @OnEachBroker
    void refusesUnknownMembersAndStaleGenerations(KafkaTarget broker) {
        topic = unique("wire-topic", broker);
        Clients.createTopic(broker, topic, 1);
        String group = unique("wire-errors", broker);
        try (KafkaWire wire = KafkaWire.connect(broker)) {
            String member = joinAndSync(wire, group);

            assertThat(heartbeat(wire, group, member, 1)).isEqualTo(Errors.NONE);
            assertThat(heartbeat(wire, group, member, 2)).isEqualTo(Errors.ILLEGAL_GENERATION);
            assertThat(heartbeat(wire, group, "stranger", 1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
            assertThat(heartbeat(wire, unique("no-such-group", broker), "stranger", 1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);

            assertThat(Errors.forCode(sync(wire, group, member, 2, List.of()).errorCode())).isEqualTo(Errors.ILLEGAL_GENERATION);
            assertThat(Errors.forCode(sync(wire, group, "stranger", 1, List.of()).errorCode())).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
            assertThat(Errors.forCode(join(wire, group, "stranger").data().errorCode())).isEqualTo(Errors.UNKNOWN_MEMBER_ID);

            assertThat(commit(wire, group, member, 1)).isEqualTo(Errors.NONE);
            assertThat(commit(wire, group, member, 2)).isEqualTo(Errors.ILLEGAL_GENERATION);
            assertThat(commit(wire, group, "stranger", 1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
            // Outside any generation (what the Admin client and kafka-consumer-groups do) a commit to a live group is refused.
            assertThat(commit(wire, group, "", -1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
            assertThat(commit(wire, unique("standalone", broker), "", -1)).isEqualTo(Errors.NONE);

            LeaveGroupResponseData stranger = leave(wire, group, "stranger");
            assertThat(Errors.forCode(stranger.errorCode())).isEqualTo(Errors.NONE);
            assertThat(Errors.forCode(stranger.members().getFirst().errorCode())).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
            assertThat(Errors.forCode(leave(wire, group, member).members().getFirst().errorCode())).isEqualTo(Errors.NONE);
        }
    }

    @OnEachBroker
    void toldMembersRebalanceWhenAnotherJoinsAndBothRejoinInTheNextGeneration(KafkaTarget broker) throws Exception {
        topic = unique("wire-topic", broker);
        Clients.createTopic(broker, topic, 1);
        String group = unique("wire-rebalance", broker);
        try (KafkaWire first = KafkaWire.connect(broker); KafkaWire second = KafkaWire.connect(broker)) {
            String firstMember = joinAndSync(first, group);
            String secondMember = join(second, group, "").data().memberId();
            // The second JoinGroup is parked until every known member has rejoined: send it from another thread.
            CompletableFuture<JoinGroupResponseData> secondJoin =
                    CompletableFuture.supplyAsync(() -> join(second, group, secondMember).data());

            Clients.await("the group to start rebalancing", () -> heartbeat(first, group, firstMember, 1) != Errors.NONE);
            assertThat(heartbeat(first, group, firstMember, 1)).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
            // While the group prepares the rebalance a member may still commit for its generation (the Java client
            // does so from onPartitionsRevoked).
            assertThat(commit(first, group, firstMember, 1)).isEqualTo(Errors.NONE);

            JoinGroupResponseData rejoined = join(first, group, firstMember).data();
            JoinGroupResponseData secondJoined = secondJoin.get(30, TimeUnit.SECONDS);
            assertThat(Errors.forCode(rejoined.errorCode())).isEqualTo(Errors.NONE);
            assertThat(Errors.forCode(secondJoined.errorCode())).isEqualTo(Errors.NONE);
            assertThat(rejoined.generationId()).isEqualTo(2).isEqualTo(secondJoined.generationId());
            assertThat(rejoined.leader()).isEqualTo(firstMember).isEqualTo(secondJoined.leader());
            assertThat(rejoined.members()).hasSize(2);
            assertThat(secondJoined.members()).as("followers do not get the member list").isEmpty();

            // Joined but not synced: the new generation has no assignment yet, so its commits are refused.
            assertThat(commit(first, group, firstMember, 2)).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
            assertThat(heartbeat(second, group, secondMember, 2)).isEqualTo(Errors.NONE);
            byte[] assignment = bytes(ConsumerProtocol.serializeAssignment(new ConsumerPartitionAssignor.Assignment(
                    List.of(new TopicPartition(topic, 0)))));
            SyncGroupResponseData leaderSync = sync(first, group, firstMember, 2, List.of(
                    new SyncGroupRequestAssignment().setMemberId(secondMember).setAssignment(assignment),
                    new SyncGroupRequestAssignment().setMemberId(firstMember).setAssignment(bytes(ConsumerProtocol
                            .serializeAssignment(new ConsumerPartitionAssignor.Assignment(List.of()))))));
            assertThat(Errors.forCode(leaderSync.errorCode())).isEqualTo(Errors.NONE);
            SyncGroupResponseData followerSync = sync(second, group, secondMember, 2, List.of());
            assertThat(Errors.forCode(followerSync.errorCode())).isEqualTo(Errors.NONE);
            assertThat(followerSync.assignment()).isEqualTo(assignment);

            assertThat(commit(second, group, secondMember, 2)).isEqualTo(Errors.NONE);
            assertThat(heartbeat(first, group, firstMember, 1)).isEqualTo(Errors.ILLEGAL_GENERATION);
            leave(first, group, firstMember);
            leave(second, group, secondMember);
        }
    }

    @OnEachBroker
    void describesGroupsAndReportsUnknownOnesAsDead(KafkaTarget broker) {
        topic = unique("wire-topic", broker);
        Clients.createTopic(broker, topic, 1);
        String group = unique("wire-describe", broker);
        try (KafkaWire wire = KafkaWire.connect(broker)) {
            String member = joinAndSync(wire, group);
            String unknown = unique("wire-unknown", broker);
            DescribeGroupsResponse response = wire.send(new DescribeGroupsRequest.Builder(new DescribeGroupsRequestData()
                    .setGroups(List.of(group, unknown))), DESCRIBE_GROUPS);

            DescribedGroup described = response.data().groups().get(0);
            assertThat(Errors.forCode(described.errorCode())).isEqualTo(Errors.NONE);
            assertThat(described.groupState()).isEqualTo("Stable");
            assertThat(described.protocolType()).isEqualTo("consumer");
            assertThat(described.protocolData()).isEqualTo("range");
            assertThat(described.members()).singleElement().satisfies(m -> {
                assertThat(m.memberId()).isEqualTo(member);
                assertThat(ConsumerProtocol.deserializeAssignment(ByteBuffer.wrap(m.memberAssignment())).partitions())
                        .extracting(tp -> tp.topic() + "-" + tp.partition()).containsExactly(topic + "-0");
            });

            DescribedGroup dead = response.data().groups().get(1);
            assertThat(dead.groupId()).isEqualTo(unknown);
            assertThat(Errors.forCode(dead.errorCode())).isEqualTo(Errors.NONE);
            assertThat(dead.groupState()).isEqualTo("Dead");
            leave(wire, group, member);
        }
    }

    /** Joins as the only member (two JoinGroups: the first asks for a member id), syncs an assignment, returns the id. */
    private String joinAndSync(KafkaWire wire, String group) {
        awaitCoordinator(wire, group);
        String member = join(wire, group, "").data().memberId();
        JoinGroupResponseData joined = join(wire, group, member).data();
        assertThat(Errors.forCode(joined.errorCode())).isEqualTo(Errors.NONE);
        byte[] assignment = bytes(ConsumerProtocol.serializeAssignment(new ConsumerPartitionAssignor.Assignment(
                List.of(new TopicPartition(topic, 0)))));
        SyncGroupResponseData synced = sync(wire, group, member, joined.generationId(),
                List.of(new SyncGroupRequestAssignment().setMemberId(member).setAssignment(assignment)));
        assertThat(Errors.forCode(synced.errorCode())).isEqualTo(Errors.NONE);
        assertThat(synced.assignment()).isEqualTo(assignment);
        return member;
    }

    /**
     * What every client does first: FindCoordinator until it names a node, then retry while that node is still
     * loading the group. Apache Kafka answers COORDINATOR_NOT_AVAILABLE while it creates {@code __consumer_offsets}
     * on first use, then NOT_COORDINATOR or COORDINATOR_LOAD_IN_PROGRESS while it loads it; clients retry on all three.
     */
    private static Coordinator awaitCoordinator(KafkaWire wire, String group) {
        Coordinator[] found = new Coordinator[1];
        Clients.await("a coordinator for " + group, () -> {
            FindCoordinatorResponse response = wire.send(new FindCoordinatorRequest.Builder(new FindCoordinatorRequestData()
                    .setKeyType((byte) 0).setCoordinatorKeys(List.of(group))), FIND_COORDINATOR);
            found[0] = response.data().coordinators().getFirst();
            Errors error = Errors.forCode(found[0].errorCode());
            assertThat(error).isIn(Errors.NONE, Errors.COORDINATOR_NOT_AVAILABLE);
            return error == Errors.NONE;
        });
        Clients.await("the coordinator of " + group + " to be loaded",
                () -> !COORDINATOR_NOT_READY.contains(heartbeat(wire, group, "probe", 1)));
        return found[0];
    }

    private JoinGroupResponse join(KafkaWire wire, String group, String memberId) {
        byte[] subscription = bytes(ConsumerProtocol.serializeSubscription(
                new ConsumerPartitionAssignor.Subscription(List.of(topic))));
        JoinGroupRequestProtocolCollection protocols = new JoinGroupRequestProtocolCollection();
        protocols.add(new JoinGroupRequestProtocol().setName("range").setMetadata(subscription));
        return wire.send(new JoinGroupRequest.Builder(new JoinGroupRequestData()
                .setGroupId(group).setMemberId(memberId).setProtocolType("consumer").setProtocols(protocols)
                .setSessionTimeoutMs(10_000).setRebalanceTimeoutMs(10_000)), JOIN_GROUP);
    }

    private static SyncGroupResponseData sync(KafkaWire wire, String group, String memberId, int generation,
            List<SyncGroupRequestAssignment> assignments) {
        SyncGroupResponse response = wire.send(new SyncGroupRequest.Builder(new SyncGroupRequestData()
                .setGroupId(group).setMemberId(memberId).setGenerationId(generation)
                .setProtocolType("consumer").setProtocolName("range").setAssignments(assignments)), SYNC_GROUP);
        return response.data();
    }

    private static Errors heartbeat(KafkaWire wire, String group, String memberId, int generation) {
        HeartbeatResponse response = wire.send(new HeartbeatRequest.Builder(new HeartbeatRequestData()
                .setGroupId(group).setMemberId(memberId).setGenerationId(generation)), HEARTBEAT);
        return response.error();
    }

    private Errors commit(KafkaWire wire, String group, String memberId, int generation) {
        OffsetCommitResponse response = wire.send(OffsetCommitRequest.Builder.forTopicNames(new OffsetCommitRequestData()
                .setGroupId(group).setMemberId(memberId).setGenerationIdOrMemberEpoch(generation)
                .setTopics(List.of(new OffsetCommitRequestTopic().setName(topic).setPartitions(List.of(
                        new OffsetCommitRequestPartition().setPartitionIndex(0).setCommittedOffset(1)))))), OFFSET_COMMIT);
        return Errors.forCode(response.data().topics().getFirst().partitions().getFirst().errorCode());
    }

    private static LeaveGroupResponseData leave(KafkaWire wire, String group, String memberId) {
        LeaveGroupResponse response = wire.send(new LeaveGroupRequest.Builder(group,
                List.of(new MemberIdentity().setMemberId(memberId))), LEAVE_GROUP);
        return response.data();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
