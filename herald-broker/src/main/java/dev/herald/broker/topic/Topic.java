package dev.herald.broker.topic;

import org.apache.kafka.common.Uuid;

import java.util.List;
import java.util.Map;

/**
 * A topic: its id (stable for its lifetime, new if the name is deleted and recreated), partitions, its own config
 * overrides and the cluster-wide defaults in force (dynamic broker settings, see {@link ClusterDefaults}).
 * Immutable: changes produce a new instance that the {@link TopicManager} swaps in.
 */
public record Topic(String name, Uuid id, List<Partition> partitions, Map<String, String> configs,
                    Map<String, String> clusterDefaults, boolean internal) {
    public Topic {
        partitions = List.copyOf(partitions);
        configs = Map.copyOf(configs);
        clusterDefaults = Map.copyOf(clusterDefaults);
    }

    public Partition partition(int index) {
        return index >= 0 && index < partitions.size() ? partitions.get(index) : null;
    }

    /** The setting in force: the topic's override, else the cluster default, else Kafka's default. */
    public String config(String name) {
        String value = configs.get(name);
        return value != null ? value.trim() : TopicConfigs.effective(clusterDefaults, name);
    }

    /** Cluster defaults overlaid with the topic's overrides: what the log engine runs with. */
    public static Map<String, String> merged(Map<String, String> clusterDefaults, Map<String, String> overrides) {
        Map<String, String> merged = new java.util.HashMap<>(clusterDefaults);
        merged.putAll(overrides);
        return merged;
    }
}
