package dev.herald.registry.store;

import dev.herald.registry.format.SchemaType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Replaying {@code _schemas} records, including ones written by Confluent's registry and malformed ones. */
class RegistryStateTest {

    @Test
    void replaysRecordsInConfluentsLayout() {
        RegistryState state = new RegistryState();
        // As Confluent 7.x writes them (schemaType omitted for AVRO).
        state.apply(new LogRecord("{\"keytype\":\"SCHEMA\",\"subject\":\"t-value\",\"version\":1,\"magic\":1}",
                "{\"subject\":\"t-value\",\"version\":1,\"id\":7,\"schema\":\"\\\"string\\\"\",\"deleted\":false}"));
        state.apply(new LogRecord("{\"keytype\":\"SCHEMA\",\"subject\":\"t-value\",\"version\":2,\"magic\":1}",
                "{\"subject\":\"t-value\",\"version\":2,\"id\":8,\"schemaType\":\"JSON\",\"schema\":\"{}\",\"deleted\":false}"));
        state.apply(new LogRecord("{\"keytype\":\"CONFIG\",\"subject\":\"t-value\",\"magic\":0}", "{\"compatibilityLevel\":\"FULL\"}"));
        state.apply(new LogRecord("{\"keytype\":\"NOOP\",\"magic\":0}", null));
        state.apply(new LogRecord("{\"keytype\":\"DELETE_SUBJECT\",\"subject\":\"t-value\",\"magic\":0}",
                "{\"subject\":\"t-value\",\"version\":1}"));

        List<SchemaVersion> versions = state.versions("t-value");
        assertThat(versions).extracting(SchemaVersion::id).containsExactly(7, 8);
        assertThat(versions.get(0).type()).isEqualTo(SchemaType.AVRO);
        assertThat(versions.get(0).deleted()).isTrue();
        assertThat(versions.get(1).type()).isEqualTo(SchemaType.JSON);
        assertThat(versions.get(1).deleted()).isFalse();
        assertThat(state.maxId()).isEqualTo(8);
        assertThat(state.config("t-value").orElseThrow().path("compatibilityLevel").asText()).isEqualTo("FULL");
    }

    @Test
    void tombstonesRemoveVersionsButVersionNumbersKeepGrowing() {
        RegistryState state = new RegistryState();
        SchemaVersion v1 = new SchemaVersion("s", 1, 1, SchemaType.AVRO, "\"int\"", List.of(), null, null, true);
        state.apply(new LogRecord(StoreCodec.schemaKey("s", 1), StoreCodec.schemaValue(v1)));
        state.apply(new LogRecord(StoreCodec.schemaKey("s", 1), null));
        assertThat(state.versions("s")).isEmpty();
        assertThat(state.subjects(true)).isEmpty();
        assertThat(state.highestVersionEver("s")).isEqualTo(1);
    }

    @Test
    void skipsMalformedRecordsAndKeepsGoing() {
        RegistryState state = new RegistryState();
        state.apply(new LogRecord("not json", "{}"));
        state.apply(new LogRecord("{\"keytype\":\"SCHEMA\",\"subject\":\"s\",\"version\":1,\"magic\":1}", "{broken"));
        state.apply(new LogRecord("{\"keytype\":\"SCHEMA\",\"subject\":\"s\",\"version\":1,\"magic\":1}",
                "{\"subject\":\"s\",\"version\":1,\"id\":1,\"schemaType\":\"COBOL\",\"schema\":\"x\"}"));
        state.apply(new LogRecord(StoreCodec.schemaKey("ok", 1), StoreCodec.schemaValue(
                new SchemaVersion("ok", 1, 1, SchemaType.AVRO, "\"int\"", List.of(), null, null, false))));
        assertThat(state.subjects(false)).containsExactly("ok");
    }
}
