package dev.herald.broker;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Drives the broker with the real Java kafka-clients 4.4 producer, consumer and admin client. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KafkaClientsTest {
    @TempDir Path dataDir;
    Broker broker;

    @BeforeEach
    void start() throws Exception {
        broker = Broker.start(BrokerConfig.defaults(dataDir).withPort(0));
    }

    @AfterEach
    void stop() throws Exception {
        if (broker != null) broker.close();
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private KafkaProducer<String, String> producer(Map<String, Object> extra) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.putAll(extra);
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    private KafkaConsumer<String, String> consumer() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
    }

    private List<ConsumerRecord<String, String>> readAll(String topic, int partitions, int expected) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> assignment = new ArrayList<>();
            for (int p = 0; p < partitions; p++) assignment.add(new TopicPartition(topic, p));
            consumer.assign(assignment);
            consumer.seekToBeginning(assignment);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 30_000;
            while (records.size() < expected && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void producesWithDefaultIdempotentProducerAndReadsBack(String compression) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic("orders", 3, (short) 1))).all().get();
        }
        List<RecordMetadata> acks = new ArrayList<>();
        try (KafkaProducer<String, String> producer = producer(Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression))) {
            List<Future<RecordMetadata>> futures = new ArrayList<>();
            for (int i = 0; i < 300; i++) futures.add(producer.send(new ProducerRecord<>("orders", "key-" + (i % 7), "value-" + i)));
            for (Future<RecordMetadata> future : futures) acks.add(future.get());
        }
        List<ConsumerRecord<String, String>> records = readAll("orders", 3, 300);
        assertThat(records).hasSize(300);
        for (RecordMetadata ack : acks) {
            assertThat(records).anySatisfy(r -> {
                assertThat(r.partition()).isEqualTo(ack.partition());
                assertThat(r.offset()).isEqualTo(ack.offset());
            });
        }
        assertThat(records.stream().map(ConsumerRecord::value).distinct()).hasSize(300);
    }

    @Test
    void keepsRecordsTopicsAndConfigsAcrossRestart() throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic("events", 2, (short) 1).configs(Map.of("retention.ms", "123456")))).all().get();
        }
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            for (int i = 0; i < 50; i++) producer.send(new ProducerRecord<>("events", "k" + i, "v" + i)).get();
        }
        broker.close();
        broker = Broker.start(BrokerConfig.defaults(dataDir).withPort(0));
        assertThat(readAll("events", 2, 50)).hasSize(50);
        try (Admin admin = admin()) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "events");
            var config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(config.get("retention.ms").value()).isEqualTo("123456");
            assertThat(config.get("cleanup.policy").value()).isEqualTo("delete");
        }
    }

    @Test
    void answersListOffsetsAndOffsetsForTimes() throws Exception {
        long t0 = System.currentTimeMillis() - 60_000;
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            for (int i = 0; i < 10; i++) producer.send(new ProducerRecord<>("timed", 0, t0 + i * 1000L, "k", "v" + i)).get();
        }
        TopicPartition partition = new TopicPartition("timed", 0);
        try (KafkaConsumer<String, String> consumer = consumer()) {
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(Map.of(partition, t0 + 4500));
            assertThat(found.get(partition).offset()).isEqualTo(5);
            assertThat(found.get(partition).timestamp()).isEqualTo(t0 + 5000);
            assertThat(consumer.endOffsets(List.of(partition)).get(partition)).isEqualTo(10);
            assertThat(consumer.beginningOffsets(List.of(partition)).get(partition)).isZero();
        }
        try (Admin admin = admin()) {
            var max = admin.listOffsets(Map.of(partition, OffsetSpec.maxTimestamp())).all().get().get(partition);
            assertThat(max.offset()).isEqualTo(9);
            admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(4))).all().get();
            assertThat(admin.listOffsets(Map.of(partition, OffsetSpec.earliest())).all().get().get(partition).offset()).isEqualTo(4);
        }
    }

    @Test
    void refusesBadTopicsAndOversizedRecordsWithKafkaErrors() throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic("small", 1, (short) 1).configs(Map.of("max.message.bytes", "2000")))).all().get();
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("small", 1, (short) 1))).all().get())
                    .hasCauseInstanceOf(TopicExistsException.class);
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("bad name!", 1, (short) 1))).all().get())
                    .hasCauseInstanceOf(InvalidTopicException.class);
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("t", 1, (short) 1).configs(Map.of("retention.ms", "soon")))).all().get())
                    .isInstanceOf(ExecutionException.class).hasMessageContaining("retention.ms");
        }
        try (KafkaProducer<String, String> producer = producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, 0))) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("small", "k", "x".repeat(5000))).get())
                    .hasCauseInstanceOf(RecordTooLargeException.class);
            assertThat(producer.send(new ProducerRecord<>("small", "k", "fits")).get().offset()).isZero();
        }
    }

    @Test
    void changesBrokerDefaultsAtRunTimeAndKeepsThemAcrossRestart() throws Exception {
        ConfigResource cluster = new ConfigResource(ConfigResource.Type.BROKER, "");
        ConfigResource node = new ConfigResource(ConfigResource.Type.BROKER, "1");
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic("plain", 1, (short) 1),
                    new NewTopic("pinned", 1, (short) 1).configs(Map.of("retention.ms", "5000")))).all().get();
            admin.incrementalAlterConfigs(Map.of(cluster, List.of(set("log.retention.ms", "3600000"), set("num.partitions", "3")))).all().get();
            assertThatThrownBy(() -> admin.incrementalAlterConfigs(Map.of(cluster, List.of(set("log.retention.ms", "soon")))).all().get())
                    .hasCauseInstanceOf(org.apache.kafka.common.errors.InvalidConfigurationException.class).hasMessageContaining("log.retention.ms");
            assertThatThrownBy(() -> admin.incrementalAlterConfigs(Map.of(node, List.of(set("socket.request.max.bytes", "1")))).all().get())
                    .hasCauseInstanceOf(org.apache.kafka.common.errors.InvalidConfigurationException.class);
            var plain = describeTopic(admin, "plain").get("retention.ms");
            assertThat(plain.value()).isEqualTo("3600000");
            assertThat(plain.source()).isEqualTo(org.apache.kafka.clients.admin.ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
            assertThat(describeTopic(admin, "pinned").get("retention.ms").value()).isEqualTo("5000");
            assertThat(admin.describeConfigs(List.of(node)).all().get().get(node).get("log.retention.ms").value()).isEqualTo("3600000");
        }
        assertThat(broker.topics().topic("plain").partition(0).log().config().retentionMs()).isEqualTo(3_600_000L);
        assertThat(broker.topics().topic("pinned").partition(0).log().config().retentionMs()).isEqualTo(5_000L);
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            producer.send(new ProducerRecord<>("auto-created", "k", "v")).get();
            assertThat(producer.partitionsFor("auto-created")).hasSize(3);
        }
        broker.close();
        broker = Broker.start(BrokerConfig.defaults(dataDir).withPort(0));
        try (Admin admin = admin()) {
            assertThat(describeTopic(admin, "plain").get("retention.ms").value()).isEqualTo("3600000");
        }
        assertThat(broker.topics().topic("plain").partition(0).log().config().retentionMs()).isEqualTo(3_600_000L);
    }

    private static org.apache.kafka.clients.admin.AlterConfigOp set(String name, String value) {
        return new org.apache.kafka.clients.admin.AlterConfigOp(new org.apache.kafka.clients.admin.ConfigEntry(name, value),
                org.apache.kafka.clients.admin.AlterConfigOp.OpType.SET);
    }

    private static org.apache.kafka.clients.admin.Config describeTopic(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource);
    }

    @Test
    void deletesAndAltersTopics() throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic("doomed", 1, (short) 1))).all().get();
            admin.createPartitions(Map.of("doomed", org.apache.kafka.clients.admin.NewPartitions.increaseTo(4))).all().get();
            assertThat(admin.describeTopics(List.of("doomed")).allTopicNames().get().get("doomed").partitions()).hasSize(4);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "doomed");
            admin.incrementalAlterConfigs(Map.of(resource, List.of(new org.apache.kafka.clients.admin.AlterConfigOp(
                    new org.apache.kafka.clients.admin.ConfigEntry("cleanup.policy", "compact"),
                    org.apache.kafka.clients.admin.AlterConfigOp.OpType.SET)))).all().get();
            assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource).get("cleanup.policy").value()).isEqualTo("compact");
            admin.deleteTopics(List.of("doomed")).all().get();
            assertThat(admin.listTopics().names().get()).doesNotContain("doomed");
        }
        assertThat(dataDir.resolve("doomed-0")).doesNotExist();
    }
}
