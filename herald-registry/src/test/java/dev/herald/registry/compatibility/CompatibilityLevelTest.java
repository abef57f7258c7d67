package dev.herald.registry.compatibility;

import dev.herald.registry.compatibility.avro.AvroFormat;
import dev.herald.registry.format.CompatibilityPolicy;
import dev.herald.registry.format.InvalidSchemaException;
import dev.herald.registry.format.ParsedSchema;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Level semantics over Avro: direction (backward, forward, full) and reach (latest only, or transitive). */
class CompatibilityLevelTest {
    private static final AvroFormat AVRO = new AvroFormat();
    // v1: {a}; v2: {a, b default}; v3: {b default} (drops a without default: old readers of v1 break).
    private static final ParsedSchema V1 = avro("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}");
    private static final ParsedSchema V2 = avro("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"},"
            + "{\"name\":\"b\",\"type\":\"int\",\"default\":0}]}");
    private static final ParsedSchema V3 = avro("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"b\",\"type\":\"int\",\"default\":0}]}");
    private static final ParsedSchema NEEDS_B = avro("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"},"
            + "{\"name\":\"b\",\"type\":\"int\"}]}");

    private static ParsedSchema avro(String text) {
        try {
            return AVRO.parse(text, List.of(), Map.of());
        } catch (InvalidSchemaException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean ok(CompatibilityLevel level, ParsedSchema candidate, ParsedSchema... previous) {
        return level.check(candidate, List.of(previous), CompatibilityPolicy.STRICT).isEmpty();
    }

    @Test
    void backwardLetsTheNewReaderReadOldData() {
        assertThat(ok(CompatibilityLevel.BACKWARD, V2, V1)).isTrue();
        assertThat(ok(CompatibilityLevel.BACKWARD, NEEDS_B, V1)).isFalse();
    }

    @Test
    void forwardLetsOldReadersReadNewData() {
        assertThat(ok(CompatibilityLevel.FORWARD, NEEDS_B, V1)).isTrue();
        assertThat(ok(CompatibilityLevel.FORWARD, V3, V2)).isFalse();
    }

    @Test
    void fullNeedsBothDirections() {
        assertThat(ok(CompatibilityLevel.FULL, V2, V1)).isTrue();
        assertThat(ok(CompatibilityLevel.FULL, NEEDS_B, V1)).isFalse();
    }

    @Test
    void plainLevelsCheckOnlyTheLatestVersionAndTransitiveOnesCheckAll() {
        assertThat(ok(CompatibilityLevel.FORWARD, V3, V1, V2)).isFalse();
        assertThat(ok(CompatibilityLevel.BACKWARD, V3, V1, V2)).isTrue();
        ParsedSchema onlyB = avro("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"b\",\"type\":\"int\"}]}");
        assertThat(ok(CompatibilityLevel.BACKWARD, onlyB, V1, V2)).as("reads v2 data").isTrue();
        assertThat(ok(CompatibilityLevel.BACKWARD_TRANSITIVE, onlyB, V1, V2)).as("cannot read v1 data").isFalse();
    }

    @Test
    void noneAcceptsAnything() {
        assertThat(ok(CompatibilityLevel.NONE, NEEDS_B, V3)).isTrue();
    }

    @Test
    void levelNamesAreCaseInsensitive() {
        assertThat(CompatibilityLevel.fromName("full_transitive")).contains(CompatibilityLevel.FULL_TRANSITIVE);
        assertThat(CompatibilityLevel.fromName("sideways")).isEmpty();
    }
}
