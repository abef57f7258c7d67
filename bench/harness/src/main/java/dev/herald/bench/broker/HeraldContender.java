package dev.herald.bench.broker;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Herald ({@code herald serve}) with one fsync policy, launched the way {@code ./herald} launches it: the shaded
 * jar on the harness's JDK with the JVM flags of {@code bin/jvm-options.sh}, which run-side-by-side.sh passes in
 * {@code jvmOptions}. They include a class-data archive that the first start creates and the harness's warm-up
 * start absorbs: a dynamic CDS archive, or on JDK 25 an AOT cache, which the script names with
 * {@code -XX:AOTCacheOutput} (write it at exit) while the file is missing and {@code -XX:AOTCache} (use it) once it
 * exists. The script runs once, before the warm-up, so each launch here makes that choice again. Immutable.
 */
public record HeraldContender(String fsync, Path heraldJar, List<String> jvmOptions)
        implements Contender {

    private static final Pattern READY = Pattern.compile("\\bready\\b");
    private static final Pattern AOT_CACHE = Pattern.compile("-XX:(AOTCache|AOTCacheOutput)=(.+)");

    public HeraldContender {
        jvmOptions = List.copyOf(jvmOptions);
    }

    @Override
    public String id() {
        return "herald-" + fsync.replace(':', '-');
    }

    @Override
    public String label() {
        return "Herald fsync=" + fsync;
    }

    @Override
    public boolean isHerald() {
        return true;
    }

    @Override
    public Map<String, String> topicConfigs() {
        return Map.of();
    }

    @Override
    public RunningBroker start(Path directory) {
        return launch(directory, "broker.log");
    }

    @Override
    public RunningBroker restart(Path directory) {
        return launch(directory, "broker-restart.log");
    }

    private RunningBroker launch(Path directory, String logName) {
        int kafkaPort = FreePorts.next();
        int httpPort = FreePorts.next();
        List<String> jvm = jvmOptions.stream().map(HeraldContender::aotCacheAsItIsNow).toList();
        List<String> arguments = List.of("serve", "--data-dir", directory.resolve("data").toString(),
                "--kafka-port", Integer.toString(kafkaPort),
                "--registry-port", Integer.toString(FreePorts.next()),
                "--http-port", Integer.toString(httpPort),
                "--fsync", fsync,
                // Kafka runs with group.initial.rebalance.delay.ms=0 here too (KafkaContender).
                "--group-initial-rebalance-delay-ms", "0");
        JavaCommand command = new JavaCommand(jvm, heraldJar.toString(), "dev.herald.server.Main", arguments);
        return RunningBroker.start(command, directory, logName, "127.0.0.1:" + kafkaPort,
                Optional.of(URI.create("http://127.0.0.1:" + httpPort + "/metrics")),
                line -> READY.matcher(line).find(), Duration.ofSeconds(60));
    }

    /** The AOT cache option of bin/jvm-options.sh for the cache file as it is now: use it if written, else write it. */
    public static String aotCacheAsItIsNow(String option) {
        Matcher matcher = AOT_CACHE.matcher(option);
        if (!matcher.matches()) return option;
        Path cache = Path.of(matcher.group(2));
        boolean written;
        try {
            written = Files.size(cache) > 0;
        } catch (IOException e) {
            written = false;
        }
        return (written ? "-XX:AOTCache=" : "-XX:AOTCacheOutput=") + cache;
    }
}
