package dev.herald.bench.load;

/**
 * How much load each workload applies; the quick mode only shrinks these, it never changes what is measured.
 * Warm-up records are sent first and excluded from ProducerPerformance's steady-state line. Immutable.
 */
public record LoadSizes(long records1KiB, long warmup1KiB, long records100B, long warmup100B,
                        int latencyRatePerSecond, int latencySeconds, int latencyWarmupSeconds, int pingRecords) {

    public static LoadSizes full() {
        return new LoadSizes(600_000, 100_000, 2_500_000, 500_000, 5_000, 30, 5, 5_000);
    }

    public static LoadSizes quick() {
        return new LoadSizes(60_000, 10_000, 300_000, 50_000, 5_000, 5, 1, 500);
    }

    /** Payload bytes the three producer workloads write (two 1 KiB runs and one 100 B run). */
    public long producedBytes() {
        return 2 * records1KiB * 1024 + records100B * 100;
    }
}
