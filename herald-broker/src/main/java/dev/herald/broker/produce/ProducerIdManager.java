package dev.herald.broker.produce;

import dev.herald.storage.index.IndexFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Hands out producer ids that are never reused, even across crashes: ids are reserved in blocks whose end is
 * written durably before any id of the block is given out.
 *
 * <p>File {@code DATA_DIR/herald-meta/producer-ids}: one decimal number, the first id not yet reserved.
 *
 * <p>Threading: {@link #next} is synchronized.
 */
public final class ProducerIdManager {
    private static final long BLOCK = 1000;
    private final Path file;
    private long next;
    private long reservedEnd;

    public ProducerIdManager(Path metaDirectory) throws IOException {
        Files.createDirectories(metaDirectory);
        this.file = metaDirectory.resolve("producer-ids");
        long stored = Files.exists(file) ? Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim()) : 0;
        this.next = stored;
        this.reservedEnd = stored;
    }

    public synchronized long next() throws IOException {
        if (next >= reservedEnd) {
            long end = next + BLOCK;
            IndexFiles.writeDurably(file, ByteBuffer.wrap(Long.toString(end).getBytes(StandardCharsets.US_ASCII)));
            reservedEnd = end;
        }
        return next++;
    }
}
