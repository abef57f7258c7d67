package dev.herald.registry;

import dev.herald.registry.naming.NamingPolicy;

import java.util.Map;

/**
 * How to start a {@link SchemaRegistry}: the Kafka-protocol cluster that holds the {@code _schemas} topic,
 * the address to listen on ({@code port} 0 picks a free port), the topic name, the default event-naming policy
 * and any extra Kafka client properties (security settings, for example). Immutable.
 */
public record RegistryConfig(String bootstrapServers, String host, int port, String topic,
                             NamingPolicy defaultNaming, Map<String, Object> kafkaClientProperties) {

    public static final String DEFAULT_TOPIC = "_schemas";
    public static final int DEFAULT_PORT = 8081;

    public RegistryConfig {
        kafkaClientProperties = Map.copyOf(kafkaClientProperties);
    }

    /** The usual configuration: {@code _schemas}, naming check off, no extra client properties. */
    public static RegistryConfig of(String bootstrapServers, String host, int port) {
        return new RegistryConfig(bootstrapServers, host, port, DEFAULT_TOPIC, NamingPolicy.OFF, Map.of());
    }

    public RegistryConfig withDefaultNaming(NamingPolicy naming) {
        return new RegistryConfig(bootstrapServers, host, port, topic, naming, kafkaClientProperties);
    }
}
