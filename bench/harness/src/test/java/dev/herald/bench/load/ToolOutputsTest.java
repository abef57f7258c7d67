package dev.herald.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ToolOutputsTest {

    @Test
    void prefersProducerPerformancesSteadyStateLine() {
        String text = """
                Warmup first 10000 records. Steady state results will print after the complete test summary.
                50000 records sent, 16030.779096 records/sec (15.66 MB/sec), 778.48 ms avg latency, 1189.00 ms max latency, 822 ms 50th, 955 ms 95th, 964 ms 99th, 967 ms 99.9th.
                40000 steady state records sent, 21130.480718 records/sec (20.64 MB/sec), 835.93 ms avg latency, 967.00 ms max latency, 861 ms 50th, 958 ms 95th, 964 ms 99th, 967 ms 99.9th.
                """;

        ToolOutputs.ProducerSummary summary = ToolOutputs.producer(text).orElseThrow();

        assertThat(summary.recordsPerSecond()).isEqualTo(21130.480718);
        assertThat(summary.mibPerSecond()).isEqualTo(20.64);
        assertThat(summary.p50Ms()).isEqualTo(861);
        assertThat(summary.p99Ms()).isEqualTo(964);
        assertThat(summary.p999Ms()).isEqualTo(967);
        assertThat(summary.maxMs()).isEqualTo(967);
    }

    @Test
    void readsConsumerPerformancesFetchRates() {
        String text = """
                start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
                2026-11-28 22:00:00:000, 2026-11-28 22:00:10:000, 1953.1250, 195.3125, 2000000, 200000.0000, 812, 9188, 212.5734, 217675.2286
                """;

        ToolOutputs.ConsumerSummary summary = ToolOutputs.consumer(text).orElseThrow();

        assertThat(summary.mibPerSecond()).isEqualTo(195.3125);
        assertThat(summary.rebalanceMs()).isEqualTo(812);
        assertThat(summary.fetchMibPerSecond()).isEqualTo(212.5734);
        assertThat(summary.fetchRecordsPerSecond()).isEqualTo(217675.2286);
    }

    @Test
    void readsEndToEndLatencyEvenWhenItsFinalCommitFailed() {
        String text = """
                0\t246.070581
                Avg latency: 6.7988 ms
                Percentiles: 50th = 4, 99th = 41, 99.9th = 246
                The node does not support FIND_COORDINATOR
                """;

        ToolOutputs.PingSummary summary = ToolOutputs.ping(text).orElseThrow();

        assertThat(summary.averageMs()).isEqualTo(6.7988);
        assertThat(summary.p99Ms()).isEqualTo(41);
        assertThat(summary.p999Ms()).isEqualTo(246);
    }

    @Test
    void findsNoSummaryInAFailedToolsOutput() {
        assertThat(ToolOutputs.producer("org.apache.kafka.common.errors.TimeoutException")).isEmpty();
        assertThat(ToolOutputs.consumer("start.time, end.time\n")).isEmpty();
        assertThat(ToolOutputs.probe("Exception in thread main")).isEmpty();
    }

    @Test
    void readsTheLastProbeResultLine() {
        assertThat(ToolOutputs.probe("probe-result a=1\nnoise\nprobe-result p99_ms=2.5 missing=0\n"))
                .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("p99_ms", 2.5, "missing", 0.0));
    }
}
