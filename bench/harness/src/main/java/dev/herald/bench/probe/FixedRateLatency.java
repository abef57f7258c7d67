package dev.herald.bench.probe;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * End-to-end latency at a fixed rate without coordinated omission: a producer thread sends record {@code i} at its
 * intended time {@code start + i / rate}, whether or not earlier sends were slow, and writes that intended time into
 * the record; this JVM's consumer (partition 0, assigned, no group) records {@code receive time - intended time}
 * in an HdrHistogram. A stall therefore counts against every record that should have been sent during it, as
 * OpenMessaging Benchmark and JLBH do. Records intended during the warm-up are not recorded. Records that have
 * not arrived by the deadline are recorded with the latency they had reached then, so a broker that cannot keep
 * up with the rate shows it in the percentiles (as lower bounds) instead of dropping out of them.
 *
 * <p>Record value layout (big-endian), padded with zeros to the record size:
 * <pre>
 *  0               8               16
 *  +---------------+---------------+----------------
 *  | intended send | sequence      | zero padding ...
 *  | System.nano   | number        |
 *  +---------------+---------------+----------------
 * </pre>
 *
 * <p>Arguments: {@code <bootstrap> <topic> <records per second> <seconds> <warm-up seconds> <record bytes>}.
 * Prints {@code probe-result count=.. missing=.. p50_ms=.. p99_ms=.. p999_ms=.. max_ms=.. mean_ms=..}.
 * Threads: main (consumer) and fixed-rate-producer.
 */
public final class FixedRateLatency {

    private static final long HIGHEST_TRACKABLE_MICROS = TimeUnit.SECONDS.toMicros(120);

    private FixedRateLatency() {
    }

    public static void main(String[] args) throws InterruptedException {
        String bootstrap = args[0];
        String topic = args[1];
        int rate = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int warmupSeconds = Integer.parseInt(args[4]);
        int recordBytes = Math.max(16, Integer.parseInt(args[5]));
        long total = (long) rate * (seconds + warmupSeconds);
        Histogram histogram = new Histogram(HIGHEST_TRACKABLE_MICROS, 3);
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(bootstrap));
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(bootstrap))) {
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition);
            long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
            long measuredFrom = start + TimeUnit.SECONDS.toNanos(warmupSeconds);
            AtomicLong failedSends = new AtomicLong();
            Thread sender = Thread.ofPlatform().name("fixed-rate-producer").start(
                    () -> sendAtFixedRate(producer, topic, rate, total, recordBytes, start, failedSends));
            BitSet arrived = new BitSet((int) total);
            long received = receive(consumer, total, measuredFrom, histogram, arrived,
                    start + TimeUnit.SECONDS.toNanos(seconds + warmupSeconds + 10L));
            recordMissing(arrived, total, start, 1e9 / rate, measuredFrom, histogram);
            sender.join();
            System.out.printf("probe-result count=%d missing=%d failed_sends=%d p50_ms=%.3f p99_ms=%.3f"
                            + " p999_ms=%.3f max_ms=%.3f mean_ms=%.3f%n", histogram.getTotalCount(),
                    total - received, failedSends.get(), millis(histogram.getValueAtPercentile(50)),
                    millis(histogram.getValueAtPercentile(99)), millis(histogram.getValueAtPercentile(99.9)),
                    millis(histogram.getMaxValue()), histogram.getMean() / 1000.0);
        }
    }

    private static void sendAtFixedRate(KafkaProducer<byte[], byte[]> producer, String topic, int rate, long total,
                                        int recordBytes, long start, AtomicLong failedSends) {
        double periodNanos = 1e9 / rate;
        for (long i = 0; i < total; i++) {
            long intended = start + (long) (i * periodNanos);
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            byte[] value = new byte[recordBytes];
            ByteBuffer.wrap(value).putLong(intended).putLong(i);
            producer.send(new ProducerRecord<>(topic, 0, null, value), (metadata, error) -> {
                if (error != null) {
                    failedSends.incrementAndGet();
                }
            });
        }
        producer.flush();
    }

    private static long receive(KafkaConsumer<byte[], byte[]> consumer, long total, long measuredFrom,
                                Histogram histogram, BitSet arrived, long deadline) {
        long received = 0;
        while (received < total && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                long now = System.nanoTime();
                ByteBuffer value = ByteBuffer.wrap(record.value());
                long intended = value.getLong();
                arrived.set((int) value.getLong());
                if (intended >= measuredFrom) {
                    record(histogram, now - intended);
                }
                received++;
            }
        }
        return received;
    }

    private static void recordMissing(BitSet arrived, long total, long start, double periodNanos, long measuredFrom,
                                      Histogram histogram) {
        long now = System.nanoTime();
        for (int i = arrived.nextClearBit(0); i < total; i = arrived.nextClearBit(i + 1)) {
            long intended = start + (long) (i * periodNanos);
            if (intended >= measuredFrom) {
                record(histogram, now - intended);
            }
        }
    }

    private static void record(Histogram histogram, long latencyNanos) {
        histogram.recordValue(Math.min(HIGHEST_TRACKABLE_MICROS, Math.max(0, latencyNanos / 1000)));
    }

    private static double millis(long micros) {
        return micros / 1000.0;
    }

    private static Properties producerConfig(String bootstrap) {
        Properties config = new Properties();
        config.putAll(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.LINGER_MS_CONFIG, "1",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
        return config;
    }

    private static Properties consumerConfig(String bootstrap) {
        Properties config = new Properties();
        config.putAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
        return config;
    }
}
