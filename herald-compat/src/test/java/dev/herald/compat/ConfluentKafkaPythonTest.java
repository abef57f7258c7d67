package dev.herald.compat;

import static dev.herald.compat.Clients.get;
import static dev.herald.compat.Clients.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.testkit.KafkaTarget;
import dev.herald.testkit.OnEachBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * Debian's python3-confluent-kafka 1.7 (librdkafka 2.0.2) running {@code src/test/python/confluent_compat.py}:
 * AdminClient topic creation, the idempotent producer with every compression codec, a consumer group that commits
 * and resumes.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class ConfluentKafkaPythonTest {

    /** Debian's interpreter: the python3 first on PATH may be a pyenv one without the Debian package. */
    private static final String PYTHON = "/usr/bin/python3";

    private static ExternalCommand.Result script(String... args) {
        return command(args).timeout(Duration.ofSeconds(60)).run().assertSuccess();
    }

    private static ExternalCommand command(String... args) {
        String python = ExternalCommand.require(PYTHON, "python3 (Debian)");
        ExternalCommand.Result probe = ExternalCommand.of(python, "-I", "-c", "import confluent_kafka").run();
        if (probe.exitCode() != 0) {
            throw new AssertionError("python3-confluent-kafka is missing for " + PYTHON + ": install the Debian package "
                    + "python3-confluent-kafka (as root, `.ci/install-test-deps` installs it)\n" + probe.stderr());
        }
        List<String> command = new ArrayList<>(List.of(python, "-I",
                Scripts.moduleDirectory().resolve("src/test/python/confluent_compat.py").toString()));
        command.addAll(List.of(args));
        return ExternalCommand.of(command);
    }

    @OnEachBroker
    void createsTopicWithTheAdminClient(KafkaTarget broker) {
        String topic = unique("py-admin", broker);
        JsonNode created = Scripts.json(script("create-topic", broker.bootstrapServers(), topic, "3"));
        assertThat(created.get("partitions").asInt()).isEqualTo(3);
        assertThat(created.get("retention.ms").asText()).isEqualTo("3600000");

        try (Admin admin = Clients.admin(broker)) {
            assertThat(get(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic).partitions()).hasSize(3);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            assertThat(get(admin.describeConfigs(List.of(resource)).all()).get(resource).get("retention.ms").value())
                    .isEqualTo("3600000");
        }
    }

    @OnEachBroker
    void producesWithEveryCompressionCodec(KafkaTarget broker) {
        for (String codec : List.of("gzip", "snappy", "lz4", "zstd")) {
            String topic = unique("py-" + codec, broker);
            Clients.createTopic(broker, topic, 1);
            ExternalCommand.Result result = script("produce", broker.bootstrapServers(), topic, codec, "50");
            // librdkafka silently sends uncompressed data when the broker's Produce range starts above v0
            // (KAFKA-18659, librdkafka #4956) and only says so in its log.
            assertThat(result.stderr()).as("librdkafka log for %s", codec).doesNotContainIgnoringCase("compression");
            JsonNode delivered = Scripts.json(result).get("delivered");
            assertThat(delivered).hasSize(50);
            for (int i = 0; i < 50; i++) {
                assertThat(delivered.get(i).get(1).asLong()).as("%s offset of record %d", codec, i).isEqualTo(i);
            }
            List<ConsumerRecord<String, String>> records = Clients.read(broker, new TopicPartition(topic, 0), 0, 50);
            for (int i = 0; i < 50; i++) {
                assertThat(records.get(i).key()).isEqualTo("key-" + i);
                assertThat(records.get(i).value()).isEqualTo(codec + " value " + i + " " + "y".repeat(200));
            }
        }
    }

    @Tag("groups")
    @OnEachBroker
    void consumerGroupCommitsAndResumesWhereItStopped(KafkaTarget broker) throws Exception {
        String topic = unique("py-group", broker);
        String group = unique("py-group", broker);
        Clients.createTopic(broker, topic, 2);
        script("produce", broker.bootstrapServers(), topic, "none", "10");

        JsonNode first = Scripts.json(script("consume-group", broker.bootstrapServers(), topic, group, "10"));
        assertThat(first.get("records")).hasSize(10);
        Map<TopicPartition, OffsetAndMetadata> committed;
        try (Admin admin = Clients.admin(broker)) {
            committed = get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
            for (TopicPartition partition : committed.keySet()) {
                long end = get(admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)).offset();
                assertThat(committed.get(partition).offset()).as("committed offset of %s", partition).isEqualTo(end);
            }
        }
        assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum()).isEqualTo(10);

        try (KafkaProducer<String, String> producer = Clients.producer(broker, Map.of())) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "later-" + i, "v")).get(30, TimeUnit.SECONDS);
            }
        }
        JsonNode second = Scripts.json(script("consume-group", broker.bootstrapServers(), topic, group, "5"));
        List<String> keys = new ArrayList<>();
        second.get("records").forEach(record -> keys.add(record.get(2).asText()));
        assertThat(keys).containsExactly("later-0", "later-1", "later-2", "later-3", "later-4");
        long firstNewOffset = committed.getOrDefault(new TopicPartition(topic, 0), new OffsetAndMetadata(0)).offset();
        assertThat(second.get("records").get(0).get(1).asLong()).isEqualTo(firstNewOffset);
    }

    @Tag("slow")
    @Tag("groups")
    @OnEachBroker
    void killedMemberIsEvictedWhenItsSessionTimesOutAndAJavaMemberTakesOver(KafkaTarget broker) {
        String topic = unique("py-killed", broker);
        String group = unique("py-killed", broker);
        Clients.createTopic(broker, topic, 2);
        try (ExternalCommand.Running librdkafka = command("member", broker.bootstrapServers(), topic, group).start();
                GroupMember java = GroupMember.start(broker, group, topic,
                        Map.of(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500))) {
            Clients.await("the librdkafka and Java members sharing both partitions", () -> {
                List<String> lines = librdkafka.stdoutSoFar().lines().toList();
                return java.assignment().size() == 1 && !lines.isEmpty() && lines.getLast().equals("{\"assigned\": [" 
                        + (1 - java.assignment().iterator().next().partition()) + "]}");
            });
            // kill -9: no LeaveGroup, so only the session timeout (6 s) tells the coordinator it is gone.
            librdkafka.stop();
            Clients.await("the Java member owning both partitions", () -> java.assignment().size() == 2);
        }
    }
}
