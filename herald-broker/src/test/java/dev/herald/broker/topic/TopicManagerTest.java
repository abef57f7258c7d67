package dev.herald.broker.topic;

import dev.herald.storage.durability.FsyncPolicy;
import dev.herald.storage.log.LogDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Topic metadata across restarts: what one broker wrote, the next one reads back. */
class TopicManagerTest {
    @TempDir Path dataDir;

    private LogDirectory open() throws IOException {
        return LogDirectory.open(dataDir, new FsyncPolicy.Always(), Clock.systemUTC(), 3_600_000);
    }

    @Test
    void readsBackTheTopicsAndOverridesItStored() throws IOException {
        Topic created;
        try (LogDirectory logs = open()) {
            TopicManager topics = new TopicManager(logs);
            assertThat(topics.create("orders", 3, Map.of("cleanup.policy", "compact", "retention.ms", "60000"))).isNull();
            created = topics.topic("orders");
        }

        try (LogDirectory logs = open()) {
            Topic reloaded = new TopicManager(logs).topic("orders");

            assertThat(reloaded.id()).isEqualTo(created.id());
            assertThat(reloaded.partitions()).hasSize(3);
            assertThat(reloaded.configs()).isEqualTo(Map.of("cleanup.policy", "compact", "retention.ms", "60000"));
        }
    }

    /** Creates topic "orders", then rewrites its metadata file's lines matching {@code line} as {@code replacement}. */
    private void createOrdersAndDamageItsMetadata(String line, String replacement) throws IOException {
        try (LogDirectory logs = open()) {
            assertThat(new TopicManager(logs).create("orders", 1, Map.of())).isNull();
        }
        Path file = dataDir.resolve("herald-meta").resolve("topics").resolve("orders.properties");
        Files.writeString(file, Files.readString(file).replaceAll(line, replacement));
    }

    private void assertTheStartFailsWith(String... messageParts) throws IOException {
        try (LogDirectory logs = open()) {
            var failure = assertThatThrownBy(() -> new TopicManager(logs)).isInstanceOf(IOException.class);
            for (String part : messageParts) failure.hasMessageContaining(part);
        }
    }

    @Test
    void namesTheFileAndTheMissingEntryWhenTopicMetadataIsDamaged() throws IOException {
        createOrdersAndDamageItsMetadata("(?m)^id=.*\\n", "");

        assertTheStartFailsWith("orders.properties", "'id'");
    }

    @Test
    void namesTheFileWhenAnEntryOfTopicMetadataCannotBeRead() throws IOException {
        createOrdersAndDamageItsMetadata("(?m)^partitions=.*$", "partitions=three");

        assertTheStartFailsWith("orders.properties", "three");
    }
}
