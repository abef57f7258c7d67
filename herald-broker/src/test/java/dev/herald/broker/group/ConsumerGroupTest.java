package dev.herald.broker.group;

import dev.herald.broker.Broker;
import dev.herald.broker.BrokerConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.apache.kafka.common.requests.SyncGroupRequest;
import org.apache.kafka.common.requests.SyncGroupResponse;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Consumer groups driven by the real kafka-clients 4.4 consumer (classic protocol, subscribe()). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConsumerGroupTest {
    @TempDir Path dataDir;
    Broker broker;
    final List<AutoCloseable> resources = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        broker = Broker.start(config());
    }

    private BrokerConfig config() {
        return BrokerConfig.defaults(dataDir).withPort(0).withGroupInitialRebalanceDelayMs(0);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable resource : resources.reversed()) resource.close();
        if (broker != null) broker.close();
    }

    private PollingConsumer consumer(String group, String topic, Map<String, Object> extra) {
        PollingConsumer consumer = new PollingConsumer(broker.bootstrapServers(), group, topic, extra);
        resources.add(consumer);
        return consumer;
    }

    private void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        }
    }

    private void produce(String topic, int partitions, int perPartition) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            for (int p = 0; p < partitions; p++) {
                for (int i = 0; i < perPartition; i++) producer.send(new ProducerRecord<>(topic, p, "k" + i, "p" + p + "-" + i));
            }
            producer.flush();
        }
    }

    static void await(String what, long timeoutMs, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("timed out waiting until " + what);
            Thread.sleep(50);
        }
    }

    private static Set<TopicPartition> union(PollingConsumer... consumers) {
        Set<TopicPartition> all = new HashSet<>();
        for (PollingConsumer consumer : consumers) all.addAll(consumer.assignment());
        return all;
    }

    private static boolean spread(int partitions, PollingConsumer... consumers) {
        int total = 0;
        for (PollingConsumer consumer : consumers) {
            if (consumer.assignment().isEmpty()) return false;
            total += consumer.assignment().size();
        }
        return total == partitions && union(consumers).size() == partitions;
    }

    @Test
    void spreadsPartitionsOverThreeConsumersAndMovesThemWhenOneLeaves() throws Exception {
        createTopic("orders", 6);
        PollingConsumer a = consumer("billing", "orders", Map.of());
        PollingConsumer b = consumer("billing", "orders", Map.of());
        PollingConsumer c = consumer("billing", "orders", Map.of());
        await("three consumers share six partitions", 30_000, () -> spread(6, a, b, c)
                && a.assignment().size() == 2 && b.assignment().size() == 2 && c.assignment().size() == 2);

        resources.remove(c);
        c.close();
        await("the leaver's partitions move to the other two", 20_000, () -> spread(6, a, b));
        assertThat(a.assignment().size() + b.assignment().size()).isEqualTo(6);
        assertThat(a.failure()).isNull();
        assertThat(b.failure()).isNull();
    }

    @Test
    void rebalancesIncrementallyWithTheCooperativeStickyAssignor() throws Exception {
        createTopic("carts", 4);
        Map<String, Object> cooperative = Map.of(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                org.apache.kafka.clients.consumer.CooperativeStickyAssignor.class.getName());
        PollingConsumer a = consumer("checkout", "carts", cooperative);
        await("the first consumer owns every partition", 20_000, () -> a.assignment().size() == 4);
        Set<TopicPartition> before = a.assignment();
        PollingConsumer b = consumer("checkout", "carts", cooperative);
        await("the second consumer takes two partitions", 20_000, () -> spread(4, a, b) && a.assignment().size() == 2);
        assertThat(before).containsAll(a.assignment());
        assertThat(a.failure()).isNull();
        assertThat(b.failure()).isNull();
    }

    @Test
    void rebalancesWhenAMemberStopsHeartbeating() throws Exception {
        createTopic("payments", 4);
        PollingConsumer a = consumer("ledger", "payments", Map.of());
        await("the first consumer owns every partition", 20_000, () -> a.assignment().size() == 4);

        // A member that joins and syncs like a consumer, then goes silent as a killed process would.
        try (RawKafkaClient ghost = new RawKafkaClient("127.0.0.1", broker.port())) {
            byte[] subscription = Utils.toArray(ConsumerProtocol.serializeSubscription(
                    new ConsumerPartitionAssignor.Subscription(List.of("payments"))));
            JoinGroupRequestData join = new JoinGroupRequestData().setGroupId("ledger").setMemberId("")
                    .setSessionTimeoutMs(6_000).setRebalanceTimeoutMs(20_000).setProtocolType("consumer");
            join.protocols().add(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range").setMetadata(subscription));
            JoinGroupResponse required = ghost.send(new JoinGroupRequest.Builder(join), (short) 5);
            assertThat(required.error()).isEqualTo(Errors.MEMBER_ID_REQUIRED);
            JoinGroupResponse joined = ghost.send(new JoinGroupRequest.Builder(join.setMemberId(required.data().memberId())), (short) 5);
            assertThat(joined.error()).isEqualTo(Errors.NONE);
            SyncGroupResponse synced = ghost.send(new SyncGroupRequest.Builder(new SyncGroupRequestData().setGroupId("ledger")
                    .setMemberId(joined.data().memberId()).setGenerationId(joined.data().generationId())), (short) 3);
            assertThat(synced.error()).isEqualTo(Errors.NONE);
            assertThat(ConsumerProtocol.deserializeAssignment(java.nio.ByteBuffer.wrap(synced.data().assignment())).partitions()).hasSize(2);
            await("the consumer gives two partitions to the new member", 10_000, () -> a.assignment().size() == 2);
            long silentSince = System.currentTimeMillis();

            await("the silent member's session expires and the consumer gets everything back", 20_000, () -> a.assignment().size() == 4);
            assertThat(System.currentTimeMillis() - silentSince).isGreaterThan(4_000);
        }
    }

    @Test
    void resumesFromCommittedOffsetAfterRestart() throws Exception {
        createTopic("events", 2);
        produce("events", 2, 50);
        PollingConsumer first = consumer("audit", "events", Map.of());
        await("the first consumer reads all 100 records", 20_000, () -> first.records().size() == 100);
        first.commit(Map.of(new TopicPartition("events", 0), new OffsetAndMetadata(30, "checkpoint"),
                new TopicPartition("events", 1), new OffsetAndMetadata(20)));
        resources.remove(first);
        first.close();

        broker.close();
        broker = Broker.start(config());

        PollingConsumer second = consumer("audit", "events", Map.of());
        await("the second consumer reads what was not committed", 20_000, () -> second.records().size() >= 50);
        Thread.sleep(500);
        List<ConsumerRecord<String, String>> records = second.records();
        assertThat(records).hasSize(50);
        assertThat(records).allSatisfy(r -> assertThat(r.offset()).isGreaterThanOrEqualTo(r.partition() == 0 ? 30 : 20));
        assertThat(records.stream().filter(r -> r.partition() == 0).mapToLong(ConsumerRecord::offset).min().orElseThrow()).isEqualTo(30);
        assertThat(records.stream().filter(r -> r.partition() == 1).mapToLong(ConsumerRecord::offset).min().orElseThrow()).isEqualTo(20);
    }

    @Test
    void staticMemberRestartDoesNotRebalance() throws Exception {
        createTopic("stock", 4);
        PollingConsumer a = consumer("warehouse", "stock", Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "shelf-a", ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 20_000));
        PollingConsumer b = consumer("warehouse", "stock", Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "shelf-b", ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 20_000));
        await("two static members share four partitions", 30_000, () -> spread(4, a, b) && a.assignment().size() == 2);
        Thread.sleep(1_000);
        Set<TopicPartition> aPartitions = a.assignment();
        int bRebalances = b.rebalances();

        resources.remove(a);
        a.close();
        PollingConsumer restarted = consumer("warehouse", "stock", Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "shelf-a", ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 20_000));
        await("the restarted member gets its old partitions back", 20_000, () -> restarted.assignment().equals(aPartitions));
        Thread.sleep(1_500);
        assertThat(b.rebalances()).as("the other member saw no rebalance").isEqualTo(bRebalances);
    }
}
