package dev.herald.broker.group;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The keys and values Herald writes to {@code __consumer_offsets}. The topic is compacted, so the latest value per
 * key is the state; a record with a null value (a tombstone) deletes its key. All integers are big-endian; a
 * string is an int16 byte length and that many UTF-8 bytes, length -1 meaning null.
 *
 * <pre>
 * Key of a committed offset                      Value of a committed offset (null value: offset deleted)
 * +-------+--------+--------+-----------+        +---------+--------+--------------+----------+-------------+
 * | int16 | string | string | int32     |        | int16   | int64  | int32        | string   | int64       |
 * | 1     | group  | topic  | partition |        | version | offset | leader epoch | metadata | commit time |
 * +-------+--------+--------+-----------+        | 0       |        | -1 = none    | nullable | epoch ms    |
 *                                                +---------+--------+--------------+----------+-------------+
 *
 * Key of a group                                 Value of a group (null value: group deleted)
 * +-------+--------+                             +---------+------------+----------+----------+---------+-------------+
 * | int16 | string |                             | int16   | int32      | string   | string   | int32   | int64       |
 * | 2     | group  |                             | version | generation | protocol | protocol | members | state since |
 * +-------+--------+                             | 0       |            | type     | name     |         | epoch ms    |
 *                                                +---------+------------+----------+----------+---------+-------------+
 * </pre>
 * The group value is written each time a generation completes and when the group becomes empty, so that after a
 * restart the generation id of a group never goes backwards and offset expiry knows since when it is empty.
 *
 * <p>Threading: stateless.
 */
final class OffsetRecords {
    private OffsetRecords() { }

    static final short OFFSET_KEY = 1;
    static final short GROUP_KEY = 2;
    private static final short VALUE_VERSION = 0;

    sealed interface Key permits OffsetKey, GroupKey {
        String group();
    }

    record OffsetKey(String group, String topic, int partition) implements Key { }

    record GroupKey(String group) implements Key { }

    record OffsetValue(long offset, int leaderEpoch, String metadata, long commitTimestampMs) { }

    record GroupValue(int generationId, String protocolType, String protocolName, int memberCount, long stateTimestampMs) { }

    static byte[] key(OffsetKey key) {
        ByteBuffer buffer = ByteBuffer.allocate(2 + size(key.group()) + size(key.topic()) + 4);
        buffer.putShort(OFFSET_KEY);
        putString(buffer, key.group());
        putString(buffer, key.topic());
        buffer.putInt(key.partition());
        return buffer.array();
    }

    static byte[] key(GroupKey key) {
        ByteBuffer buffer = ByteBuffer.allocate(2 + size(key.group()));
        buffer.putShort(GROUP_KEY);
        putString(buffer, key.group());
        return buffer.array();
    }

    static byte[] value(OffsetValue value) {
        ByteBuffer buffer = ByteBuffer.allocate(2 + 8 + 4 + size(value.metadata()) + 8);
        buffer.putShort(VALUE_VERSION).putLong(value.offset()).putInt(value.leaderEpoch());
        putString(buffer, value.metadata());
        buffer.putLong(value.commitTimestampMs());
        return buffer.array();
    }

    static byte[] value(GroupValue value) {
        ByteBuffer buffer = ByteBuffer.allocate(2 + 4 + size(value.protocolType()) + size(value.protocolName()) + 4 + 8);
        buffer.putShort(VALUE_VERSION).putInt(value.generationId());
        putString(buffer, value.protocolType());
        putString(buffer, value.protocolName());
        buffer.putInt(value.memberCount()).putLong(value.stateTimestampMs());
        return buffer.array();
    }

    /** Decodes a key; throws {@link IllegalArgumentException} naming the problem for a key Herald did not write. */
    static Key decodeKey(ByteBuffer key) {
        ByteBuffer buffer = key.duplicate();
        short type = buffer.getShort();
        return switch (type) {
            case OFFSET_KEY -> new OffsetKey(getString(buffer), getString(buffer), buffer.getInt());
            case GROUP_KEY -> new GroupKey(getString(buffer));
            default -> throw new IllegalArgumentException("unknown __consumer_offsets key type " + type);
        };
    }

    static OffsetValue decodeOffset(ByteBuffer value) {
        ByteBuffer buffer = value.duplicate();
        checkVersion(buffer.getShort());
        return new OffsetValue(buffer.getLong(), buffer.getInt(), getString(buffer), buffer.getLong());
    }

    static GroupValue decodeGroup(ByteBuffer value) {
        ByteBuffer buffer = value.duplicate();
        checkVersion(buffer.getShort());
        return new GroupValue(buffer.getInt(), getString(buffer), getString(buffer), buffer.getInt(), buffer.getLong());
    }

    private static void checkVersion(short version) {
        if (version != VALUE_VERSION) throw new IllegalArgumentException("unknown __consumer_offsets value version " + version);
    }

    private static int size(String text) {
        return 2 + (text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length);
    }

    private static void putString(ByteBuffer buffer, String text) {
        if (text == null) {
            buffer.putShort((short) -1);
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        buffer.putShort((short) bytes.length).put(bytes);
    }

    private static String getString(ByteBuffer buffer) {
        short length = buffer.getShort();
        if (length < 0) return null;
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
