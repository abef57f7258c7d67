package dev.herald.registry.validation;

import dev.herald.registry.format.ParsedSchema;
import dev.herald.registry.store.SchemaVersion;
import dev.herald.registry.subject.Operations;
import dev.herald.registry.subject.RegistryException;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Broker-side schema validation: checks that a produced record's value (or key) is framed as Confluent's
 * serializers frame it ({@code 0x00}, 4-byte big-endian schema id, payload), that the id is registered under
 * the topic's subject ({@code <topic>-value} / {@code <topic>-key}, Confluent's TopicNameStrategy), and that
 * the payload is data of that schema (Avro decodes completely, JSON validates, Protobuf framing and wire data
 * are well-formed). A broker calls {@link #validate} for topics whose config asks for it, and refuses the
 * batch with the verdict's reason.
 *
 * <p>Threading: thread-safe; parsed schemas are cached by id (ids never change meaning).
 */
public final class PayloadValidator {
    private final Operations operations;
    private final Map<Integer, ParsedSchema> parsedById = new ConcurrentHashMap<>();

    public PayloadValidator(Operations operations) {
        this.operations = operations;
    }

    /** The outcome of validating one key or value. */
    public sealed interface Verdict {
        /** The payload carries schema {@code schemaId}, registered for the subject, and matches it. */
        record Valid(int schemaId) implements Verdict {
        }

        /** Why the payload is refused, in words a producer's operator can act on. */
        record Invalid(String reason) implements Verdict {
        }
    }

    /** Validates a value ({@code key == false}) or key produced to {@code topic}; {@code payload} is not consumed. */
    public Verdict validate(String topic, boolean key, ByteBuffer payload) {
        String subject = topic + (key ? "-key" : "-value");
        String what = key ? "key" : "value";
        if (payload == null || payload.remaining() < 5 || payload.get(payload.position()) != 0) {
            return new Verdict.Invalid("Record " + what + " for topic " + topic + " is not framed with a schema id "
                    + "(magic byte 0 + 4-byte id): produce it with a schema-registry serializer for subject " + subject);
        }
        int id = payload.getInt(payload.position() + 1);
        List<SchemaVersion> holders;
        try {
            holders = operations.schemas().versionsOfId(id, false);
        } catch (RegistryException notFound) {
            return new Verdict.Invalid("Record " + what + " for topic " + topic + " carries schema id " + id
                    + ", which is not registered");
        }
        if (holders.stream().noneMatch(v -> v.subject().equals(subject))) {
            return new Verdict.Invalid("Record " + what + " for topic " + topic + " carries schema id " + id
                    + ", which is not registered under subject " + subject + ": register it there first");
        }
        ParsedSchema schema = parsedById.computeIfAbsent(id, ignored -> operations.schemas().parsed(holders.getFirst()));
        List<String> problems = schema.payloadProblems(payload.duplicate().position(payload.position() + 5));
        if (!problems.isEmpty()) {
            return new Verdict.Invalid("Record " + what + " for topic " + topic + " does not match schema id " + id
                    + " (subject " + subject + "): " + String.join("; ", problems));
        }
        return new Verdict.Valid(id);
    }
}
