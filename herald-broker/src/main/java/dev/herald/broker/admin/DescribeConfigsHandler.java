package dev.herald.broker.admin;

import dev.herald.broker.handler.ApiHandler;
import dev.herald.broker.handler.RequestContext;
import dev.herald.broker.topic.ClusterDefaults;
import dev.herald.broker.topic.Topic;
import dev.herald.broker.topic.TopicConfigs;
import dev.herald.broker.topic.TopicManager;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.DescribeConfigsRequestData.DescribeConfigsResource;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeConfigsRequest;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;

import java.util.List;
import java.util.Map;

/** DescribeConfigs for topics (every known setting, with its source: override or default) and for the broker. */
public final class DescribeConfigsHandler implements ApiHandler<DescribeConfigsRequest> {
    private final TopicManager topics;
    private final Map<String, String> brokerSettings;
    private final int nodeId;

    public DescribeConfigsHandler(TopicManager topics, Map<String, String> brokerSettings, int nodeId) {
        this.topics = topics;
        this.brokerSettings = brokerSettings;
        this.nodeId = nodeId;
    }

    @Override public ApiKeys apiKey() { return ApiKeys.DESCRIBE_CONFIGS; }
    @Override public short minVersion() { return 1; }
    @Override public short maxVersion() { return 4; }

    @Override
    public ApiMessage handle(RequestContext context, DescribeConfigsRequest request) {
        DescribeConfigsResponseData response = new DescribeConfigsResponseData().setThrottleTimeMs(0);
        for (DescribeConfigsResource resource : request.data().resources()) {
            response.results().add(describe(resource));
        }
        return response;
    }

    private DescribeConfigsResult describe(DescribeConfigsResource resource) {
        DescribeConfigsResult result = new DescribeConfigsResult().setResourceType(resource.resourceType())
                .setResourceName(resource.resourceName()).setErrorCode(Errors.NONE.code());
        ConfigResource.Type type = ConfigResource.Type.forId(resource.resourceType());
        List<String> keys = resource.configurationKeys();
        if (type == ConfigResource.Type.TOPIC) {
            Topic topic = topics.topic(resource.resourceName());
            if (topic == null) {
                return result.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code())
                        .setErrorMessage("Topic '" + resource.resourceName() + "' does not exist");
            }
            TopicConfigs.defaults().forEach((name, defaultValue) -> {
                if (keys != null && !keys.contains(name)) return;
                ConfigSource source = topic.configs().containsKey(name) ? ConfigSource.TOPIC_CONFIG
                        : topic.clusterDefaults().containsKey(name) ? ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG : ConfigSource.DEFAULT_CONFIG;
                result.configs().add(entry(name, topic.config(name), source, false));
            });
            return result;
        }
        if (type == ConfigResource.Type.BROKER) {
            if (!resource.resourceName().isEmpty() && !resource.resourceName().equals(Integer.toString(nodeId))) {
                return result.setErrorCode(Errors.INVALID_REQUEST.code()).setErrorMessage("Unknown broker " + resource.resourceName() + "; this node is " + nodeId);
            }
            Map<String, String> dynamic = topics.clusterDefaults().values();
            brokerSettings.forEach((name, value) -> {
                if (keys != null && !keys.contains(name)) return;
                boolean changeable = ClusterDefaults.isDynamic(name);
                if (dynamic.containsKey(name)) {
                    result.configs().add(entry(name, dynamic.get(name), ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG, false));
                } else {
                    result.configs().add(entry(name, value, changeable ? ConfigSource.DEFAULT_CONFIG : ConfigSource.STATIC_BROKER_CONFIG, !changeable));
                }
            });
            return result;
        }
        return result.setErrorCode(Errors.INVALID_REQUEST.code()).setErrorMessage("Herald describes TOPIC and BROKER configs only, not " + type);
    }

    private static DescribeConfigsResourceResult entry(String name, String value, ConfigSource source, boolean readOnly) {
        return new DescribeConfigsResourceResult().setName(name).setValue(value).setReadOnly(readOnly)
                .setConfigSource(source.id()).setIsSensitive(false).setConfigType((byte) 0);
    }
}
