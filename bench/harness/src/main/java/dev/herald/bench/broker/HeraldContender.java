package dev.herald.bench.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Herald ({@code herald serve}) with one fsync policy, launched the way {@code ./herald} launches it: the shaded
 * jar on the harness's JDK, with an auto-created class-data-sharing archive (the first start creates it; the
 * harness's warm-up start absorbs that cost). Immutable.
 */
public record HeraldContender(String fsync, Path heraldJar, Path sharedArchive, List<String> extraJvmOptions)
        implements Contender {

    private static final Pattern READY = Pattern.compile("\\bready\\b");

    public HeraldContender {
        extraJvmOptions = List.copyOf(extraJvmOptions);
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
        int kafkaPort = FreePorts.next();
        List<String> jvm = new ArrayList<>(List.of("-XX:+AutoCreateSharedArchive",
                "-XX:SharedArchiveFile=" + sharedArchive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        jvm.addAll(extraJvmOptions);
        List<String> arguments = List.of("serve", "--data-dir", directory.resolve("data").toString(),
                "--kafka-port", Integer.toString(kafkaPort),
                "--registry-port", Integer.toString(FreePorts.next()),
                "--http-port", Integer.toString(FreePorts.next()),
                "--fsync", fsync);
        JavaCommand command = new JavaCommand(jvm, heraldJar.toString(), "dev.herald.server.Main", arguments);
        return RunningBroker.start(command, directory, "127.0.0.1:" + kafkaPort,
                line -> READY.matcher(line).find(), Duration.ofSeconds(60));
    }
}
