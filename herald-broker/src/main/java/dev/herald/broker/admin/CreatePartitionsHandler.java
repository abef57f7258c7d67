package dev.herald.broker.admin;

import dev.herald.broker.handler.ApiHandler;
import dev.herald.broker.handler.RequestContext;
import dev.herald.broker.topic.TopicManager;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.CreatePartitionsRequest;

/** CreatePartitions: grows a topic's partition count (never shrinks), with validate-only. */
public final class CreatePartitionsHandler implements ApiHandler<CreatePartitionsRequest> {
    private final TopicManager topics;

    public CreatePartitionsHandler(TopicManager topics) {
        this.topics = topics;
    }

    @Override public ApiKeys apiKey() { return ApiKeys.CREATE_PARTITIONS; }
    @Override public short minVersion() { return 0; }
    @Override public short maxVersion() { return 3; }

    @Override
    public ApiMessage handle(RequestContext context, CreatePartitionsRequest request) {
        CreatePartitionsResponseData response = new CreatePartitionsResponseData().setThrottleTimeMs(0);
        for (CreatePartitionsTopic wanted : request.data().topics()) {
            TopicManager.Failure failure = topics.createPartitions(wanted.name(), wanted.count(), request.data().validateOnly());
            response.results().add(new CreatePartitionsTopicResult().setName(wanted.name())
                    .setErrorCode(failure == null ? Errors.NONE.code() : failure.error().code())
                    .setErrorMessage(failure == null ? null : failure.message()));
        }
        return response;
    }
}
