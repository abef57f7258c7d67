package dev.herald.broker.handler;

import dev.herald.broker.topic.Partition;
import dev.herald.broker.topic.Topic;
import dev.herald.broker.topic.TopicManager;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.MetadataRequest;

import java.util.ArrayList;
import java.util.List;

/**
 * Metadata: this node as the only broker, the controller and every partition's leader (epoch 0, constant), topic
 * ids, and auto-creation of unknown topics when the client allows it and the broker is configured to.
 */
public final class MetadataHandler implements ApiHandler<MetadataRequest> {
    private final TopicManager topics;
    private final ClusterInfo cluster;
    public MetadataHandler(TopicManager topics, ClusterInfo cluster) {
        this.topics = topics;
        this.cluster = cluster;
    }

    @Override public ApiKeys apiKey() { return ApiKeys.METADATA; }
    @Override public short minVersion() { return 0; }
    @Override public short maxVersion() { return 12; }

    @Override
    public ApiMessage handle(RequestContext context, MetadataRequest request) {
        MetadataRequestData data = request.data();
        MetadataResponseData response = new MetadataResponseData()
                .setThrottleTimeMs(0)
                .setClusterId(cluster.clusterId())
                .setControllerId(cluster.nodeId());
        response.brokers().add(new MetadataResponseData.MetadataResponseBroker()
                .setNodeId(cluster.nodeId()).setHost(cluster.host()).setPort(cluster.port()).setRack(null));
        if (request.isAllTopics()) {
            for (Topic topic : topics.topics()) response.topics().add(describe(topic));
            return response;
        }
        boolean allowCreate = topics.clusterDefaults().autoCreateTopics() && (request.version() < 4 || data.allowAutoTopicCreation());
        for (MetadataRequestData.MetadataRequestTopic wanted : data.topics()) {
            response.topics().add(describe(wanted, allowCreate));
        }
        return response;
    }

    private MetadataResponseTopic describe(MetadataRequestData.MetadataRequestTopic wanted, boolean allowCreate) {
        if (wanted.name() == null && wanted.topicId() != null && !wanted.topicId().equals(Uuid.ZERO_UUID)) {
            Topic byId = topics.topic(wanted.topicId());
            return byId != null ? describe(byId)
                    : new MetadataResponseTopic().setTopicId(wanted.topicId()).setErrorCode(Errors.UNKNOWN_TOPIC_ID.code());
        }
        String name = wanted.name();
        Topic topic = topics.topic(name);
        if (topic == null) {
            String problem = TopicManager.validateName(name);
            if (problem != null) return error(name, Errors.INVALID_TOPIC_EXCEPTION);
            if (!allowCreate) return error(name, Errors.UNKNOWN_TOPIC_OR_PARTITION);
            TopicManager.Failure failure = topics.create(name, topics.clusterDefaults().defaultPartitions(), java.util.Map.of());
            topic = topics.topic(name);
            if (topic == null) return error(name, failure == null ? Errors.UNKNOWN_TOPIC_OR_PARTITION : failure.error());
        }
        return describe(topic);
    }

    private static MetadataResponseTopic error(String name, Errors error) {
        return new MetadataResponseTopic().setName(name).setErrorCode(error.code()).setTopicId(Uuid.ZERO_UUID);
    }

    private MetadataResponseTopic describe(Topic topic) {
        List<MetadataResponsePartition> partitions = new ArrayList<>();
        List<Integer> replicas = List.of(cluster.nodeId());
        for (Partition partition : topic.partitions()) {
            partitions.add(new MetadataResponsePartition()
                    .setErrorCode(Errors.NONE.code())
                    .setPartitionIndex(partition.index())
                    .setLeaderId(cluster.nodeId())
                    .setLeaderEpoch(0)
                    .setReplicaNodes(replicas)
                    .setIsrNodes(replicas)
                    .setOfflineReplicas(List.of()));
        }
        return new MetadataResponseTopic()
                .setErrorCode(Errors.NONE.code())
                .setName(topic.name())
                .setTopicId(topic.id())
                .setIsInternal(topic.internal())
                .setPartitions(partitions);
    }
}
