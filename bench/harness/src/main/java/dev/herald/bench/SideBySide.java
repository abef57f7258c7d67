package dev.herald.bench;

import dev.herald.bench.broker.Contender;
import dev.herald.bench.broker.HeraldContender;
import dev.herald.bench.broker.HeraldJvmOptions;
import dev.herald.bench.broker.KafkaContender;
import dev.herald.bench.broker.KafkaJars;
import dev.herald.bench.broker.RunningBroker;
import dev.herald.bench.limits.MachineLimits;
import dev.herald.bench.load.LoadSizes;
import dev.herald.bench.load.Workloads;
import dev.herald.bench.report.Charts;
import dev.herald.bench.report.Figure;
import dev.herald.bench.report.JsonReport;
import dev.herald.bench.report.JsonResults;
import dev.herald.bench.report.MachineFacts;
import dev.herald.bench.report.MarkdownReport;
import dev.herald.bench.report.Results;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The side-by-side benchmark of issue 6: Herald (fsync always, fsync interval:1000) against Apache Kafka 4.4
 * (default, flush.messages=1) on this machine, alternating brokers, the same clients against each, medians over
 * rounds and Herald/Kafka ratios, written to docs/benchmarks/ as results.json, README.md and PNG charts.
 *
 * <p>Usage: {@code SideBySide --herald-jar PATH --repository DIR [--quick] [--rounds N] [--out DIR] [--keep]}, or
 * {@code SideBySide --repository DIR --report-only [--out DIR]} to redraw README.md and the charts from results.json.
 * Normally run through {@code bench/run-side-by-side.sh}, which builds the jars first. Single-threaded; every
 * child process is killed when the run ends, however it ends.
 */
public final class SideBySide {

    private final Options options;
    private final Results results;
    private final Path work;
    /** How Herald's JVM flags are asked for, before each of its starts. */
    private final HeraldJvmOptions heraldJvmOptions;
    private double highestLoadAverage;

    private SideBySide(Options options, Path work) {
        this.options = options;
        this.work = work;
        this.heraldJvmOptions = new HeraldJvmOptions(options.repository().resolve("bin/jvm-options.sh"),
                options.heraldJar(), options.heraldJavaOpts());
        this.results = new Results(options.quick() ? "quick" : "full", options.rounds());
    }

    public static void main(String[] args) throws IOException {
        Options options = Options.parse(args);
        if (options.reportOnly()) {
            redrawReport(options.out());
            return;
        }
        Path work = Files.createTempDirectory(options.repository().resolve("bench/harness/target"), "run-");
        // Also on Ctrl-C or SIGTERM, where no finally block runs: a run's folder holds gigabytes of broker data.
        Thread cleanup = new Thread(() -> Folders.delete(work), "bench-delete-run-folder");
        if (!options.keep()) {
            Runtime.getRuntime().addShutdownHook(cleanup);
        }
        new SideBySide(options, work).run();
        if (options.keep()) {
            System.err.println("bench: kept the run's folder " + work);
        }
    }

    private void run() throws IOException {
        long started = System.nanoTime();
        List<Contender> contenders = contenders();
        describe(contenders);
        log("measuring this machine's raw limits");
        results.limits().putAll(new MachineLimits(work, options.quick()).measure());
        log("limits: " + results.limits());
        warmUp(contenders);
        Workloads workloads = new Workloads(sizes(), KafkaJars.classpath(), System.getProperty("java.class.path"),
                results);
        for (int round = 1; round <= options.rounds(); round++) {
            List<Contender> order = new ArrayList<>(contenders);
            if (round % 2 == 0) {
                Collections.reverse(order);
            }
            for (Contender contender : order) {
                measure(contender, round, workloads);
            }
        }
        // As the measured starts had them: the archive that the warm-up wrote is used, not written again.
        results.machine().put("herald_jvm_options", String.join(" ", heraldJvmOptions.now()));
        results.machine().put("load_average_at_end", MachineFacts.loadAverage());
        results.machine().put("run_duration", String.format("%.1f min", (System.nanoTime() - started) / 60e9));
        report();
    }

    private List<Contender> contenders() {
        String kafka = KafkaJars.classpath();
        return List.of(
                new HeraldContender("always", options.heraldJar(), heraldJvmOptions),
                new KafkaContender("kafka-default", "Kafka default (no fsync)", Map.of(), kafka),
                new HeraldContender("interval:1000", options.heraldJar(), heraldJvmOptions),
                new KafkaContender("kafka-flush1", "Kafka flush.messages=1", Map.of("flush.messages", "1"), kafka));
    }

    private void describe(List<Contender> contenders) {
        contenders.forEach(c -> results.addContender(new Results.ContenderInfo(c.id(), c.label(), c.isHerald())));
        results.addComparison(new Results.Comparison("herald-always", "kafka-default",
                "Herald's durable default (fsync before every ack, group commit) against Kafka's default (no fsync):"
                        + " the pairing of issue 6's targets"));
        results.addComparison(new Results.Comparison("herald-always", "kafka-flush1",
                "both fsync before acknowledging"));
        results.addComparison(new Results.Comparison("herald-interval-1000", "kafka-default",
                "neither fsyncs each write (Herald once a second, Kafka leaves it to the OS)"));
        MachineFacts.collect(results.machine(), work, options.repository());
        LoadSizes sizes = sizes();
        results.load().put("records_1KiB", sizes.records1KiB());
        results.load().put("warmup_records_1KiB", sizes.warmup1KiB());
        results.load().put("records_100B", sizes.records100B());
        results.load().put("warmup_records_100B", sizes.warmup100B());
        results.load().put("latency_rate_per_second", sizes.latencyRatePerSecond());
        results.load().put("latency_measured_seconds", sizes.latencySeconds());
        results.load().put("latency_warmup_seconds", sizes.latencyWarmupSeconds());
        results.load().put("one_in_flight_records", sizes.pingRecords());
    }

    private LoadSizes sizes() {
        return options.quick() ? LoadSizes.quick() : LoadSizes.full();
    }

    /** One start and clean stop of each broker kind: JIT-free cold costs (jar cache, CDS archive) stay out. */
    private void warmUp(List<Contender> contenders) throws IOException {
        for (Contender contender : List.of(contenders.get(0), contenders.get(1))) {
            log("warm-up start of " + contender.label());
            Path directory = Files.createDirectories(work.resolve("warmup-" + contender.id()));
            try (RunningBroker broker = contender.start(directory)) {
                broker.stop(Duration.ofSeconds(60));
            } finally {
                Folders.delete(directory.resolve("data"));
            }
        }
        if (heraldJvmOptions.archiveStillToBeWritten()) {
            throw new IllegalStateException("the warm-up start of Herald did not leave a usable class-data archive"
                    + " beside " + options.heraldJar() + ", so every measured start would write one; see the JVM's"
                    + " lines in " + work.resolve("warmup-herald-always") + " (run with --keep)");
        }
        heraldJvmOptions.checkAotCacheUsable();
    }

    private void measure(Contender contender, int round, Workloads workloads) throws IOException {
        sampleLoadAverage();
        log("round " + round + ": " + contender.label());
        Path directory = Files.createDirectories(work.resolve("round" + round + "-" + contender.id()));
        try (RunningBroker broker = contender.start(directory)) {
            results.add(contender.id(), Figure.START_TO_READY, broker.startToReadyMs());
            workloads.run(contender, broker, directory);
            results.add(contender.id(), Figure.RSS_AFTER_LOAD, broker.residentBytes() / (double) (1 << 20));
            results.add(contender.id(), Figure.SHUTDOWN, broker.stop(Duration.ofSeconds(60)));
            try (RunningBroker again = contender.restart(directory)) {
                results.add(contender.id(), Figure.RESTART_WITH_DATA, again.startToReadyMs());
                again.stop(Duration.ofSeconds(60));
            }
        } catch (RuntimeException e) {
            results.note(contender.label() + ", round " + round + ": " + e.getMessage());
            log("FAILED: " + e);
        } finally {
            Folders.delete(directory.resolve("data"));
        }
        sampleLoadAverage();
        log("  " + summary(contender));
    }

    /** Other work on the machine skews every figure; the highest 1-minute load average between brokers shows it. */
    private void sampleLoadAverage() {
        try {
            highestLoadAverage = Math.max(highestLoadAverage,
                    Double.parseDouble(MachineFacts.loadAverage().split(" ")[0]));
        } catch (NumberFormatException e) {
            // no /proc/loadavg: nothing to record
        }
        results.machine().put("load_average_highest_1m", String.format("%.2f", highestLoadAverage));
    }

    private String summary(Contender contender) {
        StringBuilder line = new StringBuilder();
        for (Figure figure : List.of(Figure.PRODUCE_1K_P1_MIB, Figure.PRODUCE_1K_P6_MIB, Figure.PRODUCE_100B_MIB,
                Figure.CONSUME_1K_MIB, Figure.E2E_P99, Figure.START_TO_READY, Figure.RSS_AFTER_LOAD)) {
            List<Double> samples = results.samples(contender.id(), figure);
            line.append(figure.id()).append('=')
                    .append(samples.isEmpty() ? "n/a" : String.format("%.1f", samples.getLast())).append(' ');
        }
        return line.toString();
    }

    private void report() throws IOException {
        Path out = Files.createDirectories(options.out());
        String generatedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        JsonReport.write(results, out.resolve("results.json"), generatedAt);
        writeReadmeAndCharts(results, out, generatedAt);
    }

    /** Redraws README.md and the charts from the results.json in {@code out}, measuring nothing. */
    private static void redrawReport(Path out) {
        JsonResults.Loaded loaded = JsonResults.read(out.resolve("results.json"));
        writeReadmeAndCharts(loaded.results(), out, loaded.generatedAt());
    }

    private static void writeReadmeAndCharts(Results results, Path out, String generatedAt) {
        String subtitle = "of " + results.rounds() + " round(s), " + results.mode() + " mode";
        List<String> charts = Charts.write(results, out, subtitle);
        MarkdownReport.write(results, out.resolve("README.md"), generatedAt, charts);
        log("wrote " + out.resolve("README.md") + " and " + charts);
    }

    static void log(String message) {
        System.out.println("[" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "] bench: " + message);
    }

    /** Deleting run folders; a file vanishing meanwhile is not an error. */
    static final class Folders {
        private Folders() {
        }

        static void delete(Path root) {
            if (!Files.exists(root)) {
                return;
            }
            try (Stream<Path> paths = Files.walk(root)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                    try {
                        Files.deleteIfExists(path);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (IOException | UncheckedIOException e) {
                System.err.println("bench: could not delete " + root + ": " + e);
            }
        }
    }
}
