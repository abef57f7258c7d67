package dev.herald.server;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;

/** {@code herald produce TOPIC}: one record per stdin line, {@code key:value} when a key separator is present. */
@Command(name = "produce", mixinStandardHelpOptions = true, description = "Produce lines from stdin as records (key:value optional).")
final class ProduceCommand implements Callable<Integer> {
    @Mixin BootstrapOption bootstrap;
    @Parameters(paramLabel = "TOPIC") String topic;
    @Option(names = "--key-separator", description = "Separator between key and value (default: '${DEFAULT-VALUE}'; empty for no keys).", defaultValue = ":")
    String separator;
    @Option(names = "--partition", description = "Send every record to this partition.") Integer partition;

    @Override
    public Integer call() throws Exception {
        var properties = bootstrap.clientProperties();
        properties.put("acks", "all");
        int count = 0;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
             BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            List<Future<RecordMetadata>> pending = new ArrayList<>();
            for (String line; (line = in.readLine()) != null; ) {
                int at = separator.isEmpty() ? -1 : line.indexOf(separator);
                String key = at < 0 ? null : line.substring(0, at);
                String value = at < 0 ? line : line.substring(at + separator.length());
                pending.add(producer.send(new ProducerRecord<>(topic, partition, key, value)));
                count++;
            }
            for (Future<RecordMetadata> ack : pending) ack.get();
        }
        System.err.println("Produced " + count + " records to " + topic + ".");
        return 0;
    }
}
