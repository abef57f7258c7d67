package dev.herald.server;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Really kills a running {@code herald serve} with SIGKILL while producers write with acks=all, restarts it on the
 * same data directory, and checks that every acknowledged record is there exactly once at its acknowledged offset.
 */
@Tag("slow")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class KillNineDurabilityTest {
    @TempDir Path dataDir;

    @Test
    void everyAcknowledgedWriteSurvivesKillNine() throws Exception {
        Random random = new Random();
        Map<String, long[]> acknowledged = new ConcurrentHashMap<>();
        int rounds = 3;
        for (int round = 0; round < rounds; round++) {
            ServeProcess server = ServeProcess.start(dataDir, "--partitions", "3");
            AtomicBoolean stop = new AtomicBoolean();
            int thisRound = round;
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                int writer = w;
                writers.add(Thread.ofPlatform().start(() -> produceUntilStopped(server.bootstrap(), "r" + thisRound + "w" + writer, acknowledged, stop)));
            }
            Thread.sleep(1500 + random.nextInt(2500));
            server.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            stop.set(true);
            for (Thread writer : writers) writer.join(60_000);
        }
        assertThat(acknowledged).isNotEmpty();
        ServeProcess server = ServeProcess.start(dataDir, "--partitions", "3");
        try {
            Map<String, long[]> found = readEverything(server.bootstrap());
            System.out.printf("kill -9 x%d: %d acknowledged records, %d records in the log after restart%n", rounds, acknowledged.size(), found.size());
            for (Map.Entry<String, long[]> ack : acknowledged.entrySet()) {
                assertThat(found).as("acknowledged record %s", ack.getKey()).containsKey(ack.getKey());
                assertThat(found.get(ack.getKey())).as("position of %s", ack.getKey()).containsExactly(ack.getValue());
            }
        } finally {
            server.process().destroy();
            assertThat(server.process().waitFor(30, TimeUnit.SECONDS)).as("herald serve stops on SIGTERM").isTrue();
        }
        assertThat(dataDir.resolve(".clean-shutdown")).as("SIGTERM stops cleanly and writes the marker").exists();
    }

    private static void produceUntilStopped(String bootstrap, String prefix, Map<String, long[]> acknowledged, AtomicBoolean stop) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5000);
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 3000);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; !stop.get(); i++) {
                String value = prefix + "-" + i;
                producer.send(new ProducerRecord<>("durable", value, value), (metadata, error) -> {
                    if (error == null) acknowledged.put(value, new long[] {metadata.partition(), metadata.offset()});
                });
                if (i % 50 == 0) Thread.sleep(1);
            }
            producer.close(Duration.ofSeconds(5));
        } catch (Exception e) {
            // The broker was killed under the producer: unacknowledged sends fail, which is expected.
        }
    }

    private static Map<String, long[]> readEverything(String bootstrap) {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", bootstrap);
        Map<String, long[]> found = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor("durable").stream()
                    .map(p -> new TopicPartition("durable", p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline && partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    long[] previous = found.put(record.value(), new long[] {record.partition(), record.offset()});
                    assertThat(previous).as("record %s appears twice", record.value()).isNull();
                }
            }
        }
        return found;
    }
}
