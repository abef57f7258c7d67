package dev.herald.bench.probe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
 * <p>With more than one pass, the same consumer seeks back to the beginning and reads the records again. The first
 * pass is a fresh JVM's first read, as ConsumerPerformance measures: its rate includes the client's own JIT warm-up
 * (and any broker's first use of its fetch path). The passes after the warm-up ones are a long-running consumer's
 * rate, bound by the client's work per record and the fetch round trip; their median is reported as
 * {@code warm_mib_s}.
 *
 * <p>Arguments: {@code <bootstrap> <topic> <partitions> <records> <timeout ms> [<passes> [<warm-up passes>]]} (one
 * pass, and one warm-up pass, by default). Prints a {@code pass N: ..} line per pass, then {@code probe-result
 * records=.. measured_records=.. seconds=.. mib_s=.. records_s=..} for the first pass, followed by
 * {@code warm_mib_s=.. warm_records_s=..} when there were passes after the warm-up ones. Exits 1 if a pass did not
 * get every record in time. Single-threaded.
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
        int passes = args.length > 5 ? Integer.parseInt(args[5]) : 1;
        int warmupPasses = args.length > 6 ? Integer.parseInt(args[6]) : 1;
        List<TopicPartition> assigned = IntStream.range(0, partitions)
                .mapToObj(p -> new TopicPartition(topic, p)).toList();
        List<Pass> done = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config(bootstrap))) {
            consumer.assign(assigned);
            while (done.size() < passes) {
                consumer.seekToBeginning(assigned);
                Pass pass = Pass.read(consumer, wanted, timeoutNanos);
                done.add(pass);
                System.out.printf("pass %d: records=%d mib_s=%.2f%n", done.size(), pass.records(), pass.mibPerSecond());
                if (pass.records() < wanted) {
                    break;
                }
            }
        }
        Pass first = done.getFirst();
        StringBuilder result = new StringBuilder(String.format(
                "probe-result records=%d measured_records=%d seconds=%.3f mib_s=%.2f records_s=%.1f",
                first.records(), first.measuredRecords(), first.seconds(), first.mibPerSecond(), first.recordsPerSecond()));
        List<Pass> warm = done.subList(Math.min(warmupPasses, done.size()), done.size());
        if (!warm.isEmpty() && warm.getLast().records() >= wanted) {
            result.append(String.format(" warm_mib_s=%.2f warm_records_s=%.1f",
                    median(warm.stream().mapToDouble(Pass::mibPerSecond).toArray()),
                    median(warm.stream().mapToDouble(Pass::recordsPerSecond).toArray())));
        }
        System.out.println(result);
        System.exit(done.getLast().records() < wanted ? 1 : 0);
    }

    /** One read of the topic from the beginning: records received, and the rate after the first batch. */
    private record Pass(long records, long measuredRecords, long measuredBytes, double seconds) {

        static Pass read(KafkaConsumer<byte[], byte[]> consumer, long wanted, long timeoutNanos) {
            long records = 0;
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
            return new Pass(records, measuredRecords, measuredBytes, (lastRecordAt - firstBatchAt) / 1e9);
        }

        double mibPerSecond() {
            return measuredBytes / seconds / (1 << 20);
        }

        double recordsPerSecond() {
            return measuredRecords / seconds;
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
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
