package dev.herald.registry.compatibility.json;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * One JSON Schema (sub)schema seen as a single kind, the way a validator builds it: a typed schema (string,
 * number, object ...), an enum/const, a combination (allOf/anyOf/oneOf), a {@code not}, a reference, or the
 * trivial {@code true}/{@code false} schemas. A schema object that mixes several of these (for example
 * {@code "type"} plus {@code "enum"}) becomes a synthetic {@code allOf} of its parts; a type array becomes a
 * synthetic {@code anyOf}. Immutable; references resolve lazily through the {@link SchemaLoader}.
 */
record Node(Kind kind, JsonNode json, List<Node> parts, SchemaLoader loader, String refTarget, boolean synthetic) {

    enum Kind { TRUE, FALSE, REF, STRING, NUMBER, INTEGER, BOOLEAN, NULL, OBJECT, ARRAY, ENUM, NOT, ALL_OF, ANY_OF, ONE_OF }

    boolean combined() {
        return kind == Kind.ALL_OF || kind == Kind.ANY_OF || kind == Kind.ONE_OF;
    }

    boolean numeric() {
        return kind == Kind.NUMBER || kind == Kind.INTEGER;
    }

    /** Loads a subschema found under this one (a property, the items, ...). */
    Node child(JsonNode subschema) {
        return loader.load(subschema);
    }

    Node resolved() {
        return kind == Kind.REF ? loader.resolve(this) : this;
    }

    JsonNode keyword(String name) {
        return json == null || !json.isObject() ? null : json.get(name);
    }

    String annotation(String name) {
        JsonNode value = synthetic ? null : keyword(name);
        return value == null ? null : value.toString();
    }
}
