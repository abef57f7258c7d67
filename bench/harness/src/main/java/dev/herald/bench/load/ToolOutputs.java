package dev.herald.bench.load;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the figures out of what Kafka 4.4's perf tools and the harness's probes print. The formats, as printed by
 * kafka-tools 4.4.0:
 *
 * <pre>
 * ProducerPerformance (with --warmup-records, the steady-state line is preferred):
 *   40000 steady state records sent, 21130.48 records/sec (20.64 MB/sec), 835.93 ms avg latency,
 *   967.00 ms max latency, 861 ms 50th, 958 ms 95th, 964 ms 99th, 967 ms 99.9th.
 * ConsumerPerformance (header, then one CSV line):
 *   start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms,
 *   fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
 * EndToEndLatency (percentiles are whole milliseconds):
 *   Avg latency: 6.7988 ms
 *   Percentiles: 50th = 4, 99th = 41, 99.9th = 246
 * Probes (dev.herald.bench.probe):
 *   probe-result key=value key=value ...
 * </pre>
 *
 * "MB" in Kafka's tools is 2^20 bytes; the harness reports it as MiB. Stateless.
 */
public final class ToolOutputs {

    private static final String NUMBER = "([0-9.]+)";
    private static final Pattern PRODUCER = Pattern.compile(NUMBER + " (steady state )?records sent, " + NUMBER
            + " records/sec \\(" + NUMBER + " MB/sec\\), " + NUMBER + " ms avg latency, " + NUMBER
            + " ms max latency, " + NUMBER + " ms 50th, " + NUMBER + " ms 95th, " + NUMBER + " ms 99th, "
            + NUMBER + " ms 99.9th");
    private static final Pattern PING_AVERAGE = Pattern.compile("Avg latency: " + NUMBER + " ms");
    private static final Pattern PING_PERCENTILES = Pattern.compile(
            "Percentiles: 50th = " + NUMBER + ", 99th = " + NUMBER + ", 99.9th = " + NUMBER);

    private ToolOutputs() {
    }

    /** ProducerPerformance's summary: rates and send-to-acknowledgement latency in ms. */
    public record ProducerSummary(double recordsPerSecond, double mibPerSecond, double averageMs, double maxMs,
                                  double p50Ms, double p99Ms, double p999Ms) {
    }

    /** ConsumerPerformance's rates; the fetch.* ones exclude the time spent joining the group. */
    public record ConsumerSummary(double mibPerSecond, double rebalanceMs, double fetchMibPerSecond,
                                  double fetchRecordsPerSecond) {
    }

    /** EndToEndLatency: one record in flight at a time; percentiles in whole ms as the tool prints them. */
    public record PingSummary(double averageMs, double p50Ms, double p99Ms, double p999Ms) {
    }

    public static Optional<ProducerSummary> producer(String text) {
        ProducerSummary chosen = null;
        Matcher matcher = PRODUCER.matcher(text);
        while (matcher.find()) {
            ProducerSummary summary = new ProducerSummary(number(matcher, 3), number(matcher, 4),
                    number(matcher, 5), number(matcher, 6), number(matcher, 7), number(matcher, 9),
                    number(matcher, 10));
            boolean steady = matcher.group(2) != null;
            if (steady || chosen == null) {
                chosen = summary;
            }
        }
        return Optional.ofNullable(chosen);
    }

    public static Optional<ConsumerSummary> consumer(String text) {
        String[] lines = text.split("\n");
        for (int i = 0; i + 1 < lines.length; i++) {
            if (lines[i].startsWith("start.time")) {
                String[] fields = lines[i + 1].split(",");
                if (fields.length >= 10) {
                    return Optional.of(new ConsumerSummary(Double.parseDouble(fields[3].strip()),
                            Double.parseDouble(fields[6].strip()), Double.parseDouble(fields[8].strip()),
                            Double.parseDouble(fields[9].strip())));
                }
            }
        }
        return Optional.empty();
    }

    public static Optional<PingSummary> ping(String text) {
        Matcher average = PING_AVERAGE.matcher(text);
        Matcher percentiles = PING_PERCENTILES.matcher(text);
        if (!average.find() || !percentiles.find()) {
            return Optional.empty();
        }
        return Optional.of(new PingSummary(number(average, 1), number(percentiles, 1), number(percentiles, 2),
                number(percentiles, 3)));
    }

    /** The {@code key=value} pairs of the last {@code probe-result} line, or empty if there is none. */
    public static Map<String, Double> probe(String text) {
        Map<String, Double> values = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("probe-result ")) {
                values.clear();
                for (String pair : line.substring("probe-result ".length()).strip().split(" ")) {
                    int equals = pair.indexOf('=');
                    values.put(pair.substring(0, equals), Double.parseDouble(pair.substring(equals + 1)));
                }
            }
        }
        return values;
    }

    private static double number(Matcher matcher, int group) {
        return Double.parseDouble(matcher.group(group));
    }
}
