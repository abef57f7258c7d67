package dev.herald.server;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code herald serve}'s command line (declared through picocli's programmatic API, see Main): its help, its errors
 * for bad input, and that each option reaches the broker it starts.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServeCommandTest {
    @TempDir Path folder;

    private record Run(int exitCode, String out, String err) { }

    /** Runs {@code herald ARGS} in this JVM, as Main.main would, without exiting. */
    private static Run herald(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine(args);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        Run help = herald("serve", "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("Usage: herald serve [-hV]")
                .contains("--data-dir=DIR", "(default:", "herald-data", "--kafka-port=PORT", "Kafka protocol port (default: 9092",
                        "--registry-port=PORT", "(default: 8081)", "--http-port=PORT", "(default: 8080)",
                        "--host=HOST", "127.0.0.1", "--fsync=POLICY", "'interval:MS'", "--partitions=N",
                        "--no-auto-create-topics", "--group-initial-rebalance-delay-ms=MS", "default: 3000",
                        "--connections-max-idle-ms=MS", "default: 600000", "0 or less: never",
                        "-h, --help", "-V, --version");
        assertThat(herald("help", "serve").out()).isEqualTo(help.out());
        assertThat(herald("serve", "-V").out()).startsWith("herald ");
    }

    @Test
    void theBareCommandListsTheSubCommands() {
        Run bare = herald();

        assertThat(bare.exitCode()).isZero();
        assertThat(bare.out()).contains("Usage: herald [-hV] [COMMAND]", "Commands:", "serve", "topics", "groups", "schemas");
    }

    @Test
    void badInputIsRefusedWithTheReasonAndTheUsage() {
        Run notANumber = herald("serve", "--kafka-port", "x", "--data-dir", folder.resolve("data").toString());
        assertThat(notANumber.exitCode()).isEqualTo(2);
        assertThat(notANumber.err()).contains("Invalid value for option '--kafka-port': 'x' is not an int", "Usage: herald serve");

        Run unknown = herald("serve", "--kafka-prot", "9092");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown option", "'--kafka-prot'", "Possible solutions: --kafka-port");

        Run badIdle = herald("serve", "--connections-max-idle-ms", "10m", "--data-dir", folder.resolve("data").toString());
        assertThat(badIdle.exitCode()).isEqualTo(2);
        assertThat(badIdle.err()).contains("Invalid value for option '--connections-max-idle-ms': '10m' is not a long");

        Run badPolicy = herald("serve", "--fsync", "sometimes", "--data-dir", folder.resolve("data").toString());
        assertThat(badPolicy.exitCode()).isEqualTo(2);
        assertThat(badPolicy.err()).contains("--fsync:", "'sometimes'", "Usage: herald serve");
        assertThat(folder.resolve("data")).as("nothing started").doesNotExist();
    }

    @Test
    void itsOptionsReachTheBroker() throws Exception {
        try (ServeProcess server = ServeProcess.start(folder.resolve("a"), "--partitions", "3",
                "--fsync", "interval:250", "--no-auto-create-topics=false", "--group-initial-rebalance-delay-ms", "1234",
                "--connections-max-idle-ms", "45000");
             KafkaProducer<String, String> producer = producer(server.bootstrap())) {
            assertThat(producer.partitionsFor("auto-created")).as("--partitions, --no-auto-create-topics=false").hasSize(3);
            // ServeProcess passes 0 for each port: the ready line names the ports picked, none of the defaults.
            assertThat(server.readyLine()).endsWith("fsync interval:250").contains("data " + folder.resolve("a"))
                    .doesNotContain(":9092", ":8081", ":8080");
            assertThat(brokerSettings(server.bootstrap())).containsEntry("num.partitions", "3")
                    .containsEntry("auto.create.topics.enable", "true").containsEntry("herald.fsync.policy", "interval:250")
                    .containsEntry("group.initial.rebalance.delay.ms", "1234").containsEntry("connections.max.idle.ms", "45000")
                    .containsEntry("log.dirs", folder.resolve("a").toAbsolutePath().toString());
        }
        try (ServeProcess server = ServeProcess.start(folder.resolve("b"), "--no-auto-create-topics");
             KafkaProducer<String, String> producer = producer(server.bootstrap())) {
            assertThatThrownBy(() -> producer.partitionsFor("not-created")).as("--no-auto-create-topics")
                    .isInstanceOf(TimeoutException.class);
            assertThat(brokerSettings(server.bootstrap())).as("the defaults").containsEntry("auto.create.topics.enable", "false")
                    .containsEntry("num.partitions", "1").containsEntry("herald.fsync.policy", "always")
                    .containsEntry("group.initial.rebalance.delay.ms", "3000").containsEntry("connections.max.idle.ms", "600000");
        }
    }

    @Test
    void logsOneTimestampedLinePerEventAtTheLevelsItIsGiven() throws Exception {
        Pattern line = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z \\[[^]]*] (TRACE|DEBUG|INFO|WARN|ERROR) [\\w.$]+ - .*");
        try (ServeProcess server = ServeProcess.start(List.of("-Dherald.log.level.dev.herald.broker.topic=warn"), folder.resolve("a"))) {
            assertThat(server.startOutput()).as("no SLF4J notes, every line in the log format").allMatch(l -> line.matcher(l).matches())
                    .anyMatch(l -> l.contains(" INFO dev.herald.broker.Broker - Kafka protocol listening on"))
                    .noneMatch(l -> l.contains("dev.herald.broker.topic.TopicManager"));
        }
        try (ServeProcess server = ServeProcess.start(List.of("-Dherald.log.level=loud"), folder.resolve("b"))) {
            assertThat(server.startOutput()).as("a bad level is named and ignored").contains(
                    "herald: ignoring -Dherald.log.level=loud: the level must be one of trace, debug, info, warn, error, off")
                    .anyMatch(l -> l.contains(" INFO dev.herald.broker.topic.TopicManager - Loaded 0 topics"));
        }
    }

    /** The broker's settings as a Kafka admin client reads them (DescribeConfigs of the broker resource). */
    private static Map<String, String> brokerSettings(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            String node = admin.describeCluster().nodes().get().iterator().next().idString();
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, node);
            return admin.describeConfigs(List.of(broker)).all().get().get(broker).entries().stream()
                    .filter(entry -> entry.value() != null)
                    .collect(Collectors.toMap(ConfigEntry::name, ConfigEntry::value));
        }
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 3000), new StringSerializer(), new StringSerializer());
    }
}
