package dev.herald.registry.compatibility.protobuf;

import com.squareup.wire.schema.Location;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.ProtoParser;
import dev.herald.registry.format.InvalidSchemaException;
import dev.herald.registry.format.ParsedSchema;
import dev.herald.registry.format.ResolvedReference;
import dev.herald.registry.format.SchemaFormat;
import dev.herald.registry.format.SchemaType;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Parses {@code .proto} text (proto2 and proto3) with Square Wire's parser. Every {@code import} must be a
 * registered reference (by import path) or one of the files bundled with protobuf and Confluent's serializers
 * ({@code google/protobuf/...}, {@code confluent/...}). Stateless and thread-safe.
 */
public final class ProtobufFormat implements SchemaFormat {
    static final String RESERVED_PROPERTY = "confluent:reserved";

    @Override
    public SchemaType type() {
        return SchemaType.PROTOBUF;
    }

    @Override
    public ParsedSchema parse(String schema, List<ResolvedReference> references, Map<String, String> metadata)
            throws InvalidSchemaException {
        ProtoFileElement file = parseFile("schema.proto", schema);
        Map<String, ProtoFileElement> dependencies = new LinkedHashMap<>();
        for (ResolvedReference reference : references) {
            dependencies.put(reference.name(), parseFile(reference.name(), reference.schema()));
        }
        checkImports(file, dependencies);
        for (ProtoFileElement dependency : dependencies.values()) {
            checkImports(dependency, dependencies);
        }
        return new ProtobufParsedSchema(file, dependencies, reserved(metadata));
    }

    /** Parses {@code .proto} text, or a base64 FileDescriptorProto as protobuf serializers register it. */
    static ProtoFileElement parseFile(String path, String text) throws InvalidSchemaException {
        try {
            return ProtoParser.Companion.parse(Location.get(path), DescriptorText.fromBase64(text).orElse(text));
        } catch (RuntimeException e) {
            throw new InvalidSchemaException("Invalid Protobuf schema " + path + ": " + e.getMessage(), e);
        } catch (StackOverflowError e) {
            throw new InvalidSchemaException("Invalid Protobuf schema " + path + ": nested too deeply", e);
        }
    }

    private static void checkImports(ProtoFileElement file, Map<String, ProtoFileElement> dependencies)
            throws InvalidSchemaException {
        for (String imported : allImports(file)) {
            if (!dependencies.containsKey(imported) && !bundled(imported)) {
                throw new InvalidSchemaException("Invalid Protobuf schema: import \"" + imported + "\" is not a "
                        + "registered reference. Register that file first and list it in \"references\" with "
                        + "name \"" + imported + "\".");
            }
        }
    }

    static List<String> allImports(ProtoFileElement file) {
        return java.util.stream.Stream.of(file.getImports(), file.getPublicImports(), file.getWeakImports())
                .flatMap(List::stream).toList();
    }

    private static boolean bundled(String path) {
        return path.startsWith("google/protobuf/") || path.startsWith("google/type/") || path.startsWith("confluent/");
    }

    private static Set<String> reserved(Map<String, String> metadata) {
        String value = metadata.get(RESERVED_PROPERTY);
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }
}
