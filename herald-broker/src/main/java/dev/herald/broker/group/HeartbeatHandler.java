package dev.herald.broker.group;

import dev.herald.broker.handler.ApiHandler;
import dev.herald.broker.handler.RequestContext;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.HeartbeatRequest;

/** Heartbeat: keeps a member's session alive; REBALANCE_IN_PROGRESS tells it to rejoin. */
final class HeartbeatHandler implements ApiHandler<HeartbeatRequest> {
    private final GroupCoordinator coordinator;

    HeartbeatHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override public ApiKeys apiKey() { return ApiKeys.HEARTBEAT; }
    @Override public short minVersion() { return 0; }
    @Override public short maxVersion() { return 4; }

    @Override
    public ApiMessage handle(RequestContext context, HeartbeatRequest request) {
        HeartbeatRequestData data = request.data();
        Errors error = data.groupId() == null || data.groupId().isEmpty() ? Errors.INVALID_GROUP_ID
                : coordinator.heartbeat(data.groupId(), data.memberId(), data.groupInstanceId(), data.generationId());
        return new HeartbeatResponseData().setThrottleTimeMs(0).setErrorCode(error.code());
    }
}
