package dev.herald.registry.store;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The {@code _schemas} topic on any Kafka-protocol cluster (Herald or Apache Kafka): one partition,
 * {@code cleanup.policy=compact}, written with an idempotent producer ({@code acks=all}) and read from the
 * beginning by a consumer that never commits offsets.
 *
 * <p>Threading: one platform thread ({@code herald-registry-log}) owns the consumer and applies records in
 * offset order. {@link #append} may be called from any thread: it sends, learns the record's offset, and
 * waits until the reader thread has applied that offset, which gives read-your-writes.
 */
public final class KafkaSchemaLog implements SchemaLog {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSchemaLog.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String topic;
    private final TopicPartition partition;
    private final Properties clientProperties;
    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> consumer;
    private final Object progress = new Object();
    private long appliedUpTo;
    private volatile boolean running = true;
    private volatile RuntimeException readerFailure;
    private Thread reader;

    /** Creates the topic when missing and refuses one that is not compacted. */
    public KafkaSchemaLog(String bootstrapServers, String topic, Map<String, Object> extraClientProperties) {
        this.topic = topic;
        this.partition = new TopicPartition(topic, 0);
        this.clientProperties = new Properties();
        clientProperties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        clientProperties.putAll(extraClientProperties);
        ensureTopic();
        this.producer = new KafkaProducer<>(producerProperties(), new StringSerializer(), new StringSerializer());
        this.consumer = new KafkaConsumer<>(consumerProperties(), new StringDeserializer(), new StringDeserializer());
    }

    private void ensureTopic() {
        Admin admin = Admin.create(clientProperties);
        boolean interrupted = false;
        try {
            // On a restart the topic exists: one DescribeConfigs round trip, no CreateTopics.
            String policy = cleanupPolicy(admin);
            if (policy == null) {
                createTopic(admin);
                policy = cleanupPolicy(admin);
            }
            if (policy == null || !policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                throw new StoreException("Topic " + topic + " has cleanup.policy=" + policy + "; the schema "
                        + "registry needs cleanup.policy=compact or old schemas would be deleted. Fix it with "
                        + "kafka-configs --alter --add-config cleanup.policy=compact.", false, null);
            }
        } catch (InterruptedException e) {
            interrupted = true;
            throw new StoreException("Interrupted while creating topic " + topic, false, e);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            throw new StoreException("Cannot create or inspect topic " + topic + " on "
                    + clientProperties.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)
                    + ": " + e + ". Check that the Kafka cluster is reachable.", e instanceof TimeoutException, e);
        } finally {
            // Interrupted (the registry is stopping): abandon the calls in flight instead of waiting out their timeouts.
            // The interrupt is restored only after the close, which would otherwise not wait for the admin thread.
            admin.close(interrupted ? Duration.ZERO : Duration.ofSeconds(5));
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private void createTopic(Admin admin) throws InterruptedException, ExecutionException, TimeoutException {
        NewTopic newTopic = new NewTopic(topic, Optional.of(1), Optional.empty())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        try {
            admin.createTopics(List.of(newTopic)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /** The topic's cleanup.policy, or null when the topic does not exist. */
    private String cleanupPolicy(Admin admin) throws InterruptedException, ExecutionException, TimeoutException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            Config config = admin.describeConfigs(List.of(resource)).all()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(resource);
            return config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw e;
        }
    }

    private Properties producerProperties() {
        Properties properties = new Properties();
        properties.putAll(clientProperties);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "herald-registry-producer");
        return properties;
    }

    private Properties consumerProperties() {
        Properties properties = new Properties();
        properties.putAll(clientProperties);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "herald-registry-reader");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return properties;
    }

    @Override
    public void start(Consumer<LogRecord> applier) {
        consumer.assign(Set.of(partition));
        consumer.seekToBeginning(Set.of(partition));
        long end = consumer.endOffsets(Set.of(partition), TIMEOUT).get(partition);
        reader = new Thread(() -> readLoop(applier), "herald-registry-log");
        reader.setDaemon(true);
        reader.start();
        awaitApplied(end);
        LOG.info("Schema registry state rebuilt from {} up to offset {}", topic, end);
    }

    private void readLoop(Consumer<LogRecord> applier) {
        try {
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null) {
                        applier.accept(new LogRecord(record.key(), record.value()));
                    }
                }
                synchronized (progress) {
                    appliedUpTo = consumer.position(partition);
                    progress.notifyAll();
                }
            }
        } catch (WakeupException closing) {
            // close() woke the consumer up
        } catch (RuntimeException e) {
            readerFailure = e;
            LOG.error("Schema registry stopped reading {}: the registry answers 500 until restarted", topic, e);
        } finally {
            // Nothing to commit (no group) and nothing to wait for: without a zero timeout, close waits for the
            // fetch in flight, a long poll of up to fetch.max.wait.ms, and every stop of the registry took ~300 ms.
            consumer.close(Duration.ZERO);
        }
    }

    @Override
    public void append(LogRecord record) {
        long offset;
        try {
            offset = producer.send(new ProducerRecord<>(topic, 0, record.key(), record.value()))
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).offset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("Interrupted while writing to " + topic, false, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new StoreException("Cannot write to " + topic + ": " + e.getCause() + ". Check the Kafka cluster.",
                    e instanceof TimeoutException, e);
        }
        awaitApplied(offset + 1);
    }

    /** Waits until every record before {@code offset} has been applied. */
    private void awaitApplied(long offset) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        synchronized (progress) {
            while (appliedUpTo < offset) {
                if (readerFailure != null) {
                    throw new StoreException("Schema log reader failed: " + readerFailure, false, readerFailure);
                }
                long waitMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (waitMs <= 0) {
                    throw new StoreException("Timed out after " + TIMEOUT.toSeconds() + "s waiting to read "
                            + topic + " up to offset " + offset + ". Check the Kafka cluster.", true, null);
                }
                try {
                    progress.wait(waitMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreException("Interrupted while reading " + topic, false, e);
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        if (reader != null) {
            consumer.wakeup();
            try {
                reader.join(TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            consumer.close();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
