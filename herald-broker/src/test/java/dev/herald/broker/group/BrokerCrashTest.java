package dev.herald.broker.group;

import dev.herald.broker.Broker;
import dev.herald.broker.BrokerConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.herald.broker.group.ConsumerGroupTest.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills a broker process with SIGKILL while a consumer group is live, restarts the broker on the same data
 * directory and port, and checks that the acknowledged commit held and the member rejoined.
 */
@Tag("slow")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class BrokerCrashTest {
    @TempDir Path dataDir;
    Process child;
    Broker broker;
    PollingConsumer consumer;

    @AfterEach
    void stop() throws Exception {
        if (consumer != null) consumer.close();
        if (child != null) child.destroyForcibly().waitFor();
        if (broker != null) broker.close();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void startChild(int port) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), BrokerProcess.class.getName(),
                dataDir.toString(), Integer.toString(port))
                .redirectError(dataDir.resolveSibling(dataDir.getFileName() + "-child.log").toFile())
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("child broker output").startsWith("LISTENING");
    }

    private static void produce(String bootstrap, int from, int to) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(), new StringSerializer())) {
            for (int i = from; i < to; i++) producer.send(new ProducerRecord<>("crash", 0, "k", "v" + i));
            producer.flush();
        }
    }

    @Test
    void keepsAcknowledgedCommitsAndLetsMembersRejoinAfterKillDashNine() throws Exception {
        int port = freePort();
        String bootstrap = "127.0.0.1:" + port;
        startChild(port);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic("crash", 1, (short) 1))).all().get();
        }
        produce(bootstrap, 0, 20);
        consumer = new PollingConsumer(bootstrap, "survivor", "crash", Map.of());
        await("the consumer reads 20 records", 30_000, () -> consumer.records().size() == 20);
        TopicPartition partition = new TopicPartition("crash", 0);
        consumer.commit(Map.of(partition, new OffsetAndMetadata(15)));
        int seenBeforeCrash = consumer.records().size();

        child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        child = null;
        broker = Broker.start(BrokerConfig.defaults(dataDir).withPort(port).withGroupInitialRebalanceDelayMs(0));

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            assertThat(admin.listConsumerGroupOffsets("survivor").partitionsToOffsetAndMetadata().get().get(partition).offset())
                    .isEqualTo(15);
        }
        produce(bootstrap, 20, 25);
        await("the rejoined consumer reads the new records", 45_000,
                () -> consumer.records().stream().anyMatch(r -> r.offset() == 24));
        List<ConsumerRecord<String, String>> afterCrash = consumer.records().subList(seenBeforeCrash, consumer.records().size());
        assertThat(afterCrash).allSatisfy(r -> assertThat(r.offset()).as("nothing before the commit is delivered again").isGreaterThanOrEqualTo(15));
        assertThat(broker.topics().topic("crash").partition(0).log().highWatermark()).isEqualTo(25);
    }
}
