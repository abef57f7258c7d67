package dev.herald.bench.load;

import dev.herald.bench.broker.Contender;
import dev.herald.bench.broker.FsyncTotals;
import dev.herald.bench.broker.JavaCommand;
import dev.herald.bench.broker.KafkaJars;
import dev.herald.bench.broker.RunningBroker;
import dev.herald.bench.probe.AssignedConsumer;
import dev.herald.bench.probe.FixedRateLatency;
import dev.herald.bench.report.Figure;
import dev.herald.bench.report.Results;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The load applied to one running broker, identical for Herald and Kafka, each client in its own JVM with the flags
 * of Kafka's {@code kafka-run-class.sh} (256 MB heap, G1):
 *
 * <ol>
 *   <li>ProducerPerformance, unthrottled: 1 KiB acks=all idempotent batch 128 KiB linger 5 on 1 and on 6
 *       partitions; 100 B acks=1 batch 64 KiB linger 10. The broker's CPU time across these three gives CPU per GiB.
 *   <li>Consumer throughput over what was just written: the assigned-partition probe, then ConsumerPerformance
 *       (which needs consumer groups; a broker without them is noted and skipped from then on).
 *   <li>Latency at a fixed rate: ProducerPerformance {@code --throughput N} (send to ack), then the fixed-rate
 *       end-to-end probe; and EndToEndLatency with one record in flight.
 * </ol>
 *
 * Around the 1-partition produce run and the fixed-rate probe, Herald's fsync totals are read from its metrics
 * endpoint, so a latency outlier can be told apart from a slow spell of the disk.
 *
 * Figures and notes go to the run's {@link Results}. Used from the harness's main thread only.
 */
public final class Workloads {

    static final List<String> CLIENT_JVM_OPTIONS = List.of("-Xmx256M", "-server", "-XX:+UseG1GC",
            "-XX:MaxGCPauseMillis=20", "-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent",
            "-XX:MaxInlineLevel=15", "-Djava.awt.headless=true");
    private static final Duration CLIENT_TIMEOUT = Duration.ofMinutes(10);
    /**
     * Reads of the same records by one consumer probe, and how many of them warm the client up: the first is a new
     * client's read (its JIT warm-up included), the median of the last three a warm client's (the second is still
     * warming up with 100 B records; docs/benchmarks/history.md, "Consume with a warm client").
     */
    private static final String CONSUME_PASSES = "5";
    private static final String CONSUME_WARMUP_PASSES = "2";

    private final LoadSizes sizes;
    private final String kafkaClasspath;
    private final String harnessClasspath;
    private final Results results;
    private final Set<String> withoutConsumerGroups = new HashSet<>();

    public Workloads(LoadSizes sizes, String kafkaClasspath, String harnessClasspath, Results results) {
        this.sizes = sizes;
        this.kafkaClasspath = kafkaClasspath;
        this.harnessClasspath = harnessClasspath;
        this.results = results;
    }

    /** Runs every workload against {@code broker}; client logs go to {@code directory}. */
    public void run(Contender contender, RunningBroker broker, Path directory) {
        Topics.create(broker.bootstrapServers(), contender.topicConfigs());
        Client client = new Client(contender, broker, directory);
        double cpuBefore = broker.cpuSeconds();
        produce(client);
        double cpuSeconds = broker.cpuSeconds() - cpuBefore;
        client.put(Figure.CPU_PER_GIB, cpuSeconds / (sizes.producedBytes() / (double) (1L << 30)));
        consume(client);
        measureLatency(client);
    }

    private void produce(Client client) {
        Optional<FsyncTotals> fsyncsBefore = client.fsyncTotals();
        client.producer("produce-1k-p1", Topics.ONE_KIB_1P, 1024, sizes.records1KiB(), sizes.warmup1KiB(), -1,
                List.of("acks=all", "enable.idempotence=true", "batch.size=131072", "linger.ms=5"), Figure.CpuBudget.PRODUCE_1K_P1)
                .ifPresent(s -> client.put(Figure.PRODUCE_1K_P1_MIB, s.mibPerSecond(), Figure.PRODUCE_1K_P1_RECORDS,
                        s.recordsPerSecond()));
        client.fsyncsSince(fsyncsBefore).ifPresent(f -> {
            client.put(Figure.FSYNC_PRODUCE_MEAN, f.meanMs());
            client.put(Figure.FSYNC_PRODUCE_APPENDS, f.appendsPerRound());
            if (f.flushes() > 0) client.put(Figure.FLUSH_PRODUCE_MEAN, f.flushMeanMs());
        });
        client.producer("produce-1k-p6", Topics.ONE_KIB_6P, 1024, sizes.records1KiB(), sizes.warmup1KiB(), -1,
                List.of("acks=all", "enable.idempotence=true", "batch.size=131072", "linger.ms=5"), Figure.CpuBudget.PRODUCE_1K_P6)
                .ifPresent(s -> client.put(Figure.PRODUCE_1K_P6_MIB, s.mibPerSecond(), Figure.PRODUCE_1K_P6_RECORDS,
                        s.recordsPerSecond()));
        client.producer("produce-100b", Topics.HUNDRED_BYTES, 100, sizes.records100B(), sizes.warmup100B(), -1,
                List.of("acks=1", "enable.idempotence=false", "batch.size=65536", "linger.ms=10"), null)
                .ifPresent(s -> client.put(Figure.PRODUCE_100B_MIB, s.mibPerSecond(), Figure.PRODUCE_100B_RECORDS,
                        s.recordsPerSecond()));
    }

    private void consume(Client client) {
        Map<String, Double> large = client.probe("consume-1k", AssignedConsumer.class, Topics.ONE_KIB_1P, "1",
                Long.toString(sizes.records1KiB()), "10000", CONSUME_PASSES, CONSUME_WARMUP_PASSES);
        Optional.ofNullable(large.get("mib_s")).ifPresent(v -> client.put(Figure.CONSUME_1K_MIB, v));
        Optional.ofNullable(large.get("warm_mib_s")).ifPresent(v -> client.put(Figure.CONSUME_1K_WARM_MIB, v));
        Map<String, Double> small = client.probe("consume-100b", AssignedConsumer.class, Topics.HUNDRED_BYTES, "1",
                Long.toString(sizes.records100B()), "10000", CONSUME_PASSES, CONSUME_WARMUP_PASSES);
        Optional.ofNullable(small.get("mib_s")).ifPresent(v -> client.put(Figure.CONSUME_100B_MIB, v));
        Optional.ofNullable(small.get("records_s")).ifPresent(v -> client.put(Figure.CONSUME_100B_RECORDS, v));
        Optional.ofNullable(small.get("warm_mib_s")).ifPresent(v -> client.put(Figure.CONSUME_100B_WARM_MIB, v));
        if (!withoutConsumerGroups.contains(client.contender.id())) {
            client.consumerPerformance("consumer-perf-1k", Topics.ONE_KIB_1P, sizes.records1KiB())
                    .ifPresent(s -> {
                        client.put(Figure.CONSUMER_PERF_1K_MIB, s.fetchMibPerSecond());
                        client.put(Figure.CONSUMER_GROUP_JOIN, s.rebalanceMs());
                    });
        }
        if (!withoutConsumerGroups.contains(client.contender.id())) {
            client.consumerPerformance("consumer-perf-100b", Topics.HUNDRED_BYTES, sizes.records100B())
                    .ifPresent(s -> client.put(Figure.CONSUMER_PERF_100B_MIB, s.fetchMibPerSecond()));
        }
    }

    private void measureLatency(Client client) {
        int rate = sizes.latencyRatePerSecond();
        client.producer("send-ack-latency", Topics.SEND_ACK_LATENCY, 1024,
                (long) rate * (sizes.latencySeconds() + sizes.latencyWarmupSeconds()),
                (long) rate * sizes.latencyWarmupSeconds(), rate,
                List.of("acks=all", "enable.idempotence=true", "linger.ms=1"), null)
                .ifPresent(s -> {
                    client.put(Figure.SEND_ACK_P50, s.p50Ms());
                    client.put(Figure.SEND_ACK_P99, s.p99Ms());
                    client.put(Figure.SEND_ACK_P999, s.p999Ms());
                    client.put(Figure.SEND_ACK_MAX, s.maxMs());
                });
        Optional<FsyncTotals> fsyncsBefore = client.fsyncTotals();
        Map<String, Double> e2e = client.probe("e2e-fixed-rate", FixedRateLatency.class, Topics.END_TO_END_LATENCY,
                Integer.toString(rate), Integer.toString(sizes.latencySeconds()),
                Integer.toString(sizes.latencyWarmupSeconds()), "1024");
        client.fsyncsSince(fsyncsBefore).ifPresent(f -> {
            client.put(Figure.FSYNC_E2E_MEAN, f.meanMs());
            if (f.flushes() > 0) client.put(Figure.FLUSH_E2E_MEAN, f.flushMeanMs());
        });
        if (e2e.containsKey("p99_ms")) {
            client.put(Figure.E2E_P50, e2e.get("p50_ms"));
            client.put(Figure.E2E_P99, e2e.get("p99_ms"));
            client.put(Figure.E2E_P999, e2e.get("p999_ms"));
            client.put(Figure.E2E_MAX, e2e.get("max_ms"));
        }
        if (e2e.getOrDefault("missing", 0.0) > 0 || e2e.getOrDefault("failed_sends", 0.0) > 0) {
            results.note(client.contender.label() + ": did not keep up with " + rate + " records/s in the"
                    + " fixed-rate probe: " + e2e.get("missing").longValue() + " records had not arrived 10 s after"
                    + " the last was due (" + e2e.get("failed_sends").longValue() + " sends failed); they count"
                    + " with the latency reached then, so its end-to-end percentiles are lower bounds");
        }
        client.ping("one-in-flight", Topics.ONE_IN_FLIGHT, sizes.pingRecords()).ifPresent(s -> {
            client.put(Figure.PING_AVERAGE, s.averageMs());
            client.put(Figure.PING_P99, s.p99Ms());
            client.put(Figure.PING_P999, s.p999Ms());
        });
    }

    /** Starts the client JVMs against one broker and turns their output into summaries or notes. */
    private final class Client {
        private final Contender contender;
        private final RunningBroker broker;
        private final Path directory;
        private final Path log4j;

        Client(Contender contender, RunningBroker broker, Path directory) {
            this.contender = contender;
            this.broker = broker;
            this.directory = directory;
            this.log4j = directory.resolve("tools-log4j2.properties");
            try {
                Files.writeString(log4j, KafkaJars.log4jConfiguration());
            } catch (IOException e) {
                throw new UncheckedIOException("could not write " + log4j, e);
            }
        }

        /** Runs ProducerPerformance; with {@code cpu} non-null, also records where the run's CPU time went. */
        Optional<ToolOutputs.ProducerSummary> producer(String name, String topic, int recordBytes, long records,
                                                       long warmup, int throughput, List<String> properties,
                                                       Figure.CpuBudget cpu) {
            List<String> arguments = new ArrayList<>(List.of("--bootstrap-server", broker.bootstrapServers(),
                    "--topic", topic, "--num-records", Long.toString(records), "--record-size",
                    Integer.toString(recordBytes), "--throughput", Integer.toString(throughput),
                    "--warmup-records", Long.toString(warmup), "--command-property"));
            arguments.addAll(properties);
            double brokerCpuBefore = broker.cpuSeconds();
            ChildRun.Output output = tool(name, "org.apache.kafka.tools.ProducerPerformance", arguments);
            double brokerCpu = broker.cpuSeconds() - brokerCpuBefore;
            Optional<ToolOutputs.ProducerSummary> summary = ToolOutputs.producer(output.text());
            if (!output.succeeded() || summary.isEmpty()) {
                note(output);
                return Optional.empty();
            }
            if (cpu != null) {
                double gib = records * (double) recordBytes / (1L << 30);
                put(cpu.wholeRun(), gib * 1024 / output.seconds());
                put(cpu.client(), output.cpuSeconds() / gib);
                put(cpu.broker(), brokerCpu / gib);
                put(cpu.busy(), 100 * (output.cpuSeconds() + brokerCpu)
                        / (output.seconds() * Runtime.getRuntime().availableProcessors()));
            }
            return summary;
        }

        Optional<ToolOutputs.ConsumerSummary> consumerPerformance(String name, String topic, long records) {
            ChildRun.Output output = tool(name, "org.apache.kafka.tools.ConsumerPerformance", List.of(
                    "--bootstrap-server", broker.bootstrapServers(), "--topic", topic,
                    "--num-records", Long.toString(records), "--timeout", "15000"));
            Optional<ToolOutputs.ConsumerSummary> summary = ToolOutputs.consumer(output.text());
            if (output.text().contains("does not support FIND_COORDINATOR")) {
                withoutConsumerGroups.add(contender.id());
                results.note(contender.label() + ": ConsumerPerformance needs consumer groups, which this broker"
                        + " does not serve (FindCoordinator unsupported); skipped");
                return Optional.empty();
            }
            if (!output.succeeded() || summary.isEmpty()) {
                note(output);
                return Optional.empty();
            }
            return summary;
        }

        /**
         * EndToEndLatency commits offsets after printing its figures; on a broker without consumer groups that
         * last step fails, so the figures count whenever they were printed.
         */
        Optional<ToolOutputs.PingSummary> ping(String name, String topic, int records) {
            Path config = directory.resolve(name + ".properties");
            try {
                Files.writeString(config, "request.timeout.ms=5000\ndefault.api.timeout.ms=5000\n");
            } catch (IOException e) {
                throw new UncheckedIOException("could not write " + config, e);
            }
            ChildRun.Output output = tool(name, "org.apache.kafka.tools.EndToEndLatency", List.of(
                    "--bootstrap-server", broker.bootstrapServers(), "--topic", topic, "--num-records",
                    Integer.toString(records), "--producer-acks", "all", "--record-size", "1024",
                    "--command-config", config.toString()));
            Optional<ToolOutputs.PingSummary> summary = ToolOutputs.ping(output.text());
            if (summary.isEmpty()) {
                note(output);
            }
            return summary;
        }

        Map<String, Double> probe(String name, Class<?> main, String topic, String... arguments) {
            List<String> all = new ArrayList<>(List.of(broker.bootstrapServers(), topic));
            all.addAll(List.of(arguments));
            JavaCommand command = new JavaCommand(CLIENT_JVM_OPTIONS, harnessClasspath, main.getName(), all);
            ChildRun.Output output = ChildRun.run(contender.id() + "-" + name, command, directory, CLIENT_TIMEOUT);
            Map<String, Double> values = ToolOutputs.probe(output.text());
            if (!output.succeeded() || values.isEmpty()) {
                note(output);
            }
            return values;
        }

        private ChildRun.Output tool(String name, String mainClass, List<String> arguments) {
            List<String> jvm = new ArrayList<>(CLIENT_JVM_OPTIONS);
            jvm.add("-Dlog4j2.configurationFile=" + log4j);
            JavaCommand command = new JavaCommand(jvm, kafkaClasspath, mainClass, arguments);
            return ChildRun.run(contender.id() + "-" + name, command, directory, CLIENT_TIMEOUT);
        }

        /** Herald's fsync totals now; empty for Kafka (no such endpoint) or if the endpoint did not answer. */
        Optional<FsyncTotals> fsyncTotals() {
            return broker.metricsEndpoint().flatMap(FsyncTotals::read);
        }

        /** The fsync rounds since {@code before}: the workload in between, and nothing else, ran against it. */
        Optional<FsyncTotals> fsyncsSince(Optional<FsyncTotals> before) {
            return before.flatMap(b -> fsyncTotals().map(now -> now.since(b)));
        }

        void put(Figure figure, double value) {
            results.add(contender.id(), figure, value);
        }

        void put(Figure rate, double value, Figure records, double recordsPerSecond) {
            put(rate, value);
            put(records, recordsPerSecond);
        }

        private void note(ChildRun.Output output) {
            results.note(contender.label() + ": " + output.name() + " failed (exit " + output.exitCode() + "): "
                    + output.tail().replace('\n', ' '));
        }
    }
}
