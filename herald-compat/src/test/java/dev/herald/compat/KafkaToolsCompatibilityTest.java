package dev.herald.compat;

import static dev.herald.compat.Clients.get;
import static dev.herald.compat.Clients.unique;
import static dev.herald.compat.KafkaTools.tool;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.testkit.KafkaTarget;
import dev.herald.testkit.OnEachBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * Kafka's own tools from {@code org.apache.kafka:kafka-tools:4.4.0}, each in its own JVM as the shell scripts run
 * them: ClientCompatibilityTest (what Kafka's client compatibility system test runs), VerifiableProducer and
 * VerifiableConsumer, the console producer and consumer, kafka-topics and kafka-consumer-groups.
 */
@Tag("slow")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class KafkaToolsCompatibilityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @OnEachBroker
    void passesKafkasClientCompatibilityTest(KafkaTarget broker) throws Exception {
        // The tool checks that describeAcls fails with UnsupportedVersionException when told "not supported".
        // Kafka without an authorizer advertises DescribeAcls (and answers SECURITY_DISABLED); a broker may also
        // leave it out. Both are fine, so ask the broker which one it is and check the rest against that.
        boolean aclsAdvertised = describeAclsAdvertised(broker);
        deleteClientCompatibilityTopic(broker);
        tool(KafkaTools.CLIENT_COMPATIBILITY_TEST,
                "--bootstrap-server", broker.bootstrapServers(),
                "--topic", unique("client-compatibility", broker),
                "--num-cluster-nodes", "1",
                "--create-topics-supported", "true",
                "--offsets-for-times-supported", "true",
                "--cluster-id-supported", "true",
                "--expect-record-too-large-exception", "false",
                "--describe-acls-supported", Boolean.toString(aclsAdvertised),
                "--describe-configs-supported", "true",
                "--idempotent-producer-supported", "true")
                .timeout(Duration.ofSeconds(120)).run().assertSuccess();
    }

    @Tag("groups")
    @OnEachBroker
    void verifiableConsumersInOneGroupReadEverythingTheVerifiableProducerAcknowledged(KafkaTarget broker) throws Exception {
        String topic = unique("verifiable", broker);
        Clients.createTopic(broker, topic, 2);
        ExternalCommand.Result produced = tool(KafkaTools.VERIFIABLE_PRODUCER,
                "--bootstrap-server", broker.bootstrapServers(), "--topic", topic,
                "--max-messages", "1000", "--acks", "-1")
                .timeout(Duration.ofSeconds(90)).run().assertSuccess();
        Set<String> acknowledged = new HashSet<>();
        for (JsonNode event : events(produced.stdout())) {
            if (event.path("name").asText().equals("producer_send_success")) {
                acknowledged.add(event.get("partition").asInt() + "@" + event.get("offset").asLong());
            }
        }
        assertThat(acknowledged).hasSize(1000);

        String group = unique("verifiable", broker);
        List<ExternalCommand.Running> consumers = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                consumers.add(tool(KafkaTools.VERIFIABLE_CONSUMER,
                        "--bootstrap-server", broker.bootstrapServers(), "--topic", topic, "--group-id", group,
                        "--reset-policy", "earliest", "--session-timeout", "10000").start());
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            Set<String> consumed = new HashSet<>();
            List<Set<Integer>> assigned = List.of(new HashSet<>(), new HashSet<>());
            while (!(consumed.containsAll(acknowledged) && assigned.stream().allMatch(a -> !a.isEmpty()))) {
                assertThat(System.nanoTime()).as("consumed %d of %d acknowledged records; assignments %s",
                        consumed.size(), acknowledged.size(), assigned).isLessThan(deadline);
                for (int i = 0; i < consumers.size(); i++) {
                    assertThat(consumers.get(i).isAlive()).as("VerifiableConsumer %d is running", i).isTrue();
                    collect(events(consumers.get(i).stdoutSoFar()), consumed, assigned.get(i));
                }
                Thread.sleep(200);
            }
        } finally {
            consumers.forEach(ExternalCommand.Running::close);
        }
    }

    @Tag("groups")
    @OnEachBroker
    void consoleConsumerReadsWhatTheConsoleProducerWrote(KafkaTarget broker) {
        String topic = unique("console", broker);
        Clients.createTopic(broker, topic, 1);
        tool(KafkaTools.CONSOLE_PRODUCER, "--bootstrap-server", broker.bootstrapServers(), "--topic", topic,
                "--compression-codec", "zstd",
                "--reader-property", "parse.key=true", "--reader-property", "key.separator=:")
                .stdin("alpha:one\nbeta:two\ngamma:three\n").run().assertSuccess();

        // Without --partition the console consumer subscribes with a generated group, as users run it.
        ExternalCommand.Result consumed = tool(KafkaTools.CONSOLE_CONSUMER, "--bootstrap-server", broker.bootstrapServers(),
                "--topic", topic, "--from-beginning", "--max-messages", "3", "--timeout-ms", "30000",
                "--formatter-property", "print.key=true", "--formatter-property", "key.separator=:",
                "--formatter-property", "print.offset=true")
                .run().assertSuccess();
        assertThat(consumed.stdoutLines()).as(() -> consumed.describe("printed"))
                .containsExactly("Offset:0:alpha:one", "Offset:1:beta:two", "Offset:2:gamma:three");
    }

    @OnEachBroker
    void managesTopicsWithKafkaTopics(KafkaTarget broker) {
        String topic = unique("topic-command", broker);
        String bootstrap = broker.bootstrapServers();
        topics("--bootstrap-server", bootstrap, "--create", "--topic", topic, "--partitions", "2",
                "--replication-factor", "1", "--config", "retention.ms=7200000");
        try (Admin admin = Clients.admin(broker)) {
            Clients.eventually("the created topic", () -> Clients.partitionCount(admin, topic), count -> count == 2);
        }
        assertThat(topics("--bootstrap-server", bootstrap, "--list").stdoutLines()).contains(topic);
        assertThat(topics("--bootstrap-server", bootstrap, "--describe", "--topic", topic).stdout())
                .contains("PartitionCount: 2")
                .contains("retention.ms=7200000")
                .containsPattern("Partition: 1\\s+Leader: \\d+");

        topics("--bootstrap-server", bootstrap, "--alter", "--topic", topic, "--partitions", "3");
        try (Admin admin = Clients.admin(broker)) {
            Clients.eventually("three partitions", () -> Clients.partitionCount(admin, topic), count -> count == 3);
        }
        assertThat(topics("--bootstrap-server", bootstrap, "--describe", "--topic", topic).stdout())
                .contains("PartitionCount: 3");

        topics("--bootstrap-server", bootstrap, "--delete", "--topic", topic);
        try (Admin admin = Clients.admin(broker)) {
            Clients.await("the deleted topic to disappear", () -> !get(admin.listTopics().names()).contains(topic));
        }
    }

    @Tag("groups")
    @OnEachBroker
    void listsDescribesWithLagAndResetsGroupsWithKafkaConsumerGroups(KafkaTarget broker) throws Exception {
        String topic = unique("group-command", broker);
        String group = unique("group-command", broker);
        String bootstrap = broker.bootstrapServers();
        Clients.createTopic(broker, topic, 1);
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaProducer<String, String> producer = Clients.producer(broker, Map.of())) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get(30, TimeUnit.SECONDS);
            }
        }
        try (KafkaConsumer<String, String> consumer = Clients.consumer(broker,
                Map.of(ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false))) {
            consumer.subscribe(List.of(topic));
            Clients.await("the consumer to be assigned", () -> {
                consumer.poll(Duration.ofMillis(100));
                return !consumer.assignment().isEmpty();
            });
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(3)));
        }

        assertThat(groups("--bootstrap-server", bootstrap, "--list").stdoutLines()).contains(group);
        String described = groups("--bootstrap-server", bootstrap, "--describe", "--group", group).stdout();
        // GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID
        assertThat(described).containsPattern(group + "\\s+" + topic + "\\s+0\\s+3\\s+5\\s+2\\s");

        String dryRun = groups("--bootstrap-server", bootstrap, "--reset-offsets", "--group", group, "--topic", topic,
                "--to-earliest", "--dry-run").stdout();
        assertThat(dryRun).containsPattern(topic + "\\s+0\\s+0");
        assertThat(committed(broker, group, partition)).isEqualTo(3);

        groups("--bootstrap-server", bootstrap, "--reset-offsets", "--group", group, "--topic", topic,
                "--to-earliest", "--execute");
        assertThat(committed(broker, group, partition)).isZero();
        groups("--bootstrap-server", bootstrap, "--reset-offsets", "--group", group, "--topic", topic,
                "--to-offset", "4", "--execute");
        assertThat(committed(broker, group, partition)).isEqualTo(4);

        groups("--bootstrap-server", bootstrap, "--delete", "--group", group);
        assertThat(groups("--bootstrap-server", bootstrap, "--list").stdoutLines()).doesNotContain(group);
    }

    /**
     * ClientCompatibilityTest creates a topic with the fixed name {@code newtopic}; every run (of each client line)
     * on the shared broker needs it gone first.
     */
    static void deleteClientCompatibilityTopic(KafkaTarget broker) {
        try (Admin admin = Clients.admin(broker)) {
            if (get(admin.listTopics().names()).contains("newtopic")) {
                get(admin.deleteTopics(List.of("newtopic")).all());
                Clients.await("newtopic to be deleted", () -> !get(admin.listTopics().names()).contains("newtopic"));
            }
        }
    }

    static boolean describeAclsAdvertised(KafkaTarget broker) throws Exception {
        try (Admin admin = Clients.admin(broker)) {
            admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            return switch (e.getCause()) {
                case UnsupportedVersionException notAdvertised -> false;
                case SecurityDisabledException noAuthorizer -> true;
                default -> throw new AssertionError("describeAcls failed unexpectedly", e.getCause());
            };
        }
    }

    private static ExternalCommand.Result topics(String... args) {
        return tool(KafkaTools.TOPIC_COMMAND, args).run().assertSuccess();
    }

    private static ExternalCommand.Result groups(String... args) {
        return tool(KafkaTools.CONSUMER_GROUP_COMMAND, args).run().assertSuccess();
    }

    private static long committed(KafkaTarget broker, String group, TopicPartition partition) {
        try (Admin admin = Clients.admin(broker)) {
            return get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()).get(partition).offset();
        }
    }

    /** The JSON events a Verifiable* tool printed, one per line (other lines are skipped). */
    private static List<JsonNode> events(String stdout) {
        List<JsonNode> events = new ArrayList<>();
        for (String line : stdout.lines().toList()) {
            if (line.startsWith("{")) {
                try {
                    events.add(JSON.readTree(line));
                } catch (Exception partialLastLine) {
                    // the tool is still writing this line; it is read again on the next round
                }
            }
        }
        return events;
    }

    private static void collect(List<JsonNode> events, Set<String> consumed, Set<Integer> assigned) {
        for (JsonNode event : events) {
            switch (event.path("name").asText()) {
                case "records_consumed" -> event.get("partitions").forEach(p -> {
                    for (long offset = p.get("minOffset").asLong(); offset <= p.get("maxOffset").asLong(); offset++) {
                        consumed.add(p.get("partition").asInt() + "@" + offset);
                    }
                });
                case "partitions_assigned" -> event.get("partitions").forEach(p -> assigned.add(p.get("partition").asInt()));
                default -> { }
            }
        }
    }
}
