package dev.herald.compat;

import dev.herald.registry.RegistryConfig;
import dev.herald.registry.SchemaRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import dev.herald.testkit.KafkaTarget;
import dev.herald.testkit.OnEachBroker;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schema registry storing its state through the Kafka protocol, on Herald and on Apache Kafka 4.4: the
 * {@code _schemas} topic is created compacted, writes are read back immediately, and a new registry rebuilds
 * everything from the topic.
 */
@Tag("slow")
@Timeout(120)
class SchemaRegistryStorageTest {
    private static final String SCHEMA = "{\"type\":\"record\",\"name\":\"OrderPlaced\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}";
    private static final String SCHEMA_V2 = "{\"type\":\"record\",\"name\":\"OrderPlaced\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},"
            + "{\"name\":\"total\",\"type\":\"double\",\"default\":0}]}";

    private String bootstrap;
    private final String topic = "_schemas_test_" + UUID.randomUUID().toString().substring(0, 8);

    private SchemaRegistry start() {
        return SchemaRegistry.start(new RegistryConfig(bootstrap, "127.0.0.1", 0, topic,
                dev.herald.registry.naming.NamingPolicy.OFF, Map.of())).awaitReady(java.time.Duration.ofSeconds(60));
    }

    @OnEachBroker
    void createsACompactedSinglePartitionTopic(KafkaTarget broker) throws Exception {
        bootstrap = broker.bootstrapServers();
        try (SchemaRegistry registry = start();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            assertThat(registry.port()).isPositive();
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            String policy = admin.describeConfigs(List.of(resource)).all().get().get(resource)
                    .get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            assertThat(policy).isEqualTo("compact");
            assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()).hasSize(1);
        }
    }

    @OnEachBroker
    void readsItsOwnWritesAndRebuildsEverythingAfterARestart(KafkaTarget broker) throws Exception {
        bootstrap = broker.bootstrapServers();
        try (SchemaRegistry registry = start()) {
            assertThat(post(registry, "/subjects/orders-value/versions", SCHEMA)).contains("\"id\":1");
            assertThat(get(registry, "/subjects/orders-value/versions")).isEqualTo("[1]");
            assertThat(post(registry, "/subjects/orders-value/versions", SCHEMA_V2)).contains("\"id\":2");
            assertThat(put(registry, "/config/orders-value", "{\"compatibility\":\"FULL\"}")).contains("FULL");
            assertThat(delete(registry, "/subjects/orders-value/versions/1")).isEqualTo("1");
        }
        try (SchemaRegistry restarted = start()) {
            assertThat(get(restarted, "/subjects/orders-value/versions")).isEqualTo("[2]");
            assertThat(get(restarted, "/subjects/orders-value/versions?deleted=true")).isEqualTo("[1,2]");
            assertThat(get(restarted, "/schemas/ids/2")).contains("total");
            assertThat(get(restarted, "/config/orders-value")).contains("\"compatibilityLevel\":\"FULL\"");
            assertThat(post(restarted, "/subjects/other-value/versions", SCHEMA_V2)).as("same schema, same id").contains("\"id\":2");
            assertThat(post(restarted, "/subjects/orders-value/versions", SCHEMA_V2.replace("0}", "1}"))).contains("\"id\":3");
        }
    }

    private static String get(SchemaRegistry registry, String path) throws Exception {
        return send(registry, HttpRequest.newBuilder(uri(registry, path)).GET());
    }

    private static String delete(SchemaRegistry registry, String path) throws Exception {
        return send(registry, HttpRequest.newBuilder(uri(registry, path)).DELETE());
    }

    private static String post(SchemaRegistry registry, String path, String schema) throws Exception {
        String body = "{\"schema\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(schema) + "}";
        return send(registry, HttpRequest.newBuilder(uri(registry, path)).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static String put(SchemaRegistry registry, String path, String body) throws Exception {
        return send(registry, HttpRequest.newBuilder(uri(registry, path)).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static URI uri(SchemaRegistry registry, String path) {
        return URI.create("http://127.0.0.1:" + registry.port() + path);
    }

    private static String send(SchemaRegistry registry, HttpRequest.Builder request) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(request.header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .build(), HttpResponse.BodyHandlers.ofString());
            return response.body();
        }
    }
}
