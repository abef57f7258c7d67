package dev.herald.bench;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;

/** Batches and scratch folders shared by the storage benchmarks. */
final class BenchFiles {
    private BenchFiles() { }

    /** Where benchmark data goes: {@code -Dherald.bench.dir=...}, else the temp folder (the disk under test). */
    static Path scratch(String prefix) throws IOException {
        Path parent = Path.of(System.getProperty("herald.bench.dir", System.getProperty("java.io.tmpdir")));
        Files.createDirectories(parent);
        return Files.createTempDirectory(parent, prefix);
    }

    static void delete(Path root) throws IOException {
        if (root == null || !Files.exists(root)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(path);
        }
    }

    /**
     * An uncompressed v2 batch of {@code recordBytes}-byte random values, as many as fit in {@code batchKiB} KiB,
     * as a producer would send it (random so that no layer below can compress it).
     */
    static ByteBuffer batch(int recordBytes, int batchKiB) {
        int target = batchKiB * 1024;
        Random random = new Random(recordBytes * 31L + batchKiB);
        int count = Math.max(1, target / (recordBytes + 12));
        while (true) {
            SimpleRecord[] records = new SimpleRecord[count];
            long now = System.currentTimeMillis();
            for (int i = 0; i < count; i++) {
                byte[] value = new byte[recordBytes];
                random.nextBytes(value);
                records[i] = new SimpleRecord(now, null, value);
            }
            ByteBuffer batch = MemoryRecords.withRecords(Compression.NONE, records).buffer();
            if (batch.remaining() <= target || count == 1) return batch;
            count--;
        }
    }
}
