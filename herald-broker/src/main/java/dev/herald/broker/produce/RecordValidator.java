package dev.herald.broker.produce;

import java.nio.ByteBuffer;

/**
 * Checks produced keys and values against registered schemas, for topics with
 * {@code confluent.value.schema.validation=true} (or {@code confluent.key.schema.validation}). The broker knows
 * nothing of schemas: the process that runs a schema registry beside it supplies the implementation.
 *
 * <p>Threading: called concurrently from connection threads; implementations must be thread-safe.
 */
@FunctionalInterface
public interface RecordValidator {

    /** Returns null when {@code payload} (never null; position untouched) is acceptable, else why it is refused. */
    String problem(String topic, boolean key, ByteBuffer payload);

    /** The validator of a broker that runs without a schema registry: topics that ask for validation refuse everything. */
    RecordValidator NONE = (topic, key, payload) ->
            "Topic " + topic + " requires schema validation, but this broker runs without a schema registry";
}
