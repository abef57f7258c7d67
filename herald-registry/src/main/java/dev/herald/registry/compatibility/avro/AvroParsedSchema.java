package dev.herald.registry.compatibility.avro;

import dev.herald.registry.format.CompatibilityPolicy;
import dev.herald.registry.format.ParsedSchema;
import dev.herald.registry.format.SchemaType;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

import java.io.IOException;
import java.nio.ByteBuffer;

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

    /** Decodes the Avro binary payload with this schema; it must decode completely, with no bytes left over. */
    @Override
    public List<String> payloadProblems(ByteBuffer payload) {
        byte[] bytes = new byte[payload.remaining()];
        payload.duplicate().get(bytes);
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, null);
        try {
            new GenericDatumReader<Object>(schema).read(null, decoder);
            if (!decoder.isEnd()) {
                return List.of("Avro payload has bytes left over after a complete " + schema.getFullName() + " value");
            }
            return List.of();
        } catch (IOException | RuntimeException e) {
            return List.of("Avro payload does not decode with schema " + schema.getFullName() + ": " + e);
        }
    }

    @Override
    public List<String> eventNames() {
        if (schema.getType() == Schema.Type.UNION) {
            return schema.getTypes().stream().filter(s -> s.getType() == Schema.Type.RECORD).map(Schema::getName).toList();
        }
        return schema.getType() == Schema.Type.RECORD ? List.of(schema.getName()) : List.of();
    }
}
