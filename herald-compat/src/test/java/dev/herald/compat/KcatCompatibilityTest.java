package dev.herald.compat;

import static dev.herald.compat.Clients.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testkit.KafkaTarget;
import dev.herald.testkit.OnEachBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Timeout;

/** Debian's {@code kcat} (librdkafka 2.0.2): keyed produce, consume from the beginning, metadata, offsets by time. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KcatCompatibilityTest {

    private static final String KCAT = "/usr/bin/kcat";

    private static ExternalCommand kcat(KafkaTarget broker, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(ExternalCommand.require(KCAT, "the Debian package kcat"),
                "-b", broker.bootstrapServers()));
        command.addAll(List.of(args));
        return ExternalCommand.of(command).timeout(Duration.ofSeconds(30));
    }

    @OnEachBroker
    void producesKeyedLinesAndConsumesThemFromTheBeginning(KafkaTarget broker) {
        String topic = unique("kcat-keyed", broker);
        Clients.createTopic(broker, topic, 1);

        kcat(broker, "-P", "-t", topic, "-K:").stdin("k1:first\nk2:second\nk1:third\n").run().assertSuccess();

        ExternalCommand.Result consumed = kcat(broker, "-C", "-t", topic, "-e", "-o", "beginning", "-q", "-f", "%k=%s@%o\\n")
                .run().assertSuccess();
        assertThat(consumed.stdoutLines()).as(() -> consumed.describe("printed"))
                .containsExactly("k1=first@0", "k2=second@1", "k1=third@2");

        List<ConsumerRecord<String, String>> records = Clients.read(broker, new TopicPartition(topic, 0), 0, 3);
        assertThat(records).extracting(ConsumerRecord::key).containsExactly("k1", "k2", "k1");
        assertThat(records).extracting(ConsumerRecord::value).containsExactly("first", "second", "third");
    }

    @OnEachBroker
    void consumesWhatTheJavaProducerWrote(KafkaTarget broker) throws Exception {
        String topic = unique("kcat-java", broker);
        Clients.createTopic(broker, topic, 1);
        try (KafkaProducer<String, String> producer = Clients.producer(broker, Map.of("compression.type", "lz4"))) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(topic, "key" + i, "value" + i));
            }
            producer.flush();
        }
        ExternalCommand.Result consumed = kcat(broker, "-C", "-t", topic, "-e", "-o", "beginning", "-q", "-f", "%k=%s\\n")
                .run().assertSuccess();
        assertThat(consumed.stdoutLines()).as(() -> consumed.describe("printed"))
                .containsExactly("key0=value0", "key1=value1", "key2=value2", "key3=value3", "key4=value4");
    }

    @OnEachBroker
    void listsMetadataOfBrokersAndTopics(KafkaTarget broker) {
        String topic = unique("kcat-metadata", broker);
        Clients.createTopic(broker, topic, 2);

        String metadata = kcat(broker, "-L", "-t", topic).run().assertSuccess().stdout();
        assertThat(metadata)
                .contains("1 brokers:")
                .contains(" at " + broker.bootstrapServers())
                .contains("topic \"" + topic + "\" with 2 partitions:")
                .containsPattern("partition 0, leader \\d+, replicas: \\d+, isrs: \\d+")
                .containsPattern("partition 1, leader \\d+, replicas: \\d+, isrs: \\d+");
    }

    @OnEachBroker
    void queriesOffsetsByTimestamp(KafkaTarget broker) throws Exception {
        String topic = unique("kcat-time", broker);
        Clients.createTopic(broker, topic, 1);
        long base = System.currentTimeMillis() - 60_000;
        try (KafkaProducer<String, String> producer = Clients.producer(broker, Map.of())) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(topic, 0, base + i * 1000L, "k", "v" + i)).get(30, TimeUnit.SECONDS);
            }
        }
        assertThat(queryOffset(broker, topic, base + 1000)).isEqualTo(1);
        assertThat(queryOffset(broker, topic, base + 1500)).isEqualTo(2);
        assertThat(queryOffset(broker, topic, base - 1)).isZero();
    }

    private static long queryOffset(KafkaTarget broker, String topic, long timestamp) {
        String output = kcat(broker, "-Q", "-t", topic + ":0:" + timestamp).run().assertSuccess().stdout();
        var matcher = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(topic) + " \\[0] offset (-?\\d+)")
                .matcher(output);
        assertThat(matcher.find()).as("kcat -Q output: %s", output).isTrue();
        return Long.parseLong(matcher.group(1));
    }
}
