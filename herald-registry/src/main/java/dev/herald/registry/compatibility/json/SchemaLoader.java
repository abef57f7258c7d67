package dev.herald.registry.compatibility.json;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import dev.herald.registry.format.InvalidSchemaException;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds {@link Node}s from a JSON Schema document and resolves {@code $ref}s: local JSON pointers
 * ({@code #/definitions/x}, {@code #/$defs/x}), subschemas declaring a matching {@code $id}, and documents
 * registered as references (by the name used in the reference). Instances are confined to one comparison or
 * one validation; nodes are cached by identity so that recursive schemas terminate.
 */
final class SchemaLoader {
    private static final Set<String> TYPES = Set.of("string", "number", "integer", "boolean", "null", "object", "array");
    private static final Set<String> STRING_KEYWORDS = Set.of("minLength", "maxLength", "pattern", "format");
    private static final Set<String> NUMBER_KEYWORDS = Set.of("minimum", "maximum", "exclusiveMinimum",
            "exclusiveMaximum", "multipleOf");
    private static final Set<String> OBJECT_KEYWORDS = Set.of("properties", "required", "additionalProperties",
            "patternProperties", "minProperties", "maxProperties", "dependencies", "dependentRequired",
            "dependentSchemas", "propertyNames", "unevaluatedProperties");
    private static final Set<String> ARRAY_KEYWORDS = Set.of("items", "additionalItems", "prefixItems", "minItems",
            "maxItems", "uniqueItems", "contains", "minContains", "maxContains", "unevaluatedItems");

    private static final URI ROOT_BASE = URI.create("file:///herald-schema-root.json");

    private final JsonNode root;
    private final Map<String, JsonNode> externalDocuments;
    private final Map<JsonNode, Node> cache = new IdentityHashMap<>();
    private final Map<JsonNode, URI> baseOf = new IdentityHashMap<>();
    private final Map<URI, JsonNode> byId = new HashMap<>();

    SchemaLoader(JsonNode root, Map<String, JsonNode> externalDocuments) {
        this.root = root;
        this.externalDocuments = externalDocuments;
        indexIds(root, ROOT_BASE);
    }

    /** Records the base URI of every subschema ({@code $id} changes it) so that relative refs resolve. */
    private void indexIds(JsonNode node, URI base) {
        URI here = base;
        if (node.isObject()) {
            JsonNode id = node.get("$id");
            if (id != null && id.isTextual()) {
                here = withoutFragment(resolveUri(base, id.asText()));
                byId.put(here, node);
            }
            baseOf.put(node, here);
        }
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                indexIds(child, here);
            }
        }
    }

    private static URI resolveUri(URI base, String reference) {
        try {
            return base.resolve(new URI(reference));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalStateException("Invalid URI '" + reference + "' in $id or $ref", e);
        }
    }

    private static URI withoutFragment(URI uri) {
        try {
            return new URI(uri.getScheme(), uri.getSchemeSpecificPart(), null);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Invalid URI " + uri, e);
        }
    }

    Node root() {
        return load(root);
    }

    Node load(JsonNode json) {
        Node cached = cache.get(json);
        if (cached == null) {
            cached = build(json);
            cache.put(json, cached);
        }
        return cached;
    }

    private Node build(JsonNode json) {
        if (json.isBoolean()) {
            return simple(json.asBoolean() ? Node.Kind.TRUE : Node.Kind.FALSE, json);
        }
        if (json.has("$ref")) {
            return new Node(Node.Kind.REF, json, List.of(), this, json.get("$ref").asText(), false);
        }
        List<Node> parts = new ArrayList<>();
        addTyped(json, parts);
        if (json.has("enum") || json.has("const")) {
            parts.add(new Node(Node.Kind.ENUM, json, List.of(), this, null, true));
        }
        addCombined(json, "allOf", Node.Kind.ALL_OF, parts);
        addCombined(json, "anyOf", Node.Kind.ANY_OF, parts);
        addCombined(json, "oneOf", Node.Kind.ONE_OF, parts);
        if (json.has("not")) {
            parts.add(new Node(Node.Kind.NOT, json, List.of(load(json.get("not"))), this, null, true));
        }
        if (parts.isEmpty()) {
            return simple(Node.Kind.TRUE, json);
        }
        if (parts.size() == 1) {
            Node only = parts.getFirst();
            return new Node(only.kind(), json, only.parts(), this, null, false);
        }
        return new Node(Node.Kind.ALL_OF, json, List.copyOf(parts), this, null, false);
    }

    private Node simple(Node.Kind kind, JsonNode json) {
        return new Node(kind, json, List.of(), this, null, false);
    }

    private void addTyped(JsonNode json, List<Node> parts) {
        JsonNode type = json.get("type");
        if (type == null) {
            List<Node.Kind> implied = new ArrayList<>();
            addIfAny(json, STRING_KEYWORDS, Node.Kind.STRING, implied);
            addIfAny(json, NUMBER_KEYWORDS, Node.Kind.NUMBER, implied);
            addIfAny(json, OBJECT_KEYWORDS, Node.Kind.OBJECT, implied);
            addIfAny(json, ARRAY_KEYWORDS, Node.Kind.ARRAY, implied);
            implied.forEach(kind -> parts.add(new Node(kind, json, List.of(), this, null, true)));
            return;
        }
        if (type.isArray() && type.size() > 1) {
            List<Node> branches = new ArrayList<>();
            type.forEach(t -> branches.add(new Node(kindOf(t.asText()), json, List.of(), this, null, true)));
            parts.add(new Node(Node.Kind.ANY_OF, json, List.copyOf(branches), this, null, true));
        } else {
            String name = type.isArray() ? type.get(0).asText() : type.asText();
            parts.add(new Node(kindOf(name), json, List.of(), this, null, true));
        }
    }

    private static void addIfAny(JsonNode json, Set<String> keywords, Node.Kind kind, List<Node.Kind> out) {
        for (String keyword : keywords) {
            if (json.has(keyword)) {
                out.add(kind);
                return;
            }
        }
    }

    private static Node.Kind kindOf(String type) {
        return switch (type) {
            case "string" -> Node.Kind.STRING;
            case "number" -> Node.Kind.NUMBER;
            case "integer" -> Node.Kind.INTEGER;
            case "boolean" -> Node.Kind.BOOLEAN;
            case "null" -> Node.Kind.NULL;
            case "object" -> Node.Kind.OBJECT;
            case "array" -> Node.Kind.ARRAY;
            default -> throw new IllegalArgumentException("unknown type " + type);
        };
    }

    private void addCombined(JsonNode json, String keyword, Node.Kind kind, List<Node> parts) {
        JsonNode array = json.get(keyword);
        if (array == null) {
            return;
        }
        List<Node> members = new ArrayList<>();
        List<JsonNode> seen = new ArrayList<>();
        for (JsonNode member : array) {
            // Duplicated branches change nothing a validator accepts, so they are not compared twice.
            if (!seen.contains(member)) {
                seen.add(member);
                members.add(load(member));
            }
        }
        parts.add(new Node(kind, json, List.copyOf(members), this, null, true));
    }

    /** Follows a reference until it reaches a schema that is not itself a bare reference. */
    Node resolve(Node reference) {
        Node current = reference;
        for (int hops = 0; current.kind() == Node.Kind.REF; hops++) {
            if (hops > 64) {
                throw new IllegalStateException("$ref cycle at " + reference.refTarget());
            }
            current = load(target(current.refTarget(), current.json()));
        }
        return current;
    }

    /** The schema a {@code $ref} written in {@code source} points to. */
    JsonNode target(String ref, JsonNode source) {
        int hash = ref.indexOf('#');
        String document = hash < 0 ? ref : ref.substring(0, hash);
        String pointer = hash < 0 ? "" : ref.substring(hash + 1);
        JsonNode base = document.isEmpty() ? documentOf(source) : externalDocument(document, source);
        if (base == null) {
            throw new IllegalStateException("Unresolvable $ref '" + ref + "': register the referenced schema and "
                    + "list it in \"references\" under the name '" + document + "'");
        }
        JsonNode target = pointer.isEmpty() ? base : base.at(JsonPointer.compile(decode(pointer)));
        if (target.isMissingNode()) {
            throw new IllegalStateException("Unresolvable $ref '" + ref + "': no such location in the schema");
        }
        return target;
    }

    private static String decode(String pointer) {
        return URLDecoder.decode(pointer.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The document (root or the nearest enclosing {@code $id} resource) a local pointer is relative to. */
    private JsonNode documentOf(JsonNode source) {
        URI base = baseOf.getOrDefault(source, ROOT_BASE);
        return base.equals(ROOT_BASE) ? root : byId.getOrDefault(base, root);
    }

    private JsonNode externalDocument(String name, JsonNode source) {
        JsonNode registered = externalDocuments.get(name);
        if (registered != null) {
            return registered;
        }
        URI resolved = withoutFragment(resolveUri(baseOf.getOrDefault(source, ROOT_BASE), name));
        JsonNode declared = byId.get(resolved);
        if (declared != null) {
            return declared;
        }
        return resolved.equals(ROOT_BASE) ? root : externalDocuments.get(resolved.toString());
    }

    /**
     * Checks what Confluent's parser checks before accepting a schema: known types, keywords of the right
     * JSON type, and every {@code $ref} resolvable without an endless cycle.
     */
    void validate() throws InvalidSchemaException {
        try {
            validate(root, new IdentityHashMap<>());
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new InvalidSchemaException("Invalid JSON Schema: " + e.getMessage(), e);
        }
    }

    private void validate(JsonNode json, Map<JsonNode, Boolean> visited) {
        if (json instanceof BooleanNode || visited.put(json, Boolean.TRUE) != null) {
            return;
        }
        if (!json.isObject()) {
            throw new IllegalArgumentException("a schema must be an object or a boolean, found " + json);
        }
        checkKeywordTypes(json);
        checkExclusiveBounds(json);
        if (json.has("$ref")) {
            Node resolved = resolve(load(json));
            validate(resolved.json(), visited);
        }
        JsonNode type = json.get("type");
        if (type != null) {
            for (JsonNode t : type.isArray() ? type : List.of(type)) {
                if (!TYPES.contains(t.asText())) {
                    throw new IllegalArgumentException("unknown type '" + t.asText() + "'");
                }
            }
        }
        json.properties().forEach(entry -> validateChildren(entry.getKey(), entry.getValue(), visited));
    }

    private void validateChildren(String keyword, JsonNode value, Map<JsonNode, Boolean> visited) {
        switch (keyword) {
            case "properties", "patternProperties", "definitions", "$defs", "dependentSchemas" ->
                    value.forEach(child -> validate(child, visited));
            case "items", "prefixItems", "allOf", "anyOf", "oneOf" -> {
                if (value.isArray()) {
                    value.forEach(child -> validate(child, visited));
                } else {
                    validate(value, visited);
                }
            }
            case "additionalProperties", "additionalItems", "not", "contains", "propertyNames",
                 "unevaluatedProperties", "unevaluatedItems", "if", "then", "else" -> validate(value, visited);
            default -> { }
        }
    }

    private static void checkKeywordTypes(JsonNode json) {
        for (String numeric : List.of("minLength", "maxLength", "minimum", "maximum", "multipleOf", "minItems",
                "maxItems", "minProperties", "maxProperties", "minContains", "maxContains")) {
            if (json.has(numeric) && !json.get(numeric).isNumber()) {
                throw new IllegalArgumentException("'" + numeric + "' must be a number, found " + json.get(numeric));
            }
        }
        for (String array : List.of("required", "enum", "allOf", "anyOf", "oneOf")) {
            if (json.has(array) && (!json.get(array).isArray() || (!array.equals("required") && !array.equals("enum")
                    && json.get(array).isEmpty()))) {
                throw new IllegalArgumentException("'" + array + "' must be a non-empty array, found " + json.get(array));
            }
        }
        for (String object : List.of("properties", "patternProperties", "definitions", "$defs")) {
            if (json.has(object) && !json.get(object).isObject()) {
                throw new IllegalArgumentException("'" + object + "' must be an object, found " + json.get(object));
            }
        }
    }

    /** {@code exclusiveMaximum}/{@code exclusiveMinimum}: a number (draft-06+) or a boolean (draft-04). */
    private static void checkExclusiveBounds(JsonNode json) {
        for (String keyword : List.of("exclusiveMaximum", "exclusiveMinimum")) {
            if (json.has(keyword) && !json.get(keyword).isNumber() && !json.get(keyword).isBoolean()) {
                throw new IllegalArgumentException("'" + keyword + "' must be a number, found " + json.get(keyword));
            }
        }
    }
}
