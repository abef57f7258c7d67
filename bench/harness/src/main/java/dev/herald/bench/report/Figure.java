package dev.herald.bench.report;

/**
 * Every figure the harness reports, in table order. The id is the key in results.json; {@link #chart} says which
 * PNG shows it (or none) and {@link #shortLabel} is its bar group's caption there.
 */
public enum Figure {
    PRODUCE_1K_P1_MIB("produce_1k_p1_mib_s", "Produce 1 KiB, acks=all idempotent, batch 128 KiB linger 5, 1 partition",
            "MiB/s", Better.HIGHER, Chart.PRODUCE, "1 KiB acks=all 1p"),
    PRODUCE_1K_P1_RECORDS("produce_1k_p1_records_s", "Produce 1 KiB acks=all, 1 partition: records/s", "rec/s", Better.HIGHER, Chart.NONE, ""),
    PRODUCE_1K_P6_MIB("produce_1k_p6_mib_s", "Produce 1 KiB, acks=all idempotent, batch 128 KiB linger 5, 6 partitions",
            "MiB/s", Better.HIGHER, Chart.PRODUCE, "1 KiB acks=all 6p"),
    PRODUCE_1K_P6_RECORDS("produce_1k_p6_records_s", "Produce 1 KiB acks=all, 6 partitions: records/s", "rec/s", Better.HIGHER, Chart.NONE, ""),
    PRODUCE_100B_MIB("produce_100b_mib_s", "Produce 100 B, acks=1, batch 64 KiB linger 10, 1 partition", "MiB/s",
            Better.HIGHER, Chart.PRODUCE, "100 B acks=1"),
    PRODUCE_100B_RECORDS("produce_100b_records_s", "Produce 100 B acks=1: records/s", "rec/s", Better.HIGHER, Chart.NONE, ""),
    CONSUME_1K_MIB("consume_1k_mib_s", "Consume 1 KiB records, assigned partition (harness probe), a new client's"
            + " first read", "MiB/s", Better.HIGHER, Chart.CONSUME, "1 KiB (assigned)"),
    CONSUME_1K_WARM_MIB("consume_1k_warm_mib_s", "Consume 1 KiB, the same client reading the records again (median of"
            + " passes 3-5: a warm client)", "MiB/s", Better.HIGHER, Chart.CONSUME, "1 KiB (assigned, warm)"),
    CONSUME_100B_MIB("consume_100b_mib_s", "Consume 100 B records, assigned partition (harness probe), a new client's"
            + " first read", "MiB/s", Better.HIGHER, Chart.CONSUME, "100 B (assigned)"),
    CONSUME_100B_RECORDS("consume_100b_records_s", "Consume 100 B (harness probe): records/s", "rec/s", Better.HIGHER, Chart.NONE, ""),
    CONSUME_100B_WARM_MIB("consume_100b_warm_mib_s", "Consume 100 B, the same client reading the records again (median"
            + " of passes 3-5: a warm client)", "MiB/s", Better.HIGHER, Chart.CONSUME, "100 B (assigned, warm)"),
    CONSUMER_PERF_1K_MIB("consumer_perf_1k_fetch_mib_s", "Consume 1 KiB, ConsumerPerformance (group), fetch MiB/s",
            "MiB/s", Better.HIGHER, Chart.CONSUME, "1 KiB (ConsumerPerf)"),
    CONSUMER_PERF_100B_MIB("consumer_perf_100b_fetch_mib_s", "Consume 100 B, ConsumerPerformance (group), fetch MiB/s",
            "MiB/s", Better.HIGHER, Chart.CONSUME, "100 B (ConsumerPerf)"),
    CONSUMER_GROUP_JOIN("consumer_group_join_ms", "Consumer group join, ConsumerPerformance's rebalance.time.ms (1 KiB run)",
            "ms", Better.LOWER, Chart.NONE, ""),
    E2E_P50("e2e_fixed_rate_p50_ms", "End-to-end latency at a fixed rate, p50 (no coordinated omission)", "ms",
            Better.LOWER, Chart.LATENCY, "e2e p50"),
    E2E_P99("e2e_fixed_rate_p99_ms", "End-to-end latency at a fixed rate, p99", "ms", Better.LOWER, Chart.LATENCY, "e2e p99"),
    E2E_P999("e2e_fixed_rate_p999_ms", "End-to-end latency at a fixed rate, p99.9", "ms", Better.LOWER, Chart.LATENCY, "e2e p99.9"),
    E2E_MAX("e2e_fixed_rate_max_ms", "End-to-end latency at a fixed rate, max", "ms", Better.LOWER, Chart.NONE, ""),
    SEND_ACK_P50("send_ack_fixed_rate_p50_ms", "Send to ack at the same rate, p50 (ProducerPerformance)", "ms",
            Better.LOWER, Chart.NONE, ""),
    SEND_ACK_P99("send_ack_fixed_rate_p99_ms", "Send to ack at the same rate, p99", "ms", Better.LOWER, Chart.LATENCY, "send-ack p99"),
    SEND_ACK_P999("send_ack_fixed_rate_p999_ms", "Send to ack at the same rate, p99.9", "ms", Better.LOWER, Chart.NONE, ""),
    SEND_ACK_MAX("send_ack_fixed_rate_max_ms", "Send to ack at the same rate, max", "ms", Better.LOWER, Chart.NONE, ""),
    PING_AVERAGE("one_in_flight_avg_ms", "One record in flight, average (EndToEndLatency)", "ms", Better.LOWER,
            Chart.LATENCY, "1 in flight avg"),
    PING_P99("one_in_flight_p99_ms", "One record in flight, p99 (whole ms, as the tool prints)", "ms", Better.LOWER, Chart.NONE, ""),
    PING_P999("one_in_flight_p999_ms", "One record in flight, p99.9 (whole ms)", "ms", Better.LOWER, Chart.NONE, ""),
    START_TO_READY("start_to_ready_ms", "Start to ready (process created to ready line)", "ms", Better.LOWER,
            Chart.FOOTPRINT, "start to ready (ms)"),
    SHUTDOWN("shutdown_ms", "Shutdown (SIGTERM to exit)", "ms", Better.LOWER, Chart.FOOTPRINT, "shutdown (ms)"),
    RESTART_WITH_DATA("restart_with_data_ms", "Start to ready again on the data the load left (after the clean shutdown)",
            "ms", Better.LOWER, Chart.FOOTPRINT, "restart with data (ms)"),
    RSS_AFTER_LOAD("rss_after_load_mib", "Resident memory after the load (VmRSS)", "MiB", Better.LOWER,
            Chart.FOOTPRINT, "RSS after load (MiB)"),
    CPU_PER_GIB("cpu_seconds_per_gib_written", "Broker CPU seconds per GiB produced (utime+stime)", "CPU s/GiB",
            Better.LOWER, Chart.FOOTPRINT, "CPU s per GiB written"),
    PRODUCE_1K_P1_WHOLE_RUN_MIB("produce_1k_p1_whole_run_mib_s", "Produce 1 KiB acks=all, 1 partition: over the"
            + " client's whole run (bytes sent over its run time, JVM start and warm-up included)", "MiB/s", Better.HIGHER,
            Chart.NONE, ""),
    PRODUCE_1K_P1_CLIENT_CPU("produce_1k_p1_client_cpu_s_per_gib", "Produce 1 KiB acks=all, 1 partition: the"
            + " producer client's CPU seconds per GiB (its JVM's start included)", "CPU s/GiB", Better.LOWER, Chart.NONE, ""),
    PRODUCE_1K_P1_BROKER_CPU("produce_1k_p1_broker_cpu_s_per_gib", "Produce 1 KiB acks=all, 1 partition: the broker's"
            + " CPU seconds per GiB", "CPU s/GiB", Better.LOWER, Chart.NONE, ""),
    PRODUCE_1K_P1_CPU_BUSY("produce_1k_p1_cpu_busy_percent", "Produce 1 KiB acks=all, 1 partition: client and broker"
            + " CPU time over the client's run time, as a share of the machine's CPUs", "%", Better.NEITHER, Chart.NONE, ""),
    PRODUCE_1K_P6_WHOLE_RUN_MIB("produce_1k_p6_whole_run_mib_s", "Produce 1 KiB acks=all, 6 partitions: over the"
            + " client's whole run (bytes sent over its run time, JVM start and warm-up included)", "MiB/s", Better.HIGHER,
            Chart.NONE, ""),
    PRODUCE_1K_P6_CLIENT_CPU("produce_1k_p6_client_cpu_s_per_gib", "Produce 1 KiB acks=all, 6 partitions: the"
            + " producer client's CPU seconds per GiB (its JVM's start included)", "CPU s/GiB", Better.LOWER, Chart.NONE, ""),
    PRODUCE_1K_P6_BROKER_CPU("produce_1k_p6_broker_cpu_s_per_gib", "Produce 1 KiB acks=all, 6 partitions: the broker's"
            + " CPU seconds per GiB", "CPU s/GiB", Better.LOWER, Chart.NONE, ""),
    PRODUCE_1K_P6_CPU_BUSY("produce_1k_p6_cpu_busy_percent", "Produce 1 KiB acks=all, 6 partitions: client and broker"
            + " CPU time over the client's run time, as a share of the machine's CPUs", "%", Better.NEITHER, Chart.NONE, ""),
    FSYNC_PRODUCE_MEAN("fsync_produce_1k_p1_mean_ms", "Herald only: mean fsync round during the 1 KiB 1-partition produce"
            + " (herald_fsync_seconds)", "ms", Better.LOWER, Chart.NONE, ""),
    FSYNC_PRODUCE_APPENDS("fsync_produce_1k_p1_appends_per_round", "Herald only: appends made durable per fsync round"
            + " in that run (herald_fsync_writes)", "appends", Better.HIGHER, Chart.NONE, ""),
    FSYNC_E2E_MEAN("fsync_e2e_fixed_rate_mean_ms", "Herald only: mean fsync round during the fixed-rate end-to-end"
            + " probe", "ms", Better.LOWER, Chart.NONE, ""),
    FLUSH_PRODUCE_MEAN("interval_flush_produce_1k_p1_mean_ms", "Herald fsync=interval only: mean periodic flush"
            + " during the 1 KiB 1-partition produce (herald_interval_flush_seconds)", "ms", Better.LOWER, Chart.NONE,
            ""),
    FLUSH_E2E_MEAN("interval_flush_e2e_fixed_rate_mean_ms", "Herald fsync=interval only: mean periodic flush during"
            + " the fixed-rate end-to-end probe", "ms", Better.LOWER, Chart.NONE, "");

    /**
     * The figures of where one produce run's CPU went, all over the client's whole run (its JVM's start and the
     * warm-up records included, unlike the steady-state throughput): bytes sent per second of that run, the client's
     * and the broker's CPU seconds per GiB, and the two together as a share of the machine's CPUs. Workloads measures
     * them; MarkdownReport's CPU section reads them.
     */
    public record CpuBudget(String run, Figure wholeRun, Figure client, Figure broker, Figure busy) {
        public static final CpuBudget PRODUCE_1K_P1 = new CpuBudget("1 partition", PRODUCE_1K_P1_WHOLE_RUN_MIB,
                PRODUCE_1K_P1_CLIENT_CPU, PRODUCE_1K_P1_BROKER_CPU, PRODUCE_1K_P1_CPU_BUSY);
        public static final CpuBudget PRODUCE_1K_P6 = new CpuBudget("6 partitions", PRODUCE_1K_P6_WHOLE_RUN_MIB,
                PRODUCE_1K_P6_CLIENT_CPU, PRODUCE_1K_P6_BROKER_CPU, PRODUCE_1K_P6_CPU_BUSY);
    }

    /** Which way is better, so a reader knows whether a ratio above 1 is good; NEITHER for a fact about the run. */
    public enum Better { HIGHER, LOWER, NEITHER }

    /** The PNG a figure appears in. */
    public enum Chart { PRODUCE, CONSUME, LATENCY, FOOTPRINT, NONE }

    private final String id;
    private final String label;
    private final String unit;
    private final Better better;
    private final Chart chart;
    private final String shortLabel;

    Figure(String id, String label, String unit, Better better, Chart chart, String shortLabel) {
        this.id = id;
        this.label = label;
        this.unit = unit;
        this.better = better;
        this.chart = chart;
        this.shortLabel = shortLabel;
    }

    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    public String unit() {
        return unit;
    }

    public Better better() {
        return better;
    }

    public Chart chart() {
        return chart;
    }

    public String shortLabel() {
        return shortLabel;
    }
}
