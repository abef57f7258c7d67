package dev.herald.broker.group;

import dev.herald.broker.handler.ApiHandler;
import dev.herald.broker.handler.RequestContext;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.OffsetDeleteRequest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * OffsetDelete (Admin deleteConsumerGroupOffsets): removes committed offsets of topics the group's live members
 * do not subscribe to (GROUP_SUBSCRIBED_TO_TOPIC otherwise).
 */
final class OffsetDeleteHandler implements ApiHandler<OffsetDeleteRequest> {
    private final GroupCoordinator coordinator;

    OffsetDeleteHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override public ApiKeys apiKey() { return ApiKeys.OFFSET_DELETE; }
    @Override public short minVersion() { return 0; }
    @Override public short maxVersion() { return 0; }

    @Override
    public ApiMessage handle(RequestContext context, OffsetDeleteRequest request) throws InterruptedException {
        OffsetDeleteRequestData data = request.data();
        List<TopicPartition> partitions = new ArrayList<>();
        for (OffsetDeleteRequestData.OffsetDeleteRequestTopic topic : data.topics()) {
            for (OffsetDeleteRequestData.OffsetDeleteRequestPartition p : topic.partitions()) partitions.add(new TopicPartition(topic.name(), p.partitionIndex()));
        }
        Map<TopicPartition, Errors> errors = new HashMap<>();
        Errors groupError = coordinator.deleteOffsets(data.groupId(), partitions, errors);
        OffsetDeleteResponseData response = new OffsetDeleteResponseData().setThrottleTimeMs(0).setErrorCode(groupError.code());
        if (groupError != Errors.NONE) return response;
        for (OffsetDeleteRequestData.OffsetDeleteRequestTopic topic : data.topics()) {
            OffsetDeleteResponseData.OffsetDeleteResponseTopic topicResponse = new OffsetDeleteResponseData.OffsetDeleteResponseTopic().setName(topic.name());
            for (OffsetDeleteRequestData.OffsetDeleteRequestPartition p : topic.partitions()) {
                Errors error = errors.get(new TopicPartition(topic.name(), p.partitionIndex()));
                topicResponse.partitions().add(new OffsetDeleteResponseData.OffsetDeleteResponsePartition()
                        .setPartitionIndex(p.partitionIndex()).setErrorCode(error.code()));
            }
            response.topics().add(topicResponse);
        }
        return response;
    }
}
