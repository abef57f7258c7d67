package dev.herald.broker.admin;

import dev.herald.broker.BrokerConfig;

import java.util.LinkedHashMap;
import java.util.Map;

/** Broker-level settings as DescribeConfigs reports them (Kafka names); they are set by command-line flags. */
public final class BrokerSettings {
    private BrokerSettings() { }

    public static Map<String, String> of(BrokerConfig config) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("node.id", Integer.toString(config.nodeId()));
        settings.put("broker.id", Integer.toString(config.nodeId()));
        settings.put("num.partitions", Integer.toString(config.defaultPartitions()));
        settings.put("auto.create.topics.enable", Boolean.toString(config.autoCreateTopics()));
        settings.put("socket.request.max.bytes", Integer.toString(config.maxRequestBytes()));
        settings.put("log.dirs", config.dataDirectory().toAbsolutePath().toString());
        settings.put("log.retention.check.interval.ms", Long.toString(config.retentionCheckIntervalMs()));
        settings.put("group.initial.rebalance.delay.ms", Long.toString(config.groupInitialRebalanceDelayMs()));
        settings.put("connections.max.idle.ms", Long.toString(config.connectionsMaxIdleMs()));
        settings.put("default.replication.factor", "1");
        settings.put("offsets.topic.replication.factor", "1");
        settings.put("min.insync.replicas", "1");
        settings.put("herald.fsync.policy", config.fsyncPolicy().toString());
        // Defaults applied to new topics, under Kafka's broker names (topic overrides win).
        Map<String, String> topicDefaults = dev.herald.broker.topic.TopicConfigs.defaults();
        settings.put("log.retention.ms", topicDefaults.get("retention.ms"));
        settings.put("log.retention.hours", Long.toString(Long.parseLong(topicDefaults.get("retention.ms")) / 3_600_000));
        settings.put("log.retention.bytes", topicDefaults.get("retention.bytes"));
        settings.put("log.segment.bytes", topicDefaults.get("segment.bytes"));
        settings.put("log.roll.ms", topicDefaults.get("segment.ms"));
        settings.put("log.cleanup.policy", topicDefaults.get("cleanup.policy"));
        settings.put("log.cleaner.delete.retention.ms", topicDefaults.get("delete.retention.ms"));
        settings.put("log.index.interval.bytes", topicDefaults.get("index.interval.bytes"));
        settings.put("log.message.timestamp.type", topicDefaults.get("message.timestamp.type"));
        settings.put("message.max.bytes", topicDefaults.get("max.message.bytes"));
        settings.put("compression.type", topicDefaults.get("compression.type"));
        return settings;
    }
}
