package dev.herald.registry.format;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * A schema that its format's parser accepted, ready to be stored and compared. Implementations are immutable
 * and safe to share between threads.
 */
public interface ParsedSchema {

    SchemaType type();

    /** The text stored and returned by the registry: the parser's canonical rendering of the schema. */
    String canonical();

    /** The same schema in normal form ({@code normalize=true}): equivalent schemas render identically. */
    ParsedSchema normalized();

    /**
     * Why this schema, as a reader, cannot read data written with {@code previous} (Confluent's
     * {@code isBackwardCompatible(previous)}); empty when it can.
     */
    List<String> backwardIncompatibilities(ParsedSchema previous, CompatibilityPolicy policy);

    /** Names of the event types this schema declares (records, messages, titles), for the naming check. */
    List<String> eventNames();

    /**
     * Why {@code payload} (a record value or key after the 5-byte {@code 0x00 + id} prefix) is not data of this
     * schema; empty when it is. Used for broker-side validation of produced records.
     */
    List<String> payloadProblems(ByteBuffer payload);

    /**
     * The schema in the format a client asked for with {@code format=serialized}: a base64 FileDescriptorProto
     * for Protobuf; other formats have no serialized form and return their canonical text.
     */
    default String serialized(String fileName) {
        return canonical();
    }
}
