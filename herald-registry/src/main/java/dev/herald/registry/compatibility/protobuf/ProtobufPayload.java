package dev.herald.registry.compatibility.protobuf;

import com.squareup.wire.schema.internal.parser.MessageElement;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.TypeElement;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Confluent Protobuf payload after the 5-byte prefix and reports what is wrong with it. Stateless.
 *
 * <pre>
 * message indexes (Kafka zigzag varints)        protobuf message bytes
 * +---------+---------+-----+---------+         +-----------------------------------------------+
 * | count n | index 1 | ... | index n |         | (key varint: field << 3 | wire type, value)*  |
 * +---------+---------+-----+---------+         +-----------------------------------------------+
 * count 0 (a single 0x00 byte) means [0], the first top-level message.
 * wire types: 0 varint, 1 fixed 8 bytes, 2 length-delimited, 3/4 group start/end, 5 fixed 4 bytes
 * </pre>
 */
final class ProtobufPayload {
    private ProtobufPayload() {
    }

    static List<String> problems(ProtoFileElement file, ByteBuffer payload) {
        List<Integer> path = new ArrayList<>();
        try {
            long count = zigzag(payload);
            if (count < 0 || count > 100) {
                return List.of("invalid message-index count " + count);
            }
            for (long i = 0; i < count; i++) {
                path.add((int) zigzag(payload));
            }
            if (path.isEmpty()) {
                path.add(0);
            }
        } catch (IllegalArgumentException e) {
            return List.of("truncated message indexes: " + e.getMessage());
        }
        if (!pathExists(file.getTypes(), path)) {
            return List.of("message indexes " + path + " name no message of the schema");
        }
        return wireProblems(payload, 0);
    }

    private static boolean pathExists(List<TypeElement> types, List<Integer> path) {
        List<TypeElement> level = types;
        for (int index : path) {
            List<TypeElement> messages = level.stream().filter(t -> t instanceof MessageElement).toList();
            if (index < 0 || index >= messages.size()) {
                return false;
            }
            level = messages.get(index).getNestedTypes();
        }
        return true;
    }

    private static List<String> wireProblems(ByteBuffer bytes, int groupDepth) {
        try {
            skipFields(bytes, groupDepth);
            return List.of();
        } catch (IllegalArgumentException e) {
            return List.of("malformed protobuf data: " + e.getMessage());
        }
    }

    private static void skipFields(ByteBuffer bytes, int groupDepth) {
        while (bytes.hasRemaining()) {
            long key = varint(bytes);
            int wireType = (int) (key & 7);
            if (key >>> 3 == 0) {
                throw new IllegalArgumentException("field number 0 at byte " + bytes.position());
            }
            switch (wireType) {
                case 0 -> varint(bytes);
                case 1 -> skip(bytes, 8);
                case 2 -> skip(bytes, lengthOf(bytes));
                case 5 -> skip(bytes, 4);
                case 3 -> skipGroup(bytes, groupDepth);
                case 4 -> {
                    if (groupDepth == 0) {
                        throw new IllegalArgumentException("group end without start");
                    }
                    return;
                }
                default -> throw new IllegalArgumentException("wire type " + wireType + " at byte " + bytes.position());
            }
        }
        if (groupDepth > 0) {
            throw new IllegalArgumentException("unterminated group");
        }
    }

    private static void skipGroup(ByteBuffer bytes, int groupDepth) {
        if (groupDepth > 64) {
            throw new IllegalArgumentException("groups nested too deeply");
        }
        skipFields(bytes, groupDepth + 1);
    }

    private static int lengthOf(ByteBuffer bytes) {
        long length = varint(bytes);
        if (length < 0 || length > bytes.remaining()) {
            throw new IllegalArgumentException("length " + length + " exceeds the " + bytes.remaining() + " bytes left");
        }
        return (int) length;
    }

    private static void skip(ByteBuffer bytes, int count) {
        if (count > bytes.remaining()) {
            throw new IllegalArgumentException("needs " + count + " bytes, " + bytes.remaining() + " left");
        }
        bytes.position(bytes.position() + count);
    }

    static long varint(ByteBuffer bytes) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (!bytes.hasRemaining()) {
                throw new IllegalArgumentException("truncated varint");
            }
            byte b = bytes.get();
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("varint longer than 10 bytes");
    }

    private static long zigzag(ByteBuffer bytes) {
        long raw = varint(bytes);
        return (raw >>> 1) ^ -(raw & 1);
    }
}
