package dev.herald.broker.group;

import dev.herald.broker.handler.ApiHandler;
import dev.herald.broker.handler.RequestContext;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.OffsetCommitRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OffsetCommit: answered only once the offsets are durable. Served from v2 (librdkafka needs a minimum of at most
 * 2) up to v9; v10 names topics by id, which only KIP-848 consumers send. The retention time of v2-4 is ignored,
 * as Kafka has done since 2.1: offsets expire by {@code offsets.retention.minutes}.
 */
final class OffsetCommitHandler implements ApiHandler<OffsetCommitRequest> {
    private final GroupCoordinator coordinator;

    OffsetCommitHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override public ApiKeys apiKey() { return ApiKeys.OFFSET_COMMIT; }
    @Override public short minVersion() { return 2; }
    @Override public short maxVersion() { return 9; }

    @Override
    public ApiMessage handle(RequestContext context, OffsetCommitRequest request) throws InterruptedException {
        OffsetCommitRequestData data = request.data();
        List<GroupCoordinator.Commit> commits = new ArrayList<>();
        for (OffsetCommitRequestData.OffsetCommitRequestTopic topic : data.topics()) {
            for (OffsetCommitRequestData.OffsetCommitRequestPartition partition : topic.partitions()) {
                commits.add(new GroupCoordinator.Commit(new TopicPartition(topic.name(), partition.partitionIndex()),
                        partition.committedOffset(), partition.committedLeaderEpoch(), partition.committedMetadata()));
            }
        }
        Map<TopicPartition, Errors> errors = coordinator.commit(data.groupId(), data.memberId() == null ? "" : data.memberId(),
                data.groupInstanceId(), data.generationIdOrMemberEpoch(), commits);
        OffsetCommitResponseData response = new OffsetCommitResponseData().setThrottleTimeMs(0);
        for (OffsetCommitRequestData.OffsetCommitRequestTopic topic : data.topics()) {
            OffsetCommitResponseData.OffsetCommitResponseTopic topicResponse = new OffsetCommitResponseData.OffsetCommitResponseTopic().setName(topic.name());
            for (OffsetCommitRequestData.OffsetCommitRequestPartition partition : topic.partitions()) {
                Errors error = errors.get(new TopicPartition(topic.name(), partition.partitionIndex()));
                topicResponse.partitions().add(new OffsetCommitResponseData.OffsetCommitResponsePartition()
                        .setPartitionIndex(partition.partitionIndex()).setErrorCode(error.code()));
            }
            response.topics().add(topicResponse);
        }
        return response;
    }
}
