package dev.herald.compat;

import static dev.herald.compat.Clients.get;
import static dev.herald.compat.Clients.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testkit.KafkaTarget;
import dev.herald.testkit.OnEachBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/** The classic consumer group protocol as Java kafka-clients 4.4 uses it with {@code subscribe}. */
@Tag("slow")
@Tag("groups")
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class JavaConsumerGroupTest {

    @OnEachBroker
    void spreadsPartitionsOverThreeMembersAndRebalancesWhenOneLeaves(KafkaTarget broker) {
        String topic = unique("group-spread", broker);
        String group = unique("spread", broker);
        Clients.createTopic(broker, topic, 6);
        List<GroupMember> members = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                members.add(GroupMember.start(broker, group, topic, Map.of(ConsumerConfig.CLIENT_ID_CONFIG, "member-" + i)));
            }
            Clients.await("three members owning two partitions each",
                    () -> members.stream().allMatch(m -> m.assignment().size() == 2) && union(members).size() == 6);

            try (Admin admin = Clients.admin(broker)) {
                ConsumerGroupDescription description = get(admin.describeConsumerGroups(List.of(group)).all()).get(group);
                assertThat(description.groupState()).isEqualTo(GroupState.STABLE);
                assertThat(description.members()).hasSize(3);
                assertThat(description.members().stream().mapToInt(m -> m.assignment().topicPartitions().size()).sum())
                        .isEqualTo(6);
            }

            members.removeFirst().close();
            Clients.await("two remaining members owning three partitions each",
                    () -> members.stream().allMatch(m -> m.assignment().size() == 3) && union(members).size() == 6);
        } finally {
            members.forEach(GroupMember::close);
        }
    }

    @OnEachBroker
    void resumesFromTheCommittedOffsetAfterRestartWithoutRedelivery(KafkaTarget broker) throws Exception {
        String topic = unique("group-resume", broker);
        String group = unique("resume", broker);
        Clients.createTopic(broker, topic, 1);
        TopicPartition partition = new TopicPartition(topic, 0);
        produce(broker, topic, 0, 10);

        try (KafkaConsumer<String, String> first = groupConsumer(broker, group)) {
            first.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> seen = pollUntil(first, 10);
            assertThat(seen.getFirst().offset()).isZero();
            // Commit past the first six records only: the next member must start at offset 6.
            first.commitSync(Map.of(partition, new OffsetAndMetadata(6, "first run")));
        }
        try (Admin admin = Clients.admin(broker)) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
            assertThat(committed.get(partition).offset()).isEqualTo(6);
            assertThat(committed.get(partition).metadata()).isEqualTo("first run");
        }
        produce(broker, topic, 10, 4);

        try (KafkaConsumer<String, String> second = groupConsumer(broker, group)) {
            second.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> seen = pollUntil(second, 8);
            assertThat(seen.stream().map(ConsumerRecord::offset)).containsExactlyElementsOf(
                    IntStream.range(6, 14).mapToObj(Long::valueOf).toList());
            second.commitSync();
            assertThat(second.poll(Duration.ofMillis(500))).as("nothing past the end").isEmpty();
        }
        try (KafkaConsumer<String, String> third = groupConsumer(broker, group)) {
            third.subscribe(List.of(topic));
            produce(broker, topic, 14, 1);
            assertThat(pollUntil(third, 1)).singleElement().extracting(ConsumerRecord::offset).isEqualTo(14L);
        }
    }

    @OnEachBroker
    void restartedStaticMemberGetsItsPartitionsBackWithoutARebalance(KafkaTarget broker) {
        String topic = unique("group-static", broker);
        String group = unique("static", broker);
        Clients.createTopic(broker, topic, 4);
        Map<String, Object> staticMember = Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "static-b",
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 30_000);
        try (GroupMember dynamic = GroupMember.start(broker, group, topic,
                Map.of(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500))) {
            Set<TopicPartition> staticAssignment;
            try (GroupMember first = GroupMember.start(broker, group, topic, staticMember)) {
                Clients.await("both members owning two partitions",
                        () -> dynamic.assignment().size() == 2 && first.assignment().size() == 2);
                staticAssignment = first.assignment();
            }
            int rebalancesSeen = dynamic.rebalances();
            Set<TopicPartition> dynamicAssignment = dynamic.assignment();
            try (GroupMember restarted = GroupMember.start(broker, group, topic, staticMember)) {
                Clients.await("the restarted static member to get its partitions back",
                        () -> restarted.assignment().equals(staticAssignment));
                // The other member would hear of a rebalance on its next heartbeat (every 500 ms here).
                long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                Clients.await("three seconds of quiet", () -> System.nanoTime() > settle);
                assertThat(dynamic.rebalances()).as("rebalances seen by the other member").isEqualTo(rebalancesSeen);
                assertThat(dynamic.assignment()).isEqualTo(dynamicAssignment);
            }
        }
    }

    private static KafkaConsumer<String, String> groupConsumer(KafkaTarget broker, String group) {
        return Clients.consumer(broker, Map.of(ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
    }

    private static void produce(KafkaTarget broker, String topic, int from, int count) throws Exception {
        try (KafkaProducer<String, String> producer = Clients.producer(broker, Map.of())) {
            for (int i = from; i < from + count; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static List<ConsumerRecord<String, String>> pollUntil(KafkaConsumer<String, String> consumer, int count) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadline = System.nanoTime() + Clients.TIMEOUT.toNanos();
        while (records.size() < count && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        assertThat(records).as("records polled within %s", Clients.TIMEOUT).hasSize(count);
        return records;
    }

    private static Set<TopicPartition> union(List<GroupMember> members) {
        Set<TopicPartition> all = new HashSet<>();
        members.forEach(m -> all.addAll(m.assignment()));
        return all;
    }
}
