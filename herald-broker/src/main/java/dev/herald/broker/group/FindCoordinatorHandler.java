package dev.herald.broker.group;

import dev.herald.broker.handler.ApiHandler;
import dev.herald.broker.handler.ClusterInfo;
import dev.herald.broker.handler.RequestContext;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FindCoordinatorRequest;

import java.util.List;

/**
 * FindCoordinator: this node coordinates every group. Transactions are not supported, so a transaction
 * coordinator is never found (COORDINATOR_NOT_AVAILABLE with a message saying so). Served from v0 because
 * librdkafka enables consumer groups only when v0 is in range; v4+ batches several keys.
 */
final class FindCoordinatorHandler implements ApiHandler<FindCoordinatorRequest> {
    private static final byte GROUP = 0;
    private static final byte TRANSACTION = 1;

    private final ClusterInfo cluster;

    FindCoordinatorHandler(ClusterInfo cluster) {
        this.cluster = cluster;
    }

    @Override public ApiKeys apiKey() { return ApiKeys.FIND_COORDINATOR; }
    @Override public short minVersion() { return 0; }
    @Override public short maxVersion() { return 4; }

    @Override
    public ApiMessage handle(RequestContext context, FindCoordinatorRequest request) {
        var data = request.data();
        FindCoordinatorResponseData response = new FindCoordinatorResponseData().setThrottleTimeMs(0);
        if (request.version() < FindCoordinatorRequest.MIN_BATCHED_VERSION) {
            FindCoordinatorResponseData.Coordinator answer = answer(data.key(), data.keyType());
            return response.setErrorCode(answer.errorCode()).setErrorMessage(answer.errorMessage())
                    .setNodeId(answer.nodeId()).setHost(answer.host()).setPort(answer.port());
        }
        List<FindCoordinatorResponseData.Coordinator> coordinators = data.coordinatorKeys().stream()
                .map(key -> answer(key, data.keyType())).toList();
        return response.setCoordinators(coordinators);
    }

    private FindCoordinatorResponseData.Coordinator answer(String key, byte keyType) {
        FindCoordinatorResponseData.Coordinator coordinator = new FindCoordinatorResponseData.Coordinator()
                .setKey(key).setNodeId(-1).setHost("").setPort(-1);
        if (keyType == TRANSACTION) {
            return coordinator.setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code())
                    .setErrorMessage("Herald does not support transactions yet; there is no transaction coordinator");
        }
        if (keyType != GROUP) {
            return coordinator.setErrorCode(Errors.INVALID_REQUEST.code())
                    .setErrorMessage("Herald coordinates consumer groups only (key type 0), not key type " + keyType);
        }
        if (key == null || key.isEmpty()) {
            return coordinator.setErrorCode(Errors.INVALID_GROUP_ID.code()).setErrorMessage("The group id is empty");
        }
        return coordinator.setErrorCode(Errors.NONE.code()).setErrorMessage(null)
                .setNodeId(cluster.nodeId()).setHost(cluster.host()).setPort(cluster.port());
    }
}
