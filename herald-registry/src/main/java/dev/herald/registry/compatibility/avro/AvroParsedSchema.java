package dev.herald.registry.compatibility.avro;

import dev.herald.registry.format.CompatibilityPolicy;
import dev.herald.registry.format.ParsedSchema;
import dev.herald.registry.format.SchemaType;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;

import java.util.ArrayList;
import java.util.List;

/**
 * An Avro schema, compared with Avro's reader/writer resolution rules ({@link SchemaCompatibility}), which is
 * exactly what Confluent's registry does. Immutable and thread-safe.
 */
record AvroParsedSchema(Schema schema, String canonical) implements ParsedSchema {

    @Override
    public SchemaType type() {
        return SchemaType.AVRO;
    }

    @Override
    public ParsedSchema normalized() {
        return this;
    }

    @Override
    public List<String> backwardIncompatibilities(ParsedSchema previous, CompatibilityPolicy policy) {
        Schema writer = ((AvroParsedSchema) previous).schema;
        var result = SchemaCompatibility.checkReaderWriterCompatibility(schema, writer).getResult();
        List<String> messages = new ArrayList<>();
        for (Incompatibility incompatibility : result.getIncompatibilities()) {
            messages.add("{errorType:'" + incompatibility.getType() + "', description:'"
                    + incompatibility.getMessage() + "' at path '" + incompatibility.getLocation() + "'}");
        }
        return messages;
    }

    @Override
    public List<String> eventNames() {
        if (schema.getType() == Schema.Type.UNION) {
            return schema.getTypes().stream().filter(s -> s.getType() == Schema.Type.RECORD).map(Schema::getName).toList();
        }
        return schema.getType() == Schema.Type.RECORD ? List.of(schema.getName()) : List.of();
    }
}
