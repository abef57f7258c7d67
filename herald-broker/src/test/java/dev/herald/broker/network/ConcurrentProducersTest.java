package dev.herald.broker.network;

import dev.herald.broker.Broker;
import dev.herald.broker.BrokerConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * More producer connections than the pool has frame buffers, each with several requests in flight and batches of
 * different sizes (some above the pooled size): every record comes back exactly as sent, and consumers' CRC
 * checks pass. A frame buffer reused too early would show up as a corrupt or foreign batch here.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConcurrentProducersTest {
    private static final int PRODUCERS = 18;
    private static final int RECORDS_EACH = 150;

    @TempDir Path dataDir;
    Broker broker;

    @BeforeEach
    void start() throws Exception {
        broker = Broker.start(BrokerConfig.defaults(dataDir).withPort(0));
        assertThat(broker.topics().create("shared", 3, Map.of())).isNull();
    }

    @AfterEach
    void stop() throws Exception {
        broker.close();
    }

    @Test
    void everyRecordOfManyPipelinedProducersComesBackIntact() throws Exception {
        Set<String> sent = ConcurrentHashMap.newKeySet();
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            int producer = p;
            producers.add(Thread.ofPlatform().start(() -> produce(producer, sent)));
        }
        for (Thread producer : producers) producer.join();
        assertThat(sent).hasSize(PRODUCERS * RECORDS_EACH);

        Set<String> read = new HashSet<>();
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.CHECK_CRCS_CONFIG, true, ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 << 20);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = List.of(new TopicPartition("shared", 0), new TopicPartition("shared", 1),
                    new TopicPartition("shared", 2));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (read.size() < sent.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    assertThat(read.add(record.value())).as("record read twice: %s", record.key()).isTrue();
                    assertThat(record.value()).startsWith(record.key() + ":");
                }
            }
        }
        assertThat(read).isEqualTo(sent);
    }

    private void produce(int producer, Set<String> sent) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.BATCH_SIZE_CONFIG, 2 << 20, ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 << 20,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try (KafkaProducer<String, String> kafka = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            List<Future<?>> acks = new ArrayList<>();
            for (int i = 0; i < RECORDS_EACH; i++) {
                String key = "p" + producer + "-" + i;
                // Mostly small records, some large enough that a batch outgrows the 1 MiB pooled frame.
                int size = random.nextInt(20) == 0 ? 300_000 : random.nextInt(50, 3_000);
                String value = key + ":" + Character.toString('a' + random.nextInt(26)).repeat(size);
                acks.add(kafka.send(new ProducerRecord<>("shared", key, value)));
                sent.add(value);
            }
            for (Future<?> ack : acks) ack.get();
        } catch (Exception e) {
            throw new AssertionError("producer " + producer + " failed", e);
        }
    }
}
