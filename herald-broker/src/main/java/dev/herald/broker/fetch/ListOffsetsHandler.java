package dev.herald.broker.fetch;

import dev.herald.broker.handler.ApiHandler;
import dev.herald.broker.handler.RequestContext;
import dev.herald.broker.topic.Partition;
import dev.herald.broker.topic.Topic;
import dev.herald.broker.topic.TopicManager;
import dev.herald.storage.log.Log;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ListOffsetsRequest;

/**
 * ListOffsets: latest (-1, the high watermark, which is also the last stable offset without transactions),
 * earliest (-2, the log start offset), max timestamp (-3, the record with the highest timestamp), and by
 * timestamp (the first record whose timestamp is at least T, or -1 when none is).
 */
public final class ListOffsetsHandler implements ApiHandler<ListOffsetsRequest> {
    private final TopicManager topics;

    public ListOffsetsHandler(TopicManager topics) {
        this.topics = topics;
    }

    @Override public ApiKeys apiKey() { return ApiKeys.LIST_OFFSETS; }
    @Override public short minVersion() { return 1; }
    @Override public short maxVersion() { return 7; }

    @Override
    public ApiMessage handle(RequestContext context, ListOffsetsRequest request) throws Exception {
        ListOffsetsResponseData response = new ListOffsetsResponseData().setThrottleTimeMs(0);
        for (ListOffsetsRequestData.ListOffsetsTopic wanted : request.data().topics()) {
            ListOffsetsResponseData.ListOffsetsTopicResponse topicResponse = new ListOffsetsResponseData.ListOffsetsTopicResponse().setName(wanted.name());
            Topic topic = topics.topic(wanted.name());
            for (ListOffsetsRequestData.ListOffsetsPartition partitionRequest : wanted.partitions()) {
                Partition partition = topic == null ? null : topic.partition(partitionRequest.partitionIndex());
                topicResponse.partitions().add(partition == null
                        ? new ListOffsetsPartitionResponse().setPartitionIndex(partitionRequest.partitionIndex())
                            .setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code()).setOffset(-1).setTimestamp(-1)
                        : lookup(partition.log(), partitionRequest, request.version()));
            }
            response.topics().add(topicResponse);
        }
        return response;
    }

    private static ListOffsetsPartitionResponse lookup(Log log, ListOffsetsRequestData.ListOffsetsPartition wanted, short version) throws Exception {
        ListOffsetsPartitionResponse response = new ListOffsetsPartitionResponse()
                .setPartitionIndex(wanted.partitionIndex()).setErrorCode(Errors.NONE.code()).setTimestamp(-1)
                // The leader epoch field exists from v4 on; writing it at older versions (librdkafka uses v2) fails.
                .setLeaderEpoch(version >= 4 ? 0 : -1);
        long timestamp = wanted.timestamp();
        if (timestamp == ListOffsetsRequest.LATEST_TIMESTAMP) return response.setOffset(log.highWatermark());
        if (timestamp == ListOffsetsRequest.EARLIEST_TIMESTAMP) return response.setOffset(log.logStartOffset());
        Log.TimestampAndOffset found;
        if (timestamp == ListOffsetsRequest.MAX_TIMESTAMP) {
            found = log.maxTimestamp();
        } else if (timestamp < 0) {
            return response.setErrorCode(Errors.INVALID_REQUEST.code()).setOffset(-1);
        } else {
            found = log.offsetForTimestamp(timestamp);
        }
        return found == null ? response.setOffset(-1).setLeaderEpoch(-1)
                : response.setOffset(found.offset()).setTimestamp(found.timestamp());
    }
}
