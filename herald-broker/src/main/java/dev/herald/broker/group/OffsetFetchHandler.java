package dev.herald.broker.group;

import dev.herald.broker.handler.ApiHandler;
import dev.herald.broker.handler.RequestContext;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.OffsetFetchRequest;
import org.apache.kafka.common.requests.OffsetFetchResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OffsetFetch: committed offsets of one group (v1-7) or several (v8+), for the listed partitions or, with a null
 * topic list (v2+), every partition the group committed. A partition without a commit gets offset -1. Served from
 * v1 (librdkafka needs a minimum of at most 1) up to v9; v10 names topics by id (KIP-848 only).
 */
final class OffsetFetchHandler implements ApiHandler<OffsetFetchRequest> {
    private final GroupCoordinator coordinator;

    OffsetFetchHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override public ApiKeys apiKey() { return ApiKeys.OFFSET_FETCH; }
    @Override public short minVersion() { return 1; }
    @Override public short maxVersion() { return 9; }

    @Override
    public ApiMessage handle(RequestContext context, OffsetFetchRequest request) {
        OffsetFetchRequestData data = request.data();
        OffsetFetchResponseData response = new OffsetFetchResponseData().setThrottleTimeMs(0);
        if (request.version() >= OffsetFetchRequest.BATCH_MIN_VERSION) {
            for (OffsetFetchRequestData.OffsetFetchRequestGroup group : data.groups()) {
                Map<String, List<Integer>> wanted = null;
                if (group.topics() != null) {
                    wanted = new LinkedHashMap<>();
                    for (OffsetFetchRequestData.OffsetFetchRequestTopics topic : group.topics()) wanted.put(topic.name(), topic.partitionIndexes());
                }
                response.groups().add(fetch(group.groupId(), wanted));
            }
            return response;
        }
        Map<String, List<Integer>> wanted = null;
        if (data.topics() != null) {
            wanted = new LinkedHashMap<>();
            for (OffsetFetchRequestData.OffsetFetchRequestTopic topic : data.topics()) wanted.put(topic.name(), topic.partitionIndexes());
        }
        OffsetFetchResponseData.OffsetFetchResponseGroup group = fetch(data.groupId(), wanted);
        for (OffsetFetchResponseData.OffsetFetchResponseTopics topic : group.topics()) {
            OffsetFetchResponseData.OffsetFetchResponseTopic old = new OffsetFetchResponseData.OffsetFetchResponseTopic().setName(topic.name());
            for (OffsetFetchResponseData.OffsetFetchResponsePartitions p : topic.partitions()) {
                old.partitions().add(new OffsetFetchResponseData.OffsetFetchResponsePartition()
                        .setPartitionIndex(p.partitionIndex()).setCommittedOffset(p.committedOffset())
                        .setCommittedLeaderEpoch(p.committedLeaderEpoch()).setMetadata(p.metadata()).setErrorCode(p.errorCode()));
            }
            response.topics().add(old);
        }
        return response.setErrorCode(group.errorCode());
    }

    private OffsetFetchResponseData.OffsetFetchResponseGroup fetch(String groupId, Map<String, List<Integer>> wanted) {
        OffsetFetchResponseData.OffsetFetchResponseGroup group = new OffsetFetchResponseData.OffsetFetchResponseGroup()
                .setGroupId(groupId).setErrorCode(Errors.NONE.code());
        if (groupId == null || groupId.isEmpty()) return group.setErrorCode(Errors.INVALID_GROUP_ID.code());
        List<TopicPartition> partitions = null;
        if (wanted != null) {
            partitions = new ArrayList<>();
            for (Map.Entry<String, List<Integer>> topic : wanted.entrySet()) {
                for (int partition : topic.getValue()) partitions.add(new TopicPartition(topic.getKey(), partition));
            }
        }
        Map<String, OffsetFetchResponseData.OffsetFetchResponseTopics> byTopic = new LinkedHashMap<>();
        for (Map.Entry<TopicPartition, CommittedOffset> entry : coordinator.committed(groupId, partitions).entrySet()) {
            TopicPartition partition = entry.getKey();
            CommittedOffset committed = entry.getValue();
            byTopic.computeIfAbsent(partition.topic(), name -> new OffsetFetchResponseData.OffsetFetchResponseTopics().setName(name))
                    .partitions().add(new OffsetFetchResponseData.OffsetFetchResponsePartitions()
                            .setPartitionIndex(partition.partition())
                            .setCommittedOffset(committed == null ? OffsetFetchResponse.INVALID_OFFSET : committed.offset())
                            .setCommittedLeaderEpoch(committed == null ? -1 : committed.leaderEpoch())
                            .setMetadata(committed == null ? OffsetFetchResponse.NO_METADATA : committed.metadata())
                            .setErrorCode(Errors.NONE.code()));
        }
        group.topics().addAll(byTopic.values());
        return group;
    }
}
