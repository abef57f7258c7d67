package dev.herald.testkit;

import java.util.HashMap;
import java.util.Map;

/**
 * A running broker that speaks the Kafka protocol, as seen by a test: where to connect and what to call it.
 * A compatibility scenario written against this interface runs unchanged against Apache Kafka and Herald
 * (see {@link OnEachBroker}).
 *
 * <p>Implementations are started and stopped by the testkit; tests only read them. Safe to use from any thread.
 */
public interface KafkaTarget {

    /** Short stable name, used in test display names and to select targets: {@code apache-kafka} or {@code herald}. */
    String name();

    /** The {@code bootstrap.servers} value for clients, e.g. {@code 127.0.0.1:40123}. */
    String bootstrapServers();

    /** The host of the first bootstrap address. */
    default String host() {
        String first = bootstrapServers().split(",")[0];
        return first.substring(0, first.lastIndexOf(':'));
    }

    /** The port of the first bootstrap address. */
    default int port() {
        String first = bootstrapServers().split(",")[0];
        return Integer.parseInt(first.substring(first.lastIndexOf(':') + 1));
    }

    /** A fresh, mutable client configuration holding only {@code bootstrap.servers}. */
    default Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrapServers());
        return config;
    }
}
