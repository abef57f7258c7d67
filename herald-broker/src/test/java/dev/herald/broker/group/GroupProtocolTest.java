package dev.herald.broker.group;

import dev.herald.broker.Broker;
import dev.herald.broker.BrokerConfig;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
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
import org.apache.kafka.common.requests.OffsetFetchRequest;
import org.apache.kafka.common.requests.OffsetFetchResponse;
import org.apache.kafka.common.requests.SyncGroupRequest;
import org.apache.kafka.common.requests.SyncGroupResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The group protocol at the wire level: the answers clients rely on, including the error answers. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GroupProtocolTest {
    private static final byte[] SUBSCRIPTION = "subscription".getBytes(StandardCharsets.UTF_8);

    @TempDir Path dataDir;
    Broker broker;
    final List<RawKafkaClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        broker = Broker.start(BrokerConfig.defaults(dataDir).withPort(0).withGroupInitialRebalanceDelayMs(0));
    }

    @AfterEach
    void stop() throws Exception {
        for (RawKafkaClient client : clients) client.close();
        if (broker != null) broker.close();
    }

    private RawKafkaClient client() throws Exception {
        RawKafkaClient client = new RawKafkaClient("127.0.0.1", broker.port());
        clients.add(client);
        return client;
    }

    private static JoinGroupRequestData joinData(String group, String memberId, String instanceId, String... protocols) {
        JoinGroupRequestData data = new JoinGroupRequestData().setGroupId(group).setMemberId(memberId)
                .setGroupInstanceId(instanceId).setSessionTimeoutMs(10_000).setRebalanceTimeoutMs(10_000).setProtocolType("consumer");
        for (String protocol : protocols.length == 0 ? new String[]{"range"} : protocols) {
            data.protocols().add(new JoinGroupRequestData.JoinGroupRequestProtocol().setName(protocol).setMetadata(SUBSCRIPTION));
        }
        return data;
    }

    /** Joins as a new dynamic member the way v4+ clients do: MEMBER_ID_REQUIRED, then again with that id. */
    private static JoinGroupResponse join(RawKafkaClient client, String group) throws Exception {
        JoinGroupResponse required = client.send(new JoinGroupRequest.Builder(joinData(group, "", null)), (short) 9);
        assertThat(required.error()).isEqualTo(Errors.MEMBER_ID_REQUIRED);
        assertThat(required.data().memberId()).isNotEmpty();
        return client.send(new JoinGroupRequest.Builder(joinData(group, required.data().memberId(), null)), (short) 9);
    }

    private static SyncGroupResponse sync(RawKafkaClient client, String group, JoinGroupResponse joined, byte[] assignment) throws Exception {
        SyncGroupRequestData data = new SyncGroupRequestData().setGroupId(group).setMemberId(joined.data().memberId())
                .setGenerationId(joined.data().generationId()).setProtocolType("consumer").setProtocolName("range");
        if (assignment != null) {
            data.assignments().add(new SyncGroupRequestData.SyncGroupRequestAssignment().setMemberId(joined.data().memberId()).setAssignment(assignment));
        }
        return client.send(new SyncGroupRequest.Builder(data), (short) 5);
    }

    private static Errors heartbeat(RawKafkaClient client, String group, String memberId, int generation) throws Exception {
        HeartbeatResponse response = client.send(new HeartbeatRequest.Builder(new HeartbeatRequestData()
                .setGroupId(group).setMemberId(memberId).setGenerationId(generation)), (short) 4);
        return response.error();
    }

    private static Errors commit(RawKafkaClient client, String group, String memberId, int generation, String topic, long offset) throws Exception {
        OffsetCommitRequestData data = new OffsetCommitRequestData().setGroupId(group).setMemberId(memberId).setGenerationIdOrMemberEpoch(generation);
        data.topics().add(new OffsetCommitRequestData.OffsetCommitRequestTopic().setName(topic).setPartitions(List.of(
                new OffsetCommitRequestData.OffsetCommitRequestPartition().setPartitionIndex(0).setCommittedOffset(offset).setCommittedMetadata("m"))));
        OffsetCommitResponse response = client.send(OffsetCommitRequest.Builder.forTopicNames(data), (short) 9);
        return Errors.forCode(response.data().topics().get(0).partitions().get(0).errorCode());
    }

    private void createTopic(String name) {
        assertThat(broker.topics().create(name, 1, java.util.Map.of())).isNull();
    }

    @Test
    void advertisesGroupApisFromVersionZeroAndNotTheNewConsumerProtocol() throws Exception {
        ApiVersionsResponse response = client().send(new ApiVersionsRequest.Builder(), (short) 3);
        ApiVersionsResponseData.ApiVersionCollection keys = response.data().apiKeys();
        for (ApiKeys key : List.of(ApiKeys.JOIN_GROUP, ApiKeys.SYNC_GROUP, ApiKeys.HEARTBEAT, ApiKeys.LEAVE_GROUP, ApiKeys.FIND_COORDINATOR)) {
            assertThat(keys.find(key.id).minVersion()).as(key.name()).isZero();
        }
        assertThat(keys.find(ApiKeys.OFFSET_COMMIT.id).minVersion()).isLessThanOrEqualTo((short) 2);
        assertThat(keys.find(ApiKeys.OFFSET_FETCH.id).minVersion()).isLessThanOrEqualTo((short) 1);
        assertThat(keys.find(ApiKeys.CONSUMER_GROUP_HEARTBEAT.id)).isNull();
    }

    @Test
    void findsThisNodeForGroupsAndNoTransactionCoordinator() throws Exception {
        RawKafkaClient client = client();
        FindCoordinatorResponse single = client.send(new FindCoordinatorRequest.Builder(new FindCoordinatorRequestData()
                .setKey("g").setKeyType((byte) 0)), (short) 3);
        assertThat(single.error()).isEqualTo(Errors.NONE);
        assertThat(single.data().port()).isEqualTo(broker.port());
        FindCoordinatorResponse batched = client.send(new FindCoordinatorRequest.Builder(new FindCoordinatorRequestData()
                .setCoordinatorKeys(List.of("a", "b")).setKeyType((byte) 0)), (short) 4);
        assertThat(batched.data().coordinators()).hasSize(2).allSatisfy(c -> assertThat(c.nodeId()).isEqualTo(broker.config().nodeId()));
        FindCoordinatorResponse transaction = client.send(new FindCoordinatorRequest.Builder(new FindCoordinatorRequestData()
                .setCoordinatorKeys(List.of("tx")).setKeyType((byte) 1)), (short) 4);
        assertThat(transaction.data().coordinators().get(0).errorCode()).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE.code());
        assertThat(transaction.data().coordinators().get(0).errorMessage()).contains("transactions");
    }

    @Test
    void answersUnknownMemberIdToMembersTheGroupDoesNotKnow() throws Exception {
        RawKafkaClient client = client();
        createTopic("t");
        assertThat(heartbeat(client, "nobody-home", "ghost", 1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        JoinGroupResponse joined = join(client, "g");
        assertThat(joined.error()).isEqualTo(Errors.NONE);
        assertThat(heartbeat(client, "g", "ghost", joined.data().generationId())).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(commit(client, "g", "ghost", joined.data().generationId(), "t", 5)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        JoinGroupResponse rejoin = client.send(new JoinGroupRequest.Builder(joinData("g", "ghost", null)), (short) 9);
        assertThat(rejoin.error()).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void answersIllegalGenerationToAStaleGeneration() throws Exception {
        RawKafkaClient client = client();
        createTopic("t");
        JoinGroupResponse joined = join(client, "g");
        assertThat(joined.data().generationId()).isEqualTo(1);
        assertThat(joined.data().leader()).isEqualTo(joined.data().memberId());
        assertThat(sync(client, "g", joined, new byte[0]).error()).isEqualTo(Errors.NONE);
        String member = joined.data().memberId();
        assertThat(heartbeat(client, "g", member, 0)).isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(commit(client, "g", member, 0, "t", 5)).isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(commit(client, "g", member, 1, "t", 5)).isEqualTo(Errors.NONE);
        assertThat(heartbeat(client, "g", member, 1)).isEqualTo(Errors.NONE);
    }

    @Test
    void answersRebalanceInProgressToHeartbeatsWhileMembersRejoin() throws Exception {
        RawKafkaClient first = client();
        JoinGroupResponse one = join(first, "g");
        assertThat(sync(first, "g", one, new byte[]{1}).error()).isEqualTo(Errors.NONE);

        RawKafkaClient second = client();
        CompletableFuture<JoinGroupResponse> two = CompletableFuture.supplyAsync(() -> {
            try {
                return join(second, "g");
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Errors beat;
        do {
            beat = heartbeat(first, "g", one.data().memberId(), 1);
        } while (beat == Errors.NONE);
        assertThat(beat).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
        assertThat(sync(first, "g", one, new byte[]{1}).error()).isEqualTo(Errors.REBALANCE_IN_PROGRESS);

        JoinGroupResponse rejoined = first.send(new JoinGroupRequest.Builder(joinData("g", one.data().memberId(), null)), (short) 9);
        assertThat(rejoined.error()).isEqualTo(Errors.NONE);
        assertThat(rejoined.data().generationId()).isEqualTo(2);
        assertThat(rejoined.data().members()).as("the leader gets the member list").hasSize(2);
        JoinGroupResponse follower = two.get(10, TimeUnit.SECONDS);
        assertThat(follower.data().generationId()).isEqualTo(2);
        assertThat(follower.data().members()).as("followers do not").isEmpty();
        assertThat(follower.data().protocolName()).isEqualTo("range");
        assertThat(follower.data().protocolType()).isEqualTo("consumer");
    }

    @Test
    void passesEachMemberItsOwnAssignmentBytesIntact() throws Exception {
        RawKafkaClient leaderClient = client();
        JoinGroupResponse leader = join(leaderClient, "g");
        assertThat(sync(leaderClient, "g", leader, new byte[0]).error()).isEqualTo(Errors.NONE);
        RawKafkaClient followerClient = client();
        CompletableFuture<JoinGroupResponse> follower = CompletableFuture.supplyAsync(() -> {
            try {
                return join(followerClient, "g");
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        while (heartbeat(leaderClient, "g", leader.data().memberId(), 1) == Errors.NONE) Thread.sleep(10);
        JoinGroupResponse leaderAgain = leaderClient.send(new JoinGroupRequest.Builder(joinData("g", leader.data().memberId(), null)), (short) 9);
        JoinGroupResponse followerJoined = follower.get(10, TimeUnit.SECONDS);
        CompletableFuture<SyncGroupResponse> followerSync = CompletableFuture.supplyAsync(() -> {
            try {
                return sync(followerClient, "g", followerJoined, null);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        byte[] leaderBytes = {0, 1, 2, (byte) 255};
        byte[] followerBytes = "any assignor's bytes".getBytes(StandardCharsets.UTF_8);
        SyncGroupRequestData data = new SyncGroupRequestData().setGroupId("g").setMemberId(leaderAgain.data().memberId())
                .setGenerationId(2).setProtocolType("consumer").setProtocolName("range");
        data.assignments().add(new SyncGroupRequestData.SyncGroupRequestAssignment().setMemberId(leaderAgain.data().memberId()).setAssignment(leaderBytes));
        data.assignments().add(new SyncGroupRequestData.SyncGroupRequestAssignment().setMemberId(followerJoined.data().memberId()).setAssignment(followerBytes));
        SyncGroupResponse leaderSync = leaderClient.send(new SyncGroupRequest.Builder(data), (short) 5);
        assertThat(leaderSync.data().assignment()).isEqualTo(leaderBytes);
        assertThat(followerSync.get(10, TimeUnit.SECONDS).data().assignment()).isEqualTo(followerBytes);
    }

    @Test
    void requiresAKnownMemberIdFromVersionFourOnly() throws Exception {
        RawKafkaClient client = client();
        JoinGroupResponse v3 = client.send(new JoinGroupRequest.Builder(joinData("old", "", null)), (short) 3);
        assertThat(v3.error()).isEqualTo(Errors.NONE);
        assertThat(v3.data().memberId()).isNotEmpty();
        JoinGroupResponse v4 = client.send(new JoinGroupRequest.Builder(joinData("new", "", null)), (short) 4);
        assertThat(v4.error()).isEqualTo(Errors.MEMBER_ID_REQUIRED);
    }

    @Test
    void refusesMembersWithoutACommonProtocolAndBadSessionTimeouts() throws Exception {
        RawKafkaClient client = client();
        assertThat(join(client, "g").error()).isEqualTo(Errors.NONE);
        JoinGroupResponse other = client().send(new JoinGroupRequest.Builder(joinData("g", "", null, "roundrobin")), (short) 9);
        assertThat(other.error()).isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);
        JoinGroupResponse tooShort = client.send(new JoinGroupRequest.Builder(joinData("h", "", null).setSessionTimeoutMs(1_000)), (short) 9);
        assertThat(tooShort.error()).isEqualTo(Errors.INVALID_SESSION_TIMEOUT);
    }

    @Test
    void fencesTheOldMemberIdOfARestartedStaticMember() throws Exception {
        RawKafkaClient client = client();
        JoinGroupResponse first = client.send(new JoinGroupRequest.Builder(joinData("g", "", "instance-1")), (short) 9);
        assertThat(first.error()).as("static members skip MEMBER_ID_REQUIRED").isEqualTo(Errors.NONE);
        assertThat(sync(client, "g", first, new byte[]{7}).error()).isEqualTo(Errors.NONE);
        JoinGroupResponse second = client.send(new JoinGroupRequest.Builder(joinData("g", "", "instance-1")), (short) 9);
        assertThat(second.error()).isEqualTo(Errors.NONE);
        assertThat(second.data().generationId()).as("no rebalance").isEqualTo(first.data().generationId());
        assertThat(second.data().skipAssignment()).as("the leader keeps the current assignment").isTrue();
        HeartbeatResponse fenced = client.send(new HeartbeatRequest.Builder(new HeartbeatRequestData().setGroupId("g")
                .setMemberId(first.data().memberId()).setGroupInstanceId("instance-1").setGenerationId(1)), (short) 4);
        assertThat(fenced.error()).isEqualTo(Errors.FENCED_INSTANCE_ID);
        assertThat(sync(client, "g", second, null).data().assignment()).as("the assignment survives the restart").isEqualTo(new byte[]{7});
        LeaveGroupResponse left = client.send(new LeaveGroupRequest.Builder("g", List.of(new LeaveGroupRequestData.MemberIdentity()
                .setMemberId("").setGroupInstanceId("instance-1"))), (short) 5);
        assertThat(left.memberResponses().get(0).errorCode()).isEqualTo(Errors.NONE.code());
    }

    @Test
    void keepsGenerationsAndOffsetsOfAGroupAcrossRestart() throws Exception {
        createTopic("t");
        RawKafkaClient client = client();
        JoinGroupResponse joined = join(client, "g");
        sync(client, "g", joined, new byte[0]);
        assertThat(commit(client, "g", joined.data().memberId(), 1, "t", 42)).isEqualTo(Errors.NONE);
        client.close();
        clients.clear();
        broker.close();
        broker = Broker.start(BrokerConfig.defaults(dataDir).withPort(0).withGroupInitialRebalanceDelayMs(0));

        RawKafkaClient after = client();
        assertThat(heartbeat(after, "g", joined.data().memberId(), 1)).as("members rejoin after a restart").isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        OffsetFetchResponse fetched = after.send(OffsetFetchRequest.Builder.forTopicNames(new OffsetFetchRequestData().setGroups(List.of(
                new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId("g").setTopics(null))), false), (short) 8);
        var partition = fetched.data().groups().get(0).topics().get(0).partitions().get(0);
        assertThat(partition.committedOffset()).isEqualTo(42);
        assertThat(partition.metadata()).isEqualTo("m");
        assertThat(join(after, "g").data().generationId()).as("the generation does not go backwards").isGreaterThan(1);
    }
}
