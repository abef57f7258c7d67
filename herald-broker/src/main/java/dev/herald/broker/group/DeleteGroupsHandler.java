package dev.herald.broker.group;

import dev.herald.broker.handler.ApiHandler;
import dev.herald.broker.handler.RequestContext;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DeleteGroupsRequest;

/** DeleteGroups: deletes empty groups and their committed offsets (NON_EMPTY_GROUP while members remain). */
final class DeleteGroupsHandler implements ApiHandler<DeleteGroupsRequest> {
    private final GroupCoordinator coordinator;

    DeleteGroupsHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override public ApiKeys apiKey() { return ApiKeys.DELETE_GROUPS; }
    @Override public short minVersion() { return 0; }
    @Override public short maxVersion() { return 2; }

    @Override
    public ApiMessage handle(RequestContext context, DeleteGroupsRequest request) throws InterruptedException {
        DeleteGroupsResponseData response = new DeleteGroupsResponseData().setThrottleTimeMs(0);
        for (String groupId : request.data().groupsNames()) {
            Errors error = groupId == null || groupId.isEmpty() ? Errors.INVALID_GROUP_ID : coordinator.deleteGroup(groupId);
            response.results().add(new DeleteGroupsResponseData.DeletableGroupResult().setGroupId(groupId).setErrorCode(error.code()));
        }
        return response;
    }
}
