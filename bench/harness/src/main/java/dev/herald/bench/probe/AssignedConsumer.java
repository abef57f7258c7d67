package dev.herald.bench.probe;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Consumer throughput without a consumer group: assigns every partition of a topic, reads from the beginning until
 * it has the given number of records, and reports the rate. Same fetch settings as Kafka's ConsumerPerformance
 * (1 MiB per partition, 2 MiB socket buffer) and counts bytes as it does (key plus value); it exists because
 * ConsumerPerformance needs the group coordinator APIs, which a broker may not have yet. The rate is the steady one:
 * from the arrival of the first batch to that of the last, over the records after the first batch, so connection
 * set-up and offset lookup (fixed costs that would dominate a short quick-mode run) are left out.
 *
 * <p>Arguments: {@code <bootstrap> <topic> <partitions> <records> <timeout ms>}. Prints
 * {@code probe-result records=.. measured_records=.. seconds=.. mib_s=.. records_s=..}. Single-threaded.
 */
public final class AssignedConsumer {

    private AssignedConsumer() {
    }

    public static void main(String[] args) {
        String bootstrap = args[0];
        String topic = args[1];
        int partitions = Integer.parseInt(args[2]);
        long wanted = Long.parseLong(args[3]);
        long timeoutNanos = Long.parseLong(args[4]) * 1_000_000L;
        List<TopicPartition> assigned = IntStream.range(0, partitions)
                .mapToObj(p -> new TopicPartition(topic, p)).toList();
        long records = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config(bootstrap))) {
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            long firstBatchAt = 0;
            long measuredRecords = 0;
            long measuredBytes = 0;
            long lastRecordAt = System.nanoTime();
            while (records < wanted && System.nanoTime() - lastRecordAt < timeoutNanos) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(100));
                if (batch.isEmpty()) {
                    continue;
                }
                lastRecordAt = System.nanoTime();
                records += batch.count();
                if (firstBatchAt == 0) {
                    firstBatchAt = lastRecordAt;
                    continue;
                }
                measuredRecords += batch.count();
                for (ConsumerRecord<byte[], byte[]> record : batch) {
                    measuredBytes += (record.key() == null ? 0 : record.key().length) + record.value().length;
                }
            }
            double seconds = (lastRecordAt - firstBatchAt) / 1e9;
            System.out.printf("probe-result records=%d measured_records=%d seconds=%.3f mib_s=%.2f records_s=%.1f%n",
                    records, measuredRecords, seconds, measuredBytes / seconds / (1 << 20), measuredRecords / seconds);
        }
        System.exit(records < wanted ? 1 : 0);
    }

    private static Properties config(String bootstrap) {
        Properties config = new Properties();
        config.putAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(1 << 20),
                ConsumerConfig.RECEIVE_BUFFER_CONFIG, Integer.toString(2 << 20),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
        return config;
    }
}
