package dev.herald.broker.group;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A kafka-clients consumer in a group, polling on its own thread as an application would (a consumer only takes
 * part in rebalances while it polls). Records what it consumed and its current assignment; commits on request.
 */
final class PollingConsumer implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;
    private final Thread thread;
    private final List<ConsumerRecord<String, String>> records = new CopyOnWriteArrayList<>();
    private final Set<TopicPartition> assignment = ConcurrentHashMap.newKeySet();
    private final AtomicInteger assignments = new AtomicInteger();
    private final AtomicReference<CommitRequest> toCommit = new AtomicReference<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean running = true;

    PollingConsumer(String bootstrap, String groupId, String topic, Map<String, Object> extra) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 300);
        properties.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6_000);
        properties.putAll(extra);
        consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
        thread = new Thread(() -> run(topic), "polling-consumer-" + groupId);
        thread.setDaemon(true);
        thread.start();
    }

    private void run(String topic) {
        try {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override public void onPartitionsRevoked(Collection<TopicPartition> partitions) { assignment.removeAll(partitions); }
                @Override public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    assignment.addAll(partitions);
                    assignments.incrementAndGet();
                }
            });
            while (running) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                CommitRequest commit = toCommit.getAndSet(null);
                if (commit != null) {
                    try {
                        consumer.commitSync(commit.offsets());
                        commit.done().complete(null);
                    } catch (RuntimeException e) {
                        commit.done().completeExceptionally(e);
                    }
                }
            }
        } catch (Throwable e) {
            failure.set(e);
        }
    }

    Set<TopicPartition> assignment() { return Set.copyOf(assignment); }

    /** How many times partitions were assigned to this consumer: one per rebalance it took part in. */
    int rebalances() { return assignments.get(); }

    List<ConsumerRecord<String, String>> records() { return List.copyOf(records); }

    Throwable failure() { return failure.get(); }

    /** Asks the polling thread to commit these offsets; returns once it has. */
    void commit(Map<TopicPartition, OffsetAndMetadata> offsets) throws Exception {
        CommitRequest request = new CommitRequest(offsets, new CompletableFuture<>());
        toCommit.set(request);
        request.done().get(30, TimeUnit.SECONDS);
    }

    private record CommitRequest(Map<TopicPartition, OffsetAndMetadata> offsets, CompletableFuture<Void> done) { }

    /** Stops polling and closes the consumer (which leaves the group, unless it is a static member). */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(10)));
    }
}
