package dev.herald.broker.group;

import dev.herald.broker.handler.ApiHandler;
import dev.herald.broker.handler.RequestContext;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.JoinGroupRequest;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * JoinGroup: checks the session timeout, then hands the join to the coordinator and blocks this connection's
 * thread until the group answers (at the end of the join phase, at most the rebalance timeout later).
 * v0 has no rebalance timeout (the session timeout serves); v4+ uses the MEMBER_ID_REQUIRED round trip; v5+
 * static membership; v7+ echoes the protocol type; v9 may tell a rejoining static leader to skip the assignment.
 */
final class JoinGroupHandler implements ApiHandler<JoinGroupRequest> {
    private final GroupCoordinator coordinator;

    JoinGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override public ApiKeys apiKey() { return ApiKeys.JOIN_GROUP; }
    @Override public short minVersion() { return 0; }
    @Override public short maxVersion() { return 9; }

    @Override
    public ApiMessage handle(RequestContext context, JoinGroupRequest request) throws InterruptedException {
        JoinGroupRequestData data = request.data();
        short version = request.version();
        if (data.groupId() == null || data.groupId().isEmpty()) return response(JoinResult.error(Errors.INVALID_GROUP_ID, data.memberId()), version);
        GroupConfig config = coordinator.config();
        if (data.sessionTimeoutMs() < config.minSessionTimeoutMs() || data.sessionTimeoutMs() > config.maxSessionTimeoutMs()) {
            return response(JoinResult.error(Errors.INVALID_SESSION_TIMEOUT, data.memberId()), version);
        }
        List<Member.Protocol> protocols = new ArrayList<>();
        for (JoinGroupRequestData.JoinGroupRequestProtocol protocol : data.protocols()) {
            protocols.add(new Member.Protocol(protocol.name(), protocol.metadata()));
        }
        int rebalanceTimeoutMs = version == 0 || data.rebalanceTimeoutMs() <= 0 ? data.sessionTimeoutMs() : data.rebalanceTimeoutMs();
        JoinRequest join = new JoinRequest(data.groupId(), data.memberId(), data.groupInstanceId(), data.protocolType(),
                protocols, data.sessionTimeoutMs(), rebalanceTimeoutMs, context.clientId(), clientHost(context),
                JoinGroupRequest.requiresKnownMemberId(version), JoinGroupRequest.supportsSkippingAssignment(version));
        return response(coordinator.join(join), version);
    }

    static String clientHost(RequestContext context) {
        return context.clientAddress() instanceof InetSocketAddress address && address.getAddress() != null
                ? address.getAddress().toString() : String.valueOf(context.clientAddress());
    }

    private static JoinGroupResponseData response(JoinResult result, short version) {
        JoinGroupResponseData response = new JoinGroupResponseData()
                .setThrottleTimeMs(0)
                .setErrorCode(result.error().code())
                .setGenerationId(result.generationId())
                .setProtocolType(result.protocolType())
                // Before v7 the protocol name is not nullable.
                .setProtocolName(result.protocolName() == null && version < 7 ? "" : result.protocolName())
                .setLeader(result.leaderId())
                .setMemberId(result.memberId() == null ? "" : result.memberId());
        if (version >= 9) response.setSkipAssignment(result.skipAssignment());
        for (JoinResult.JoinedMember member : result.members()) {
            response.members().add(new JoinGroupResponseData.JoinGroupResponseMember()
                    .setMemberId(member.memberId())
                    .setGroupInstanceId(member.groupInstanceId())
                    .setMetadata(member.metadata()));
        }
        return response;
    }
}
