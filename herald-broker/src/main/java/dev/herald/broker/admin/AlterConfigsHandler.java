package dev.herald.broker.admin;

import dev.herald.broker.handler.ApiHandler;
import dev.herald.broker.handler.RequestContext;
import dev.herald.broker.topic.ClusterDefaults;
import dev.herald.broker.topic.TopicConfigs;
import dev.herald.broker.topic.TopicManager;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AlterConfigsRequest;

import java.util.Map;
import java.util.TreeMap;

/** AlterConfigs (legacy): replaces all of a topic's overrides with the given set. */
public final class AlterConfigsHandler implements ApiHandler<AlterConfigsRequest> {
    private final TopicManager topics;

    public AlterConfigsHandler(TopicManager topics) {
        this.topics = topics;
    }

    @Override public ApiKeys apiKey() { return ApiKeys.ALTER_CONFIGS; }
    @Override public short minVersion() { return 0; }
    @Override public short maxVersion() { return 2; }

    @Override
    public ApiMessage handle(RequestContext context, AlterConfigsRequest request) {
        AlterConfigsResponseData response = new AlterConfigsResponseData().setThrottleTimeMs(0);
        for (AlterConfigsRequestData.AlterConfigsResource resource : request.data().resources()) {
            Map<String, String> overrides = new TreeMap<>();
            for (AlterConfigsRequestData.AlterableConfig config : resource.configs()) overrides.put(config.name(), config.value());
            TopicManager.Failure failure = ConfigChanges.apply(topics, resource.resourceType(), resource.resourceName(),
                    overrides, request.data().validateOnly());
            response.responses().add(new AlterConfigsResponseData.AlterConfigsResourceResponse()
                    .setResourceType(resource.resourceType()).setResourceName(resource.resourceName())
                    .setErrorCode(failure == null ? Errors.NONE.code() : failure.error().code())
                    .setErrorMessage(failure == null ? null : failure.message()));
        }
        return response;
    }

    /** Validation and application shared by AlterConfigs and IncrementalAlterConfigs. */
    static final class ConfigChanges {
        private ConfigChanges() { }

        static TopicManager.Failure apply(TopicManager topics, byte resourceType, String name, Map<String, String> overrides, boolean validateOnly) {
            ConfigResource.Type type = ConfigResource.Type.forId(resourceType);
            if (type == ConfigResource.Type.BROKER) return applyToBroker(topics, name, overrides, validateOnly);
            if (type != ConfigResource.Type.TOPIC) {
                return new TopicManager.Failure(Errors.INVALID_REQUEST, "Herald alters TOPIC configs only, not " + type);
            }
            if (topics.topic(name) == null) {
                return new TopicManager.Failure(Errors.UNKNOWN_TOPIC_OR_PARTITION, "Topic '" + name + "' does not exist");
            }
            for (var entry : overrides.entrySet()) {
                String problem = TopicConfigs.validate(entry.getKey(), entry.getValue());
                if (problem != null) return new TopicManager.Failure(Errors.INVALID_CONFIG, problem);
            }
            return validateOnly ? null : topics.replaceConfigs(name, overrides);
        }

        /** Dynamic broker settings: for the cluster default ("") or this node (the only broker) alike. */
        private static TopicManager.Failure applyToBroker(TopicManager topics, String broker, Map<String, String> settings, boolean validateOnly) {
            for (var entry : settings.entrySet()) {
                String problem = ClusterDefaults.validate(entry.getKey(), entry.getValue());
                if (problem != null) return new TopicManager.Failure(Errors.INVALID_CONFIG, problem);
            }
            Map<String, String> values = new TreeMap<>(settings);
            values.values().removeIf(java.util.Objects::isNull);
            return validateOnly ? null : topics.replaceClusterDefaults(values);
        }
    }
}
