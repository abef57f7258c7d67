package dev.herald.compat;

import static dev.herald.compat.Clients.failure;
import static dev.herald.compat.Clients.get;
import static dev.herald.compat.Clients.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testkit.KafkaTarget;
import dev.herald.testkit.OnEachBroker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Timeout;

/**
 * Java kafka-clients 4.4 (the producer with its defaults: idempotent, acks=all; the consumer with assign and seek;
 * the Admin client) against each broker.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JavaClientCompatibilityTest {

    @OnEachBroker
    void createsTopicWithPartitionsAndConfigs(KafkaTarget broker) {
        String topic = unique("created", broker);
        try (Admin admin = Clients.admin(broker)) {
            NewTopic request = new NewTopic(topic, 3, (short) 1)
                    .configs(Map.of("retention.ms", "3600000", "cleanup.policy", "delete", "max.message.bytes", "2000000"));
            get(admin.createTopics(List.of(request)).all());

            Clients.eventually("three partitions described", () -> Clients.partitionCount(admin, topic), n -> n == 3);
            assertThat(get(admin.listTopics().names())).contains(topic);
            TopicDescription description = get(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic);
            assertThat(description.partitions()).allSatisfy(partition -> {
                assertThat(partition.leader()).isNotNull();
                assertThat(partition.replicas()).hasSize(1);
            });
            Config config = topicConfig(admin, topic);
            assertThat(config.get("retention.ms").value()).isEqualTo("3600000");
            assertThat(config.get("retention.ms").source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
            assertThat(config.get("max.message.bytes").value()).isEqualTo("2000000");
            assertThat(config.get("segment.bytes").value()).isNotBlank();
            assertThat(failure(admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all()))
                    .isInstanceOf(TopicExistsException.class);
        }
    }

    @OnEachBroker
    void readsKeyedRecordsFromTheDefaultProducerBackByOffsetAndByTimestamp(KafkaTarget broker) throws Exception {
        String topic = unique("keyed", broker);
        Clients.createTopic(broker, topic, 4);
        long baseTime = System.currentTimeMillis() - 60_000;
        List<RecordMetadata> sent = new ArrayList<>();
        try (KafkaProducer<String, String> producer = Clients.producer(broker, Map.of())) {
            for (int i = 0; i < 20; i++) {
                var record = new ProducerRecord<>(topic, null, baseTime + i * 1000L, "key-" + (i % 5), "value-" + i,
                        List.of(new RecordHeader("seq", Integer.toString(i).getBytes(StandardCharsets.UTF_8))));
                sent.add(producer.send(record).get(30, TimeUnit.SECONDS));
            }
        }
        for (int i = 0; i < sent.size(); i++) {
            byte[] key = ("key-" + (i % 5)).getBytes(StandardCharsets.UTF_8);
            assertThat(sent.get(i).partition()).as("partition of key-%d", i % 5)
                    .isEqualTo(Utils.toPositive(Utils.murmur2(key)) % 4);
            assertThat(sent.get(i).timestamp()).isEqualTo(baseTime + i * 1000L);
        }

        RecordMetadata third = sent.get(2);
        TopicPartition partition = new TopicPartition(topic, third.partition());
        List<RecordMetadata> inPartition = sent.stream().filter(m -> m.partition() == third.partition()).toList();
        assertThat(inPartition.stream().map(RecordMetadata::offset)).containsExactlyElementsOf(
                java.util.stream.LongStream.range(0, inPartition.size()).boxed().toList());

        List<ConsumerRecord<String, String>> fromThird = Clients.read(broker, partition, third.offset(),
                (int) (inPartition.size() - third.offset()));
        ConsumerRecord<String, String> first = fromThird.getFirst();
        assertThat(first.offset()).isEqualTo(third.offset());
        assertThat(first.key()).isEqualTo("key-2");
        assertThat(first.value()).isEqualTo("value-2");
        assertThat(first.timestamp()).isEqualTo(baseTime + 2000);
        assertThat(new String(first.headers().lastHeader("seq").value(), StandardCharsets.UTF_8)).isEqualTo("2");
        assertThat(fromThird.stream().map(ConsumerRecord::offset)).isSorted().doesNotHaveDuplicates();

        RecordMetadata last = inPartition.getLast();
        try (KafkaConsumer<String, String> consumer = Clients.consumer(broker, Map.of())) {
            Map<TopicPartition, OffsetAndTimestamp> byTime = consumer.offsetsForTimes(Map.of(partition, last.timestamp() - 1));
            assertThat(byTime.get(partition).offset()).isEqualTo(last.offset());
            assertThat(byTime.get(partition).timestamp()).isEqualTo(last.timestamp());
            assertThat(consumer.offsetsForTimes(Map.of(partition, third.timestamp())).get(partition).offset())
                    .isEqualTo(third.offset());
            assertThat(consumer.offsetsForTimes(Map.of(partition, last.timestamp() + 1)).get(partition)).isNull();
        }
    }

    @OnEachBroker
    void readsBackBatchesCompressedWithEveryCodec(KafkaTarget broker) throws Exception {
        for (String codec : List.of("gzip", "snappy", "lz4", "zstd")) {
            String topic = unique("compressed-" + codec, broker);
            Clients.createTopic(broker, topic, 1);
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            try (KafkaProducer<String, String> producer = Clients.producer(broker,
                    Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec, ProducerConfig.LINGER_MS_CONFIG, 100))) {
                for (int i = 0; i < 200; i++) {
                    acks.add(producer.send(new ProducerRecord<>(topic, "k" + i, codec + " value " + i + " " + "x".repeat(100))));
                }
                producer.flush();
            }
            for (int i = 0; i < acks.size(); i++) {
                assertThat(acks.get(i).get(30, TimeUnit.SECONDS).offset()).as("%s offset", codec).isEqualTo(i);
            }
            List<ConsumerRecord<String, String>> records = Clients.read(broker, new TopicPartition(topic, 0), 0, 200);
            for (int i = 0; i < 200; i++) {
                assertThat(records.get(i).offset()).isEqualTo(i);
                assertThat(records.get(i).key()).isEqualTo("k" + i);
                assertThat(records.get(i).value()).isEqualTo(codec + " value " + i + " " + "x".repeat(100));
            }
        }
    }

    @OnEachBroker
    void listsEarliestLatestMaxTimestampAndTimestampOffsets(KafkaTarget broker) throws Exception {
        String topic = unique("offsets", broker);
        Clients.createTopic(broker, topic, 1);
        TopicPartition partition = new TopicPartition(topic, 0);
        long base = System.currentTimeMillis() - 60_000;
        long[] timestamps = {base + 5000, base + 1000, base + 9000, base + 3000, base + 2000};
        try (KafkaProducer<String, String> producer = Clients.producer(broker, Map.of())) {
            for (long timestamp : timestamps) {
                producer.send(new ProducerRecord<>(topic, 0, timestamp, "k", "v@" + timestamp)).get(30, TimeUnit.SECONDS);
            }
        }
        try (Admin admin = Clients.admin(broker)) {
            assertThat(listOffset(admin, partition, OffsetSpec.earliest()).offset()).isZero();
            assertThat(listOffset(admin, partition, OffsetSpec.latest()).offset()).isEqualTo(5);
            ListOffsetsResultInfo max = listOffset(admin, partition, OffsetSpec.maxTimestamp());
            assertThat(max.offset()).isEqualTo(2);
            assertThat(max.timestamp()).isEqualTo(base + 9000);
            // The first offset whose timestamp is at or after the target: offset 0 (base+5000) for base+4000.
            assertThat(listOffset(admin, partition, OffsetSpec.forTimestamp(base + 4000)).offset()).isZero();
            assertThat(listOffset(admin, partition, OffsetSpec.forTimestamp(base + 6000)).offset()).isEqualTo(2);
            assertThat(listOffset(admin, partition, OffsetSpec.forTimestamp(base + 10_000)).offset()).isEqualTo(-1);
        }
    }

    @OnEachBroker
    void deletesRecordsBeforeAnOffset(KafkaTarget broker) throws Exception {
        String topic = unique("delete-records", broker);
        Clients.createTopic(broker, topic, 1);
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaProducer<String, String> producer = Clients.producer(broker, Map.of())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get(30, TimeUnit.SECONDS);
            }
        }
        try (Admin admin = Clients.admin(broker)) {
            var deleted = admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(4))).lowWatermarks();
            assertThat(get(deleted.get(partition)).lowWatermark()).isEqualTo(4);
            assertThat(listOffset(admin, partition, OffsetSpec.earliest()).offset()).isEqualTo(4);
            assertThat(listOffset(admin, partition, OffsetSpec.latest()).offset()).isEqualTo(10);
        }
        try (KafkaConsumer<String, String> consumer = Clients.consumer(broker, Map.of())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            assertThat(consumer.position(partition, java.time.Duration.ofSeconds(30))).isEqualTo(4);
        }
        assertThat(Clients.read(broker, partition, 4, 6).getFirst().value()).isEqualTo("v4");
    }

    @OnEachBroker
    void describesAndIncrementallyAltersTopicConfigs(KafkaTarget broker) {
        String topic = unique("configs", broker);
        Clients.createTopic(broker, topic, 1);
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Admin admin = Clients.admin(broker)) {
            ConfigEntry defaultRetention = topicConfig(admin, topic).get("retention.ms");
            assertThat(defaultRetention.source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
            assertThat(defaultRetention.value()).isEqualTo("604800000");

            alter(admin, resource, new AlterConfigOp(new ConfigEntry("retention.ms", "1234567"), AlterConfigOp.OpType.SET),
                    new AlterConfigOp(new ConfigEntry("cleanup.policy", "compact"), AlterConfigOp.OpType.SET));
            Config altered = Clients.eventually("the altered configs", () -> topicConfig(admin, topic),
                    config -> config.get("cleanup.policy").value().equals("compact"));
            assertThat(altered.get("retention.ms").value()).isEqualTo("1234567");
            assertThat(altered.get("retention.ms").source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
            assertThat(altered.get("cleanup.policy").value()).isEqualTo("compact");

            alter(admin, resource, new AlterConfigOp(new ConfigEntry("retention.ms", ""), AlterConfigOp.OpType.DELETE));
            ConfigEntry restored = Clients.eventually("retention.ms back to its default",
                    () -> topicConfig(admin, topic).get("retention.ms"), entry -> !entry.value().equals("1234567"));
            assertThat(restored.value()).isEqualTo("604800000");
            assertThat(restored.source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);

            var invalid = new AlterConfigOp(new ConfigEntry("cleanup.policy", "sometimes"), AlterConfigOp.OpType.SET);
            assertThat(failure(admin.incrementalAlterConfigs(Map.of(resource, List.of(invalid))).all()))
                    .isInstanceOf(InvalidConfigurationException.class);

            String nodeId = Integer.toString(get(admin.describeCluster().nodes()).iterator().next().id());
            Config brokerConfig = get(admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.BROKER, nodeId)))
                    .all()).values().iterator().next();
            assertThat(brokerConfig.get("log.retention.ms") != null || brokerConfig.get("log.retention.hours") != null)
                    .as("broker config lists its retention").isTrue();
        }
    }

    @OnEachBroker
    void addsPartitionsButNeverRemovesThem(KafkaTarget broker) throws Exception {
        String topic = unique("partitions", broker);
        Clients.createTopic(broker, topic, 1);
        try (Admin admin = Clients.admin(broker)) {
            get(admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(3))).all());
            Clients.eventually("three partitions described", () -> Clients.partitionCount(admin, topic), n -> n == 3);
            assertThat(failure(admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(2))).all()))
                    .isInstanceOf(InvalidPartitionsException.class);
        }
        try (KafkaProducer<String, String> producer = Clients.producer(broker, Map.of())) {
            Clients.await("the producer to see partition 2", () -> producer.partitionsFor(topic).size() == 3);
            assertThat(producer.send(new ProducerRecord<>(topic, 2, "k", "v")).get(30, TimeUnit.SECONDS).partition())
                    .isEqualTo(2);
        }
    }

    @OnEachBroker
    void deletesTopics(KafkaTarget broker) {
        String topic = unique("deleted", broker);
        Clients.createTopic(broker, topic, 2);
        try (Admin admin = Clients.admin(broker)) {
            get(admin.deleteTopics(List.of(topic)).all());
            Clients.await("the topic to disappear from the topic list", () -> !get(admin.listTopics().names()).contains(topic));
            assertThat(failure(admin.describeTopics(List.of(topic)).allTopicNames()))
                    .isInstanceOf(UnknownTopicOrPartitionException.class);
            assertThat(failure(admin.deleteTopics(List.of(topic)).all()))
                    .isInstanceOf(UnknownTopicOrPartitionException.class);
        }
    }

    private static ListOffsetsResultInfo listOffset(Admin admin, TopicPartition partition, OffsetSpec spec) {
        return get(admin.listOffsets(Map.of(partition, spec)).partitionResult(partition));
    }

    private static Config topicConfig(Admin admin, String topic) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return get(admin.describeConfigs(List.of(resource)).all()).get(resource);
    }

    private static void alter(Admin admin, ConfigResource resource, AlterConfigOp... ops) {
        Collection<AlterConfigOp> list = List.of(ops);
        get(admin.incrementalAlterConfigs(Map.of(resource, list)).all());
    }
}
