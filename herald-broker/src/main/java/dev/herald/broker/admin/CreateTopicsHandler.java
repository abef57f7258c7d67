package dev.herald.broker.admin;

import dev.herald.broker.handler.ApiHandler;
import dev.herald.broker.handler.RequestContext;
import dev.herald.broker.topic.Topic;
import dev.herald.broker.topic.TopicConfigs;
import dev.herald.broker.topic.TopicManager;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicConfig;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicConfigs;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.CreateTopicsRequest;

import java.util.HashMap;
import java.util.Map;

/**
 * CreateTopics, including validate-only: -1 partitions or replication factor take the broker defaults; a
 * replication factor above 1 is refused (one node cannot hold more replicas), as are manual assignments to
 * other nodes.
 */
public final class CreateTopicsHandler implements ApiHandler<CreateTopicsRequest> {
    private final TopicManager topics;
    private final int nodeId;

    public CreateTopicsHandler(TopicManager topics, int nodeId) {
        this.topics = topics;
        this.nodeId = nodeId;
    }

    @Override public ApiKeys apiKey() { return ApiKeys.CREATE_TOPICS; }
    @Override public short minVersion() { return 2; }
    @Override public short maxVersion() { return 7; }

    @Override
    public ApiMessage handle(RequestContext context, CreateTopicsRequest request) {
        CreateTopicsResponseData response = new CreateTopicsResponseData().setThrottleTimeMs(0);
        boolean validateOnly = request.data().validateOnly();
        for (CreatableTopic wanted : request.data().topics()) {
            response.topics().add(create(wanted, validateOnly, request.version()));
        }
        return response;
    }

    private CreatableTopicResult create(CreatableTopic wanted, boolean validateOnly, short version) {
        CreatableTopicResult result = new CreatableTopicResult().setName(wanted.name()).setNumPartitions(-1).setReplicationFactor((short) -1);
        int partitions = wanted.numPartitions() == -1 ? topics.clusterDefaults().defaultPartitions() : wanted.numPartitions();
        if (!wanted.assignments().isEmpty()) {
            partitions = wanted.assignments().size();
            boolean onlyThisNode = wanted.assignments().stream().allMatch(a -> a.brokerIds().equals(java.util.List.of(nodeId)));
            if (!onlyThisNode) return error(result, Errors.INVALID_REPLICA_ASSIGNMENT, "Herald is a single node (id " + nodeId + "); assign every partition to it");
        }
        if (wanted.replicationFactor() > 1) {
            return error(result, Errors.INVALID_REPLICATION_FACTOR,
                    "Replication factor " + wanted.replicationFactor() + " is larger than the number of brokers (1). Herald is one node; use 1 or -1.");
        }
        if (wanted.replicationFactor() == 0 || wanted.replicationFactor() < -1) {
            return error(result, Errors.INVALID_REPLICATION_FACTOR, "Replication factor must be 1 or -1, got " + wanted.replicationFactor());
        }
        Map<String, String> configs = new HashMap<>();
        for (CreatableTopicConfig config : wanted.configs()) {
            if (config.value() != null) configs.put(config.name(), config.value());
        }
        TopicManager.Failure failure = validateOnly ? topics.validateCreate(wanted.name(), partitions, configs)
                : topics.create(wanted.name(), partitions, configs);
        if (failure != null) return error(result, failure.error(), failure.message());
        result.setErrorCode(Errors.NONE.code()).setNumPartitions(partitions).setReplicationFactor((short) 1);
        Topic topic = topics.topic(wanted.name());
        if (topic != null) result.setTopicId(topic.id());
        if (version < 5) return result; // configs in the response exist from v5 on
        if (topic == null) return result;
        TopicConfigs.defaults().keySet().forEach(name -> result.configs().add(new CreatableTopicConfigs()
                .setName(name).setValue(topic.config(name)).setReadOnly(false)
                .setConfigSource((byte) (configs.containsKey(name) ? 1 : 5)).setIsSensitive(false)));
        return result;
    }

    private static CreatableTopicResult error(CreatableTopicResult result, Errors error, String message) {
        return result.setErrorCode(error.code()).setErrorMessage(message);
    }
}
