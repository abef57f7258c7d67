package dev.herald.broker.topic;

import org.apache.kafka.common.Uuid;

import java.util.List;
import java.util.Map;

/**
 * A topic: its id (stable for its lifetime, new if the name is deleted and recreated), partitions and config
 * overrides. Immutable: changes produce a new instance that the {@link TopicManager} swaps in.
 */
public record Topic(String name, Uuid id, List<Partition> partitions, Map<String, String> configs, boolean internal) {
    public Topic {
        partitions = List.copyOf(partitions);
        configs = Map.copyOf(configs);
    }

    public Partition partition(int index) {
        return index >= 0 && index < partitions.size() ? partitions.get(index) : null;
    }

    public String config(String name) {
        return TopicConfigs.effective(configs, name);
    }
}
