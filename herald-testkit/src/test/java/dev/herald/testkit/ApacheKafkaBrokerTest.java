package dev.herald.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A broker of its own (not the shared one), so that closing it can be checked. Runs first: see junit-platform.properties. */
@Order(1)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ApacheKafkaBrokerTest {

    @Test
    void startsWithOverridesServesClientsAndLeavesNothingBehindWhenClosed() throws Exception {
        ApacheKafkaBroker kafka = ApacheKafkaBroker.builder().config("num.partitions", "3").start();
        Path folder = kafka.logFile().getParent();
        ProcessHandle child = ProcessHandle.of(kafka.pid()).orElseThrow();
        try (kafka) {
            assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");
            assertThat(kafka.name()).isEqualTo("apache-kafka");
            try (Admin admin = Admin.create(kafka.clientConfig())) {
                admin.createTopics(List.of(new NewTopic("lifecycle", java.util.Optional.empty(), java.util.Optional.empty())))
                        .all().get();
                assertThat(admin.describeTopics(List.of("lifecycle")).allTopicNames().get().get("lifecycle").partitions())
                        .hasSize(3);
                ConfigEntry rebalanceDelay = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.BROKER, "1")))
                        .all().get().values().iterator().next().get("group.initial.rebalance.delay.ms");
                assertThat(rebalanceDelay.value()).isEqualTo("0");
            }
            RecordMetadata sent = produce(kafka, new ProducerRecord<>("lifecycle", 0, "key", "value"));
            assertThat(sent.offset()).isZero();
            assertThat(consumeOne(kafka, new TopicPartition("lifecycle", 0)).value()).isEqualTo("value");
        }
        assertThat(child.isAlive()).isFalse();
        assertThat(Files.exists(folder)).isFalse();
    }

    static RecordMetadata produce(KafkaTarget target, ProducerRecord<String, String> record) throws Exception {
        try (var producer = new KafkaProducer<>(target.clientConfig(), new StringSerializer(), new StringSerializer())) {
            return producer.send(record).get(30, TimeUnit.SECONDS);
        }
    }

    static ConsumerRecord<String, String> consumeOne(KafkaTarget target, TopicPartition partition) {
        Map<String, Object> config = target.clientConfig();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    return record;
                }
            }
        }
        throw new AssertionError("no record in " + partition + " within 30 s");
    }
}
