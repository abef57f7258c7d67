package dev.herald.broker.group;

import dev.herald.broker.handler.ApiHandler;
import dev.herald.broker.handler.RequestContext;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.LeaveGroupRequest;

import java.util.AbstractMap;
import java.util.List;
import java.util.Map;

/**
 * LeaveGroup: v0-2 carry one member id and answer with a top-level error; v3+ carry a batch of members (by
 * member id and/or group.instance.id, as Admin removeMembersFromConsumerGroup sends) with an error each.
 */
final class LeaveGroupHandler implements ApiHandler<LeaveGroupRequest> {
    private final GroupCoordinator coordinator;

    LeaveGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override public ApiKeys apiKey() { return ApiKeys.LEAVE_GROUP; }
    @Override public short minVersion() { return 0; }
    @Override public short maxVersion() { return 5; }

    @Override
    public ApiMessage handle(RequestContext context, LeaveGroupRequest request) {
        List<LeaveGroupRequestData.MemberIdentity> identities = request.members();
        List<Map.Entry<String, String>> leavers = identities.stream()
                .map(m -> (Map.Entry<String, String>) new AbstractMap.SimpleEntry<>(m.memberId() == null ? "" : m.memberId(), m.groupInstanceId()))
                .toList();
        List<Errors> errors = coordinator.leave(request.data().groupId(), leavers);
        LeaveGroupResponseData response = new LeaveGroupResponseData().setThrottleTimeMs(0);
        if (errors == null) return response.setErrorCode(Errors.UNKNOWN_MEMBER_ID.code());
        if (request.version() < 3) return response.setErrorCode(errors.isEmpty() ? Errors.NONE.code() : errors.get(0).code());
        response.setErrorCode(Errors.NONE.code());
        for (int i = 0; i < identities.size(); i++) {
            response.members().add(new LeaveGroupResponseData.MemberResponse()
                    .setMemberId(identities.get(i).memberId())
                    .setGroupInstanceId(identities.get(i).groupInstanceId())
                    .setErrorCode(errors.get(i).code()));
        }
        return response;
    }
}
