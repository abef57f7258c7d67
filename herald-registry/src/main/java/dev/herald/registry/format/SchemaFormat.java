package dev.herald.registry.format;

import java.util.List;
import java.util.Map;

/**
 * The parser of one schema format. Implementations are stateless and thread-safe.
 */
public interface SchemaFormat {

    SchemaType type();

    /**
     * Parses {@code schema}; {@code references} holds every referenced schema text, transitively, with each
     * reference listed after the ones it depends on. {@code metadata} carries Confluent metadata properties
     * that change compatibility (e.g. {@code confluent:reserved} for Protobuf).
     */
    ParsedSchema parse(String schema, List<ResolvedReference> references, Map<String, String> metadataProperties)
            throws InvalidSchemaException;
}
