package dev.herald.bench.broker;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Herald ({@code herald serve}) with one fsync policy, launched the way {@code ./herald} launches it: the shaded
 * jar on the harness's JDK with the JVM flags of {@code bin/jvm-options.sh}, asked before each launch. They include
 * a class-data archive (a dynamic CDS archive, or on JDK 25 an AOT cache) that the first start writes and the
 * harness's warm-up start absorbs. Immutable.
 */
public record HeraldContender(String fsync, Path heraldJar, HeraldJvmOptions jvmOptions)
        implements Contender {

    private static final Pattern READY = Pattern.compile("\\bready\\b");

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
        List<String> jvm = jvmOptions.now();
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
}
