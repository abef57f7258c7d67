package dev.herald.compat;

import dev.herald.testkit.KafkaTarget;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * A kafka-clients group member that subscribes and polls on its own thread (a KafkaConsumer belongs to one
 * thread), publishing its current assignment and how many rebalances it went through. {@link #close()} closes the
 * consumer the normal way (a dynamic member leaves the group; a static one stays until its session times out) and
 * waits for the thread. Readers may call from any thread.
 */
final class GroupMember implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger rebalances = new AtomicInteger();
    private final AtomicInteger polls = new AtomicInteger();
    private volatile Set<TopicPartition> assignment = Set.of();
    private volatile boolean running = true;

    private GroupMember(KafkaTarget broker, String group, String topic, Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(extra);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        this.consumer = Clients.consumer(broker, config);
        this.thread = new Thread(() -> run(topic), "group-member-" + group);
    }

    static GroupMember start(KafkaTarget broker, String group, String topic, Map<String, Object> extra) {
        GroupMember member = new GroupMember(broker, group, topic, extra);
        member.thread.start();
        return member;
    }

    /** The partitions this member owns after its latest poll. */
    Set<TopicPartition> assignment() {
        throwIfFailed();
        return assignment;
    }

    /** How many times partitions were assigned to this member (once per rebalance it took part in). */
    int rebalances() {
        throwIfFailed();
        return rebalances.get();
    }

    int polls() {
        return polls.get();
    }

    private void throwIfFailed() {
        if (!failures.isEmpty()) {
            throw new AssertionError("group member failed", failures.peek());
        }
    }

    private void run(String topic) {
        try (consumer) {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    rebalances.incrementAndGet();
                }
            });
            while (running) {
                consumer.poll(Duration.ofMillis(100));
                assignment = Set.copyOf(consumer.assignment());
                polls.incrementAndGet();
            }
        } catch (Throwable e) {
            failures.add(e);
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
