package dev.herald.testkit;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A user's test with an in-process Herald: Kafka clients and the schema registry, started by the extension. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HeraldExtensionTest {
    @RegisterExtension
    static final HeraldExtension HERALD = new HeraldExtension();

    @Test
    void producesAndConsumesThroughTheEmbeddedBroker() throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(HERALD.herald().clientConfig(), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("greetings", "k", "hello")).get();
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(HERALD.herald().clientConfig(), new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition("greetings", 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<String> values = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 20_000;
            while (values.isEmpty() && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
            assertThat(values).containsExactly("hello");
        }
    }

    @Test
    void refusesRecordsWithoutARegisteredSchemaOnValidatedTopics() throws Exception {
        int id = register("payments-value", "{\"type\":\"record\",\"name\":\"PaymentCaptured\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}");
        try (var admin = org.apache.kafka.clients.admin.Admin.create(HERALD.herald().clientConfig())) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic("payments", 1, (short) 1)
                    .configs(java.util.Map.of("confluent.value.schema.validation", "true")))).all().get();
        }
        var config = HERALD.herald().clientConfig();
        config.put("retries", 0);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new org.apache.kafka.common.serialization.ByteArraySerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            var refused = org.assertj.core.api.Assertions.catchThrowable(() ->
                    producer.send(new ProducerRecord<>("payments", "k".getBytes(), "plain text".getBytes())).get());
            assertThat(refused).hasCauseInstanceOf(org.apache.kafka.common.InvalidRecordException.class)
                    .hasMessageContaining("not framed with a schema id");
            // Confluent wire format: magic 0, the schema id, then the Avro binary of {"id": "p-1"}.
            byte[] avro = {0, 0, 0, 0, 0, 6, 'p', '-', '1'};
            java.nio.ByteBuffer.wrap(avro).putInt(1, id);
            assertThat(producer.send(new ProducerRecord<>("payments", "k".getBytes(), avro)).get().offset()).isZero();
        }
    }

    private static int register(String subject, String schema) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            String body = "{\"schema\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(schema) + "}";
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(HERALD.registryUrl() + "/subjects/" + subject + "/versions"))
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return Integer.parseInt(response.body().replaceAll("\\D+", ""));
        }
    }

    @Test
    void servesTheSchemaRegistry() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            String body = "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"UserRegistered\\\",\\\"fields\\\":[]}\"}";
            HttpResponse<String> registered = http.send(HttpRequest.newBuilder(URI.create(HERALD.registryUrl() + "/subjects/users-value/versions"))
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(registered.statusCode()).isEqualTo(200);
            HttpResponse<String> subjects = http.send(HttpRequest.newBuilder(URI.create(HERALD.registryUrl() + "/subjects")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(subjects.body()).contains("\"users-value\"");
        }
    }
}
