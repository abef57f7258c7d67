package dev.herald.broker.admin;

import dev.herald.broker.handler.ApiHandler;
import dev.herald.broker.handler.RequestContext;
import dev.herald.broker.topic.ClusterDefaults;
import dev.herald.broker.topic.Topic;
import dev.herald.broker.topic.TopicConfigs;
import dev.herald.broker.topic.TopicManager;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.IncrementalAlterConfigsRequest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** IncrementalAlterConfigs: SET, DELETE (back to default), APPEND and SUBTRACT (list settings) per topic setting. */
public final class IncrementalAlterConfigsHandler implements ApiHandler<IncrementalAlterConfigsRequest> {
    private static final byte SET = 0, DELETE = 1, APPEND = 2, SUBTRACT = 3;
    private final TopicManager topics;

    public IncrementalAlterConfigsHandler(TopicManager topics) {
        this.topics = topics;
    }

    @Override public ApiKeys apiKey() { return ApiKeys.INCREMENTAL_ALTER_CONFIGS; }
    @Override public short minVersion() { return 0; }
    @Override public short maxVersion() { return 1; }

    @Override
    public ApiMessage handle(RequestContext context, IncrementalAlterConfigsRequest request) {
        IncrementalAlterConfigsResponseData response = new IncrementalAlterConfigsResponseData().setThrottleTimeMs(0);
        for (AlterConfigsResource resource : request.data().resources()) {
            TopicManager.Failure failure = alter(resource, request.data().validateOnly());
            response.responses().add(new AlterConfigsResourceResponse()
                    .setResourceType(resource.resourceType()).setResourceName(resource.resourceName())
                    .setErrorCode(failure == null ? Errors.NONE.code() : failure.error().code())
                    .setErrorMessage(failure == null ? null : failure.message()));
        }
        return response;
    }

    private TopicManager.Failure alter(AlterConfigsResource resource, boolean validateOnly) {
        boolean broker = ConfigResource.Type.forId(resource.resourceType()) == ConfigResource.Type.BROKER;
        Topic topic = ConfigResource.Type.forId(resource.resourceType()) == ConfigResource.Type.TOPIC ? topics.topic(resource.resourceName()) : null;
        Map<String, String> overrides = new TreeMap<>(broker ? topics.clusterDefaults().values() : topic == null ? Map.of() : topic.configs());
        for (AlterableConfig change : resource.configs()) {
            String unknown = broker ? ClusterDefaults.validate(change.name(), null)
                    : TopicConfigs.isKnown(change.name()) ? null : "Unknown topic config name: " + change.name();
            if (unknown != null) return new TopicManager.Failure(Errors.INVALID_CONFIG, unknown);
            switch (change.configOperation()) {
                case SET -> overrides.put(change.name(), change.value());
                case DELETE -> overrides.remove(change.name());
                case APPEND, SUBTRACT -> {
                    List<String> items = new ArrayList<>(Arrays.asList(TopicConfigs.effective(overrides, change.name()).split(",")));
                    List<String> changed = Arrays.asList(change.value().split(","));
                    if (change.configOperation() == APPEND) {
                        changed.stream().filter(v -> !items.contains(v)).forEach(items::add);
                    } else {
                        items.removeAll(changed);
                    }
                    overrides.put(change.name(), String.join(",", items));
                }
                default -> {
                    return new TopicManager.Failure(Errors.INVALID_REQUEST, "Unknown config operation " + change.configOperation());
                }
            }
        }
        return AlterConfigsHandler.ConfigChanges.apply(topics, resource.resourceType(), resource.resourceName(), overrides, validateOnly);
    }
}
