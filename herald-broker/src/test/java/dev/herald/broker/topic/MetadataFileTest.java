package dev.herald.broker.topic;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetadataFileTest {
    @TempDir Path folder;

    private static Map<String, String> load(String text) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        Map<String, String> entries = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> entries.put(key, properties.getProperty(key)));
        return entries;
    }

    @Property(tries = 1000)
    void propertiesLoadReadsBackWhatWasWritten(@ForAll Map<String, String> entries) throws IOException {
        assertThat(load(MetadataFile.text("a comment", entries))).isEqualTo(entries);
    }

    @Test
    void writesAsciiLinesSortedByKeyUnderOneCommentAndNoDate() throws IOException {
        Path file = folder.resolve("orders.properties");

        MetadataFile.write(file, "Herald topic metadata", Map.of("name", "orders", "partitions", "3",
                "config.cleanup.policy", "compact,delete", "config.note", " a=b: #c!d\\é\n"));

        assertThat(Files.readString(file, StandardCharsets.US_ASCII)).isEqualTo("""
                #Herald topic metadata
                config.cleanup.policy=compact,delete
                config.note=\\ a\\=b\\: \\#c\\!d\\\\\\u00e9\\n
                name=orders
                partitions=3
                """);
        assertThat(load(Files.readString(file))).containsEntry("config.note", " a=b: #c!d\\é\n").hasSize(4);
    }

    @Test
    void readReturnsTheEntriesWriteWrote() throws IOException {
        Path file = folder.resolve("broker.properties");
        Map<String, String> entries = Map.of("num.partitions", "6", "odd key", " =:#!\\\u00e9\u4e2d");

        MetadataFile.write(file, "Herald broker settings", entries);

        assertThat(MetadataFile.read(file)).isEqualTo(entries);
    }

    @Test
    void refusesACommentOfMoreThanOneLine() {
        assertThatThrownBy(() -> MetadataFile.text("one\ntwo", Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one-line comment");
    }
}
