package dev.herald.registry.compatibility.avro;

import dev.herald.registry.format.InvalidSchemaException;
import dev.herald.registry.format.ParsedSchema;
import dev.herald.registry.format.ResolvedReference;
import dev.herald.registry.format.SchemaFormat;
import dev.herald.registry.format.SchemaType;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

import java.util.List;
import java.util.Map;

/**
 * Parses Apache Avro schemas with Avro's own parser (defaults validated, so a default that does not match its
 * field's type is refused as Confluent's registry refuses it). Referenced schemas are parsed first into the
 * same parser so that their named types resolve. Stateless and thread-safe.
 */
public final class AvroFormat implements SchemaFormat {

    @Override
    public SchemaType type() {
        return SchemaType.AVRO;
    }

    @Override
    public ParsedSchema parse(String schema, List<ResolvedReference> references, Map<String, String> metadata)
            throws InvalidSchemaException {
        Schema.Parser parser = new Schema.Parser().setValidateDefaults(true);
        try {
            for (ResolvedReference reference : references) {
                parser.parse(reference.schema());
            }
            Schema parsed = parser.parse(schema);
            String canonical = references.isEmpty() ? parsed.toString() : schema;
            return new AvroParsedSchema(parsed, canonical);
        } catch (SchemaParseException | NullPointerException | IllegalArgumentException e) {
            throw new InvalidSchemaException("Invalid Avro schema: " + e.getMessage()
                    + ". Check the schema against the Avro specification (names, types, defaults).", e);
        } catch (StackOverflowError e) {
            throw new InvalidSchemaException("Invalid Avro schema: nested too deeply", e);
        }
    }
}
