package dev.herald.broker.group;

import dev.herald.broker.handler.ApiHandler;
import dev.herald.broker.handler.RequestContext;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeGroupsRequest;

/**
 * DescribeGroups: state, protocol and members of each group. As in Kafka, member metadata and assignments are
 * only included while the group is Stable; an unknown group is reported as Dead (v0-5) or GROUP_ID_NOT_FOUND (v6+).
 */
final class DescribeGroupsHandler implements ApiHandler<DescribeGroupsRequest> {
    private static final int AUTHORIZED_OPERATIONS_OMITTED = Integer.MIN_VALUE;
    private final GroupCoordinator coordinator;

    DescribeGroupsHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override public ApiKeys apiKey() { return ApiKeys.DESCRIBE_GROUPS; }
    @Override public short minVersion() { return 0; }
    @Override public short maxVersion() { return 6; }

    @Override
    public ApiMessage handle(RequestContext context, DescribeGroupsRequest request) {
        DescribeGroupsResponseData response = new DescribeGroupsResponseData().setThrottleTimeMs(0);
        for (String groupId : request.data().groups()) response.groups().add(describe(groupId, request.version()));
        return response;
    }

    private DescribeGroupsResponseData.DescribedGroup describe(String groupId, short version) {
        DescribeGroupsResponseData.DescribedGroup described = new DescribeGroupsResponseData.DescribedGroup()
                .setGroupId(groupId).setErrorCode(Errors.NONE.code()).setProtocolType("").setProtocolData("")
                .setAuthorizedOperations(AUTHORIZED_OPERATIONS_OMITTED);
        Group group = coordinator.group(groupId);
        Group.Snapshot snapshot = group == null ? null : group.snapshot();
        if (snapshot == null || snapshot.state() == GroupState.DEAD) {
            described.setGroupState(GroupState.DEAD.kafkaName());
            if (version >= 6) described.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code()).setErrorMessage("Group " + groupId + " not found.");
            return described;
        }
        boolean stable = snapshot.state() == GroupState.STABLE;
        described.setGroupState(snapshot.state().kafkaName())
                .setProtocolType(snapshot.protocolType() == null ? "" : snapshot.protocolType())
                .setProtocolData(stable && snapshot.protocolName() != null ? snapshot.protocolName() : "");
        for (Group.MemberSnapshot member : snapshot.members()) {
            described.members().add(new DescribeGroupsResponseData.DescribedGroupMember()
                    .setMemberId(member.memberId())
                    .setGroupInstanceId(member.groupInstanceId())
                    .setClientId(member.clientId())
                    .setClientHost(member.clientHost())
                    .setMemberMetadata(stable ? member.metadata() : Member.NO_ASSIGNMENT)
                    .setMemberAssignment(stable ? member.assignment() : Member.NO_ASSIGNMENT));
        }
        return described;
    }
}
