package dev.herald.broker.admin;

import dev.herald.broker.handler.ApiHandler;
import dev.herald.broker.handler.RequestContext;
import dev.herald.broker.topic.Topic;
import dev.herald.broker.topic.TopicManager;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DeleteTopicsRequest;

import java.util.ArrayList;
import java.util.List;

/** DeleteTopics by name (all versions) or by topic id (v6): removes the topic's metadata and all its data. */
public final class DeleteTopicsHandler implements ApiHandler<DeleteTopicsRequest> {
    private final TopicManager topics;

    public DeleteTopicsHandler(TopicManager topics) {
        this.topics = topics;
    }

    @Override public ApiKeys apiKey() { return ApiKeys.DELETE_TOPICS; }
    @Override public short minVersion() { return 1; }
    @Override public short maxVersion() { return 6; }

    @Override
    public ApiMessage handle(RequestContext context, DeleteTopicsRequest request) {
        DeleteTopicsResponseData response = new DeleteTopicsResponseData().setThrottleTimeMs(0);
        List<DeleteTopicsRequestData.DeleteTopicState> wanted = new ArrayList<>(request.data().topics());
        for (String name : request.data().topicNames()) wanted.add(new DeleteTopicsRequestData.DeleteTopicState().setName(name));
        for (DeleteTopicsRequestData.DeleteTopicState state : wanted) {
            DeletableTopicResult result = new DeletableTopicResult().setName(state.name()).setTopicId(state.topicId());
            Topic topic = state.name() != null ? topics.topic(state.name())
                    : state.topicId() != null && !state.topicId().equals(Uuid.ZERO_UUID) ? topics.topic(state.topicId()) : null;
            if (topic == null) {
                Errors error = state.name() == null ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION;
                result.setErrorCode(error.code()).setErrorMessage(error.message());
            } else if (topic.internal()) {
                result.setName(topic.name()).setErrorCode(Errors.TOPIC_DELETION_DISABLED.code())
                        .setErrorMessage("Internal topic " + topic.name() + " cannot be deleted");
            } else {
                TopicManager.Failure failure = topics.delete(topic.name());
                result.setName(topic.name()).setTopicId(topic.id())
                        .setErrorCode(failure == null ? Errors.NONE.code() : failure.error().code())
                        .setErrorMessage(failure == null ? null : failure.message());
            }
            response.responses().add(result);
        }
        return response;
    }
}
