package dev.herald.compat;

import static dev.herald.compat.Clients.get;
import static dev.herald.compat.Clients.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.testkit.KafkaTarget;
import dev.herald.testkit.OnEachBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * kafkajs 2.2.4 (pinned in {@code herald-compat/js/package-lock.json}) running {@code js/compat.js}: admin,
 * idempotent produce (uncompressed and gzip, the only codec kafkajs has built in), a consumer group that commits,
 * and two members sharing partitions.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class KafkaJsCompatibilityTest {

    private static final String NODE = "/usr/bin/node";

    private static ExternalCommand.Result script(String... args) {
        String node = ExternalCommand.require(NODE, "Node.js (Debian package nodejs)");
        Path js = Scripts.moduleDirectory().resolve("js");
        if (!Files.isRegularFile(js.resolve("node_modules/kafkajs/package.json"))) {
            throw new AssertionError("kafkajs is not installed in " + js + ": run `npm ci` there (`.ci/install-test-deps`"
                    + " does it)");
        }
        List<String> command = new ArrayList<>(List.of(node, js.resolve("compat.js").toString()));
        command.addAll(List.of(args));
        return ExternalCommand.of(command).directory(js).env("KAFKAJS_NO_PARTITIONER_WARNING", "1")
                .timeout(Duration.ofSeconds(70)).run().assertSuccess();
    }

    @OnEachBroker
    void administersTopics(KafkaTarget broker) {
        String topic = unique("js-admin", broker);
        JsonNode result = Scripts.json(script("admin", broker.bootstrapServers(), topic));
        assertThat(result.get("created").asBoolean()).isTrue();
        assertThat(result.get("partitions").asInt()).isEqualTo(3);
        assertThat(result.get("retentionMs").asText()).isEqualTo("3600000");
        assertThat(result.get("partitionsAfterGrowth").asInt()).isEqualTo(4);
        assertThat(result.get("offsets")).hasSize(4).allSatisfy(offsets -> {
            assertThat(offsets.get("low").asText()).isEqualTo("0");
            assertThat(offsets.get("high").asText()).isEqualTo("0");
        });
        assertThat(result.get("listed").asBoolean()).isTrue();
        assertThat(result.get("deleted").asBoolean()).isTrue();
    }

    @OnEachBroker
    void producesIdempotentlyUncompressedAndWithGzip(KafkaTarget broker) {
        for (String codec : List.of("none", "gzip")) {
            String topic = unique("js-" + codec, broker);
            Clients.createTopic(broker, topic, 1);
            JsonNode results = Scripts.json(script("produce", broker.bootstrapServers(), topic, "20", codec)).get("results");
            assertThat(results).singleElement().satisfies(r -> {
                assertThat(r.get("errorCode").asInt()).isZero();
                assertThat(r.get("baseOffset").asText()).isEqualTo("0");
            });
            List<ConsumerRecord<String, String>> records = Clients.read(broker, new TopicPartition(topic, 0), 0, 20);
            for (int i = 0; i < 20; i++) {
                assertThat(records.get(i).key()).isEqualTo("key-" + i);
                assertThat(records.get(i).value()).isEqualTo("kafkajs " + codec + " value " + i);
                assertThat(new String(records.get(i).headers().lastHeader("seq").value())).isEqualTo(Integer.toString(i));
            }
        }
    }

    @Tag("groups")
    @OnEachBroker
    void consumerGroupCommitsAndResumes(KafkaTarget broker) {
        String topic = unique("js-consume", broker);
        String group = unique("js-consume", broker);
        Clients.createTopic(broker, topic, 1);
        script("produce", broker.bootstrapServers(), topic, "10", "none");

        JsonNode first = Scripts.json(script("consume", broker.bootstrapServers(), topic, group, "6")).get("records");
        assertThat(first).hasSize(6);
        for (int i = 0; i < 6; i++) {
            assertThat(first.get(i).get("offset").asLong()).isEqualTo(i);
        }
        try (Admin admin = Clients.admin(broker)) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
            assertThat(committed.get(new TopicPartition(topic, 0)).offset()).isEqualTo(6);
        }
        JsonNode second = Scripts.json(script("consume", broker.bootstrapServers(), topic, group, "4")).get("records");
        assertThat(second).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(second.get(i).get("offset").asLong()).isEqualTo(6 + i);
            assertThat(second.get(i).get("key").asText()).isEqualTo("key-" + (6 + i));
        }
    }

    @Tag("slow")
    @Tag("groups")
    @OnEachBroker
    void twoMembersShareThePartitionsAndOneTakesAllWhenTheOtherLeaves(KafkaTarget broker) {
        String topic = unique("js-group", broker);
        Clients.createTopic(broker, topic, 4);
        JsonNode result = Scripts.json(script("group", broker.bootstrapServers(), topic, unique("js-group", broker)));
        assertThat(result.get("partitionCount").asInt()).isEqualTo(4);
        assertThat(result.get("shared").get(0).size() + result.get("shared").get(1).size()).isEqualTo(4);
        assertThat(result.get("afterLeave")).hasSize(4);
    }
}
