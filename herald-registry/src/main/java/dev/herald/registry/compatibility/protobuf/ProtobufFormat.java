package dev.herald.registry.compatibility.protobuf;

import dev.herald.registry.format.InvalidSchemaException;
import dev.herald.registry.format.ParsedSchema;
import dev.herald.registry.format.ResolvedReference;
import dev.herald.registry.format.SchemaFormat;
import dev.herald.registry.format.SchemaType;

import java.util.List;
import java.util.Map;

public final class ProtobufFormat implements SchemaFormat {
    @Override
    public SchemaType type() {
        return SchemaType.PROTOBUF;
    }

    @Override
    public ParsedSchema parse(String schema, List<ResolvedReference> references, Map<String, String> metadata)
            throws InvalidSchemaException {
        throw new InvalidSchemaException("todo");
    }
}
