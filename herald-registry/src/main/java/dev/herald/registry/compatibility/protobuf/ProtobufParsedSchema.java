package dev.herald.registry.compatibility.protobuf;

import com.squareup.wire.schema.internal.parser.MessageElement;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import dev.herald.registry.format.CompatibilityPolicy;
import dev.herald.registry.format.ParsedSchema;
import dev.herald.registry.format.SchemaType;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed {@code .proto} file with its parsed dependencies (by import path) and the field names that
 * Confluent metadata reserves. Canonical text is Wire's rendering of the file. Immutable and thread-safe.
 */
record ProtobufParsedSchema(ProtoFileElement file, Map<String, ProtoFileElement> dependencies, Set<String> reserved)
        implements ParsedSchema {

    @Override
    public SchemaType type() {
        return SchemaType.PROTOBUF;
    }

    /** Wire's rendering without its "formatted by Wire" header, so the text reads like the author's. */
    @Override
    public String canonical() {
        String text = file.toSchema();
        while (text.startsWith("//")) {
            text = text.substring(text.indexOf('\n') + 1);
        }
        return text.stripLeading();
    }

    @Override
    public ParsedSchema normalized() {
        return this;
    }

    /** The schema as a base64 FileDescriptorProto named {@code fileName} ({@code format=serialized}). */
    @Override
    public String serialized(String fileName) {
        return DescriptorBuilder.base64(file, fileName, types());
    }

    TypeIndex types() {
        return new TypeIndex(file, dependencies.values());
    }

    @Override
    public List<String> backwardIncompatibilities(ParsedSchema previous, CompatibilityPolicy policy) {
        return ProtobufDiff.compare((ProtobufParsedSchema) previous, this).stream()
                .filter(change -> !change.compatible())
                .map(change -> "{errorType:'" + change.type() + "', description:'Found incompatible change: "
                        + change + "'}")
                .toList();
    }

    /**
     * Checks the Confluent Protobuf framing after the schema id (message indexes that name a message of this
     * file) and that the rest is well-formed protobuf wire data.
     */
    @Override
    public List<String> payloadProblems(ByteBuffer payload) {
        return ProtobufPayload.problems(file, payload.duplicate());
    }

    @Override
    public List<String> eventNames() {
        return file.getTypes().stream().filter(t -> t instanceof MessageElement).map(t -> t.getName()).toList();
    }
}
