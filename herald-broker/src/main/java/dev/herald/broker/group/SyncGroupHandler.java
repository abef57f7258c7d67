package dev.herald.broker.group;

import dev.herald.broker.handler.ApiHandler;
import dev.herald.broker.handler.RequestContext;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.SyncGroupRequest;

import java.util.HashMap;
import java.util.Map;

/**
 * SyncGroup: the leader brings every member's assignment; each member gets its own bytes back, untouched.
 * Followers that arrive before the leader are parked until it does. v5 checks and echoes protocol type and name.
 */
final class SyncGroupHandler implements ApiHandler<SyncGroupRequest> {
    private final GroupCoordinator coordinator;

    SyncGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override public ApiKeys apiKey() { return ApiKeys.SYNC_GROUP; }
    @Override public short minVersion() { return 0; }
    @Override public short maxVersion() { return 5; }

    @Override
    public ApiMessage handle(RequestContext context, SyncGroupRequest request) throws InterruptedException {
        SyncGroupRequestData data = request.data();
        if (request.version() >= 5 && !request.areMandatoryProtocolTypeAndNamePresent()) {
            return response(SyncResult.error(Errors.INCONSISTENT_GROUP_PROTOCOL));
        }
        if (data.groupId() == null || data.groupId().isEmpty()) return response(SyncResult.error(Errors.INVALID_GROUP_ID));
        Map<String, byte[]> assignments = new HashMap<>();
        for (SyncGroupRequestData.SyncGroupRequestAssignment assignment : data.assignments()) {
            assignments.put(assignment.memberId(), assignment.assignment());
        }
        return response(coordinator.sync(data.groupId(), data.memberId(), data.groupInstanceId(), data.generationId(),
                data.protocolType(), data.protocolName(), assignments));
    }

    private static SyncGroupResponseData response(SyncResult result) {
        return new SyncGroupResponseData()
                .setThrottleTimeMs(0)
                .setErrorCode(result.error().code())
                .setProtocolType(result.protocolType())
                .setProtocolName(result.protocolName())
                .setAssignment(result.assignment());
    }
}
