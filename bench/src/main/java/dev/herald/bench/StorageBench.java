package dev.herald.bench;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Runs the storage benchmarks and the raw disk benchmark in one JMH run, then prints every result in MB/s
 * (10^6 bytes, median of the measurement iterations) with its ratio to this disk's raw sequential write speed
 * ({@link RawDiskBenchmark#writeThenForceOnce}, the faster chunk size) and, for appends, to an fsync per chunk of
 * the batch size.
 *
 * <pre>
 *   java -cp bench/target/benchmarks.jar dev.herald.bench.StorageBench [--short] [--include REGEX] [--param NAME=V1,V2] [--out FILE.md]
 * </pre>
 */
public final class StorageBench {
    private StorageBench() { }

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        String include = "dev\\.herald\\.bench\\.(RawDisk|Append|Read)Benchmark";
        Path out = null;
        List<String[]> params = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--short" -> quick = true;
                case "--include" -> include = args[++i];
                case "--out" -> out = Path.of(args[++i]);
                case "--param" -> params.add(args[++i].split("=", 2));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; use [--short] [--include REGEX] [--param NAME=V1,V2] [--out FILE.md]");
            }
        }
        ChainedOptionsBuilder options = new OptionsBuilder().include(include)
                .jvmArgsAppend("-Xms2g", "-Xmx2g", "-Dherald.bench.dir=" + System.getProperty("herald.bench.dir", System.getProperty("java.io.tmpdir")));
        for (String[] param : params) options.param(param[0], param[1].split(","));
        if (quick) {
            options.forks(1).warmupIterations(2).warmupTime(TimeValue.seconds(1)).measurementIterations(3).measurementTime(TimeValue.seconds(2));
        } else {
            options.forks(2).warmupIterations(3).warmupTime(TimeValue.seconds(2)).measurementIterations(5).measurementTime(TimeValue.seconds(3));
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        String report = report(results, quick);
        System.out.println();
        System.out.println(report);
        if (out != null) Files.writeString(out, report, StandardCharsets.UTF_8);
    }

    private record Row(String benchmark, String params, double mbPerSecond, double opsPerSecond, RunResult result) { }

    static String report(Collection<RunResult> results, boolean quick) {
        List<Row> rows = new ArrayList<>();
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            StringBuilder params = new StringBuilder();
            for (String key : result.getParams().getParamsKeys()) {
                params.append(params.isEmpty() ? "" : ", ").append(key).append('=').append(result.getParams().getParam(key));
            }
            Result<?> bytes = result.getSecondaryResults().get("bytes");
            double mb = bytes == null ? Double.NaN : median(bytes) / 1e6;
            rows.add(new Row(name, params.toString(), mb, median(result.getPrimaryResult()), result));
        }
        double rawSequential = rows.stream().filter(r -> r.benchmark().endsWith("writeThenForceOnce"))
                .mapToDouble(Row::mbPerSecond).max().orElse(Double.NaN);
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "Raw sequential write (256 MiB, one force): %.0f MB/s%s%n%n", rawSequential,
                quick ? "   [short mode: 1 fork, 3 x 2 s measured; medians]" : "   [2 forks, 5 x 3 s measured; medians]"));
        text.append("| benchmark | parameters | MB/s | ops/s | × raw sequential | × raw fsync per chunk of batch size |\n");
        text.append("|---|---|---:|---:|---:|---:|\n");
        for (Row row : rows) {
            String perChunk = "";
            if (row.benchmark().startsWith("AppendBenchmark")) {
                String batch = row.result().getParams().getParam("batchKiB");
                double forced = rows.stream().filter(r -> r.benchmark().endsWith("writeAndForceEachChunk")
                        && batch.equals(r.result().getParams().getParam("chunkKiB"))).mapToDouble(Row::mbPerSecond).findFirst().orElse(Double.NaN);
                if (!Double.isNaN(forced)) perChunk = String.format(Locale.ROOT, "%.2f", row.mbPerSecond() / forced);
            }
            text.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %.0f | %.2f | %s |%n", row.benchmark(), row.params(),
                    row.mbPerSecond(), row.opsPerSecond(), row.mbPerSecond() / rawSequential, perChunk));
        }
        return text.toString();
    }

    private static double median(Result<?> result) {
        return result.getStatistics().getPercentile(50);
    }

}
