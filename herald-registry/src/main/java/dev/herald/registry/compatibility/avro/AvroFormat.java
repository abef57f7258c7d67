package dev.herald.registry.compatibility.avro;

import dev.herald.registry.format.InvalidSchemaException;
import dev.herald.registry.format.ParsedSchema;
import dev.herald.registry.format.ResolvedReference;
import dev.herald.registry.format.SchemaFormat;
import dev.herald.registry.format.SchemaType;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

import java.util.ArrayList;
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
            List<Schema> referenced = new ArrayList<>();
            for (ResolvedReference reference : references) {
                referenced.add(parser.parse(reference.schema()));
            }
            Schema parsed = parser.parse(schema);
            // Referenced types stay references in the stored text (as Confluent stores them), not inlined copies.
            String canonical = referenced.isEmpty() ? parsed.toString() : parsed.toString(referenced, false);
            return new AvroParsedSchema(parsed, canonical);
        } catch (SchemaParseException | NullPointerException | IllegalArgumentException e) {
            throw new InvalidSchemaException("Invalid Avro schema: " + e.getMessage()
                    + ". Check the schema against the Avro specification (names, types, defaults).", e);
        } catch (StackOverflowError e) {
            throw new InvalidSchemaException("Invalid Avro schema: nested too deeply", e);
        }
    }
}
