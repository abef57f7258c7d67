package dev.herald.broker.admin;

import dev.herald.broker.handler.ApiHandler;
import dev.herald.broker.handler.RequestContext;
import dev.herald.broker.topic.Partition;
import dev.herald.broker.topic.Topic;
import dev.herald.broker.topic.TopicManager;
import dev.herald.storage.log.OffsetOutOfRangeException;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsPartitionResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DeleteRecordsRequest;

import java.io.IOException;

/** DeleteRecords: moves the log start offset forward (-1 means up to the high watermark). */
public final class DeleteRecordsHandler implements ApiHandler<DeleteRecordsRequest> {
    private final TopicManager topics;

    public DeleteRecordsHandler(TopicManager topics) {
        this.topics = topics;
    }

    @Override public ApiKeys apiKey() { return ApiKeys.DELETE_RECORDS; }
    @Override public short minVersion() { return 0; }
    @Override public short maxVersion() { return 2; }

    @Override
    public ApiMessage handle(RequestContext context, DeleteRecordsRequest request) {
        DeleteRecordsResponseData response = new DeleteRecordsResponseData().setThrottleTimeMs(0);
        for (DeleteRecordsRequestData.DeleteRecordsTopic wanted : request.data().topics()) {
            var topicResult = new DeleteRecordsResponseData.DeleteRecordsTopicResult().setName(wanted.name());
            Topic topic = topics.topic(wanted.name());
            for (DeleteRecordsRequestData.DeleteRecordsPartition partitionRequest : wanted.partitions()) {
                Partition partition = topic == null ? null : topic.partition(partitionRequest.partitionIndex());
                DeleteRecordsPartitionResult result = new DeleteRecordsPartitionResult()
                        .setPartitionIndex(partitionRequest.partitionIndex()).setLowWatermark(-1);
                if (partition == null) {
                    result.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                } else {
                    long offset = partitionRequest.offset() == -1 ? partition.log().highWatermark() : partitionRequest.offset();
                    try {
                        if (offset < 0) throw new OffsetOutOfRangeException(offset, partition.log().logStartOffset(), partition.log().highWatermark());
                        result.setLowWatermark(partition.log().deleteRecordsBefore(offset)).setErrorCode(Errors.NONE.code());
                    } catch (OffsetOutOfRangeException e) {
                        result.setErrorCode(Errors.OFFSET_OUT_OF_RANGE.code());
                    } catch (IOException e) {
                        result.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code());
                    }
                }
                topicResult.partitions().add(result);
            }
            response.topics().add(topicResult);
        }
        return response;
    }
}
