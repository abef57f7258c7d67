package dev.herald.compat;

import dev.herald.testkit.KafkaTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Java kafka-clients 4.4 helpers shared by the compatibility tests: unique names (the broker is shared by every
 * test of the run), topic creation, reading a partition from an offset, waiting for a condition.
 */
final class Clients {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Clients() {
    }

    /** A topic or group name no other test uses, e.g. {@code keyed-apache-kafka-1f3a9c}. */
    static String unique(String prefix, KafkaTarget target) {
        return prefix + "-" + target.name() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Admin admin(KafkaTarget target) {
        return Admin.create(target.clientConfig());
    }

    /** A producer with the client's defaults (idempotent, acks=all) plus {@code extra}. */
    static KafkaProducer<String, String> producer(KafkaTarget target, Map<String, Object> extra) {
        Map<String, Object> config = target.clientConfig();
        config.putAll(extra);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    static KafkaConsumer<String, String> consumer(KafkaTarget target, Map<String, Object> extra) {
        Map<String, Object> config = target.clientConfig();
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.putAll(extra);
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    /** Creates the topic and waits until the broker describes it with all its partitions, so any client sees it. */
    static void createTopic(KafkaTarget target, String topic, int partitions) {
        try (Admin admin = admin(target)) {
            get(admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty()))).all());
            eventually(topic + " in the broker's metadata", () -> partitionCount(admin, topic), n -> n == partitions);
        }
    }

    /** The number of partitions the broker describes for the topic, 0 while it does not know it. */
    static int partitionCount(Admin admin, String topic) {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .get(topic).partitions().size();
        } catch (ExecutionException e) {
            return 0;
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("describeTopics did not complete within " + TIMEOUT, e);
        }
    }

    /** Reads {@code count} records of one partition starting at {@code offset} (assign + seek, no group). */
    static List<ConsumerRecord<String, String>> read(KafkaTarget target, TopicPartition partition, long offset, int count) {
        try (KafkaConsumer<String, String> consumer = consumer(target, Map.of())) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, offset);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            if (records.size() < count) {
                throw new AssertionError("read " + records.size() + " of " + count + " records from " + partition
                        + " at offset " + offset + " within " + TIMEOUT + ": " + records);
            }
            return records;
        }
    }

    static <T> T get(KafkaFuture<T> future) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("Kafka request failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("Kafka request did not complete within " + TIMEOUT, e);
        }
    }

    /** The exception a request failed with, or an assertion error if it succeeded. */
    static Throwable failure(KafkaFuture<?> future) {
        try {
            future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("Kafka request did not complete within " + TIMEOUT, e);
        }
        throw new AssertionError("expected the request to fail, but it succeeded");
    }

    /**
     * The first value {@code read} returns that {@code accepts} takes, read again every 50 ms for up to
     * {@link #TIMEOUT}. For metadata after a change: Apache Kafka acknowledges admin requests once its controller
     * commits them, and the broker answering the next request may apply them a moment later.
     */
    static <T> T eventually(String what, Supplier<T> read, Predicate<T> accepts) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        T value = read.get();
        while (!accepts.test(value)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + TIMEOUT + " waiting for " + what + "; last seen: " + value);
            }
            sleep(what);
            value = read.get();
        }
        return value;
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + TIMEOUT + " waiting for " + what);
            }
            sleep(what);
        }
    }

    private static void sleep(String what) {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        }
    }
}
