package dev.herald.broker.group;

import dev.herald.broker.handler.ApiHandler;
import dev.herald.broker.handler.RequestContext;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ListGroupsRequest;

import java.util.List;
import java.util.Locale;

/**
 * ListGroups: every live group, optionally filtered by state (v4+) and by type (v5+). All of Herald's groups are
 * of type "classic"; a filter asking only for "consumer" (KIP-848) groups gets none.
 */
final class ListGroupsHandler implements ApiHandler<ListGroupsRequest> {
    static final String CLASSIC = "classic";
    private final GroupCoordinator coordinator;

    ListGroupsHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override public ApiKeys apiKey() { return ApiKeys.LIST_GROUPS; }
    @Override public short minVersion() { return 0; }
    @Override public short maxVersion() { return 5; }

    @Override
    public ApiMessage handle(RequestContext context, ListGroupsRequest request) {
        ListGroupsRequestData data = request.data();
        List<String> states = data.statesFilter().stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
        List<String> types = data.typesFilter().stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
        ListGroupsResponseData response = new ListGroupsResponseData().setThrottleTimeMs(0).setErrorCode(Errors.NONE.code());
        if (!types.isEmpty() && !types.contains(CLASSIC)) return response;
        for (Group.Snapshot group : coordinator.snapshots()) {
            String state = group.state().kafkaName();
            if (!states.isEmpty() && !states.contains(state.toLowerCase(Locale.ROOT))) continue;
            response.groups().add(new ListGroupsResponseData.ListedGroup()
                    .setGroupId(group.groupId())
                    .setProtocolType(group.protocolType() == null ? "" : group.protocolType())
                    .setGroupState(state)
                    .setGroupType(CLASSIC));
        }
        return response;
    }
}
