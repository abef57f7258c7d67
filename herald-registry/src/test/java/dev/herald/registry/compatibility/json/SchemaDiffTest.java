package dev.herald.registry.compatibility.json;

import dev.herald.registry.format.CompatibilityPolicy;
import dev.herald.registry.format.InvalidSchemaException;
import dev.herald.registry.format.ParsedSchema;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** JSON Schema rules that the shared vectors do not cover directly. */
class SchemaDiffTest {
    private final JsonSchemaFormat format = new JsonSchemaFormat();

    private List<String> backward(String before, String after) throws InvalidSchemaException {
        ParsedSchema old = format.parse(before, List.of(), Map.of());
        return format.parse(after, List.of(), Map.of()).backwardIncompatibilities(old, CompatibilityPolicy.STRICT);
    }

    @Test
    void comparesRecursiveSchemasWithoutLooping() throws InvalidSchemaException {
        String tree = "{\"type\":\"object\",\"properties\":{\"children\":{\"type\":\"array\",\"items\":{\"$ref\":\"#\"}},"
                + "\"name\":{\"type\":\"string\",\"maxLength\":%d}},\"additionalProperties\":false}";
        assertThat(backward(tree.formatted(5), tree.formatted(10))).isEmpty();
        assertThat(backward(tree.formatted(10), tree.formatted(5))).isNotEmpty()
                .allSatisfy(message -> assertThat(message).contains("MAX_LENGTH_DECREASED"));
    }

    @Test
    void addingARequiredPropertyWithADefaultToAClosedModelIsCompatible() throws InvalidSchemaException {
        String before = "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"additionalProperties\":false}";
        String after = "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},\"b\":{\"type\":\"string\",\"default\":\"x\"}},"
                + "\"required\":[\"b\"],\"additionalProperties\":false}";
        assertThat(backward(before, after)).isEmpty();
        assertThat(backward(before, after.replace(",\"default\":\"x\"", ""))).singleElement().asString()
                .contains("REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL");
    }

    @Test
    void resolvesReferencesToOtherRegisteredSchemas() throws InvalidSchemaException {
        var address = new dev.herald.registry.format.ResolvedReference("address.json",
                "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}");
        ParsedSchema parsed = format.parse("{\"type\":\"object\",\"properties\":{\"to\":{\"$ref\":\"address.json\"}}}",
                List.of(address), Map.of());
        assertThat(parsed.canonical()).contains("address.json");
        assertThatThrownBy(() -> format.parse("{\"properties\":{\"to\":{\"$ref\":\"address.json\"}}}", List.of(), Map.of()))
                .isInstanceOf(InvalidSchemaException.class).hasMessageContaining("references");
    }

    @Test
    void normalizedFormSortsKeys() throws InvalidSchemaException {
        ParsedSchema a = format.parse("{\"type\":\"string\",\"maxLength\":3}", List.of(), Map.of());
        ParsedSchema b = format.parse("{\"maxLength\":3,\"type\":\"string\"}", List.of(), Map.of());
        assertThat(a.canonical()).isNotEqualTo(b.canonical());
        assertThat(a.normalized().canonical()).isEqualTo(b.normalized().canonical());
    }

    @Test
    void titleIsTheEventName() throws InvalidSchemaException {
        assertThat(format.parse("{\"title\":\"OrderPlaced\",\"type\":\"object\"}", List.of(), Map.of()).eventNames())
                .containsExactly("OrderPlaced");
    }
}
