package dev.herald.server;

import picocli.CommandLine.Option;

/** The {@code --bootstrap host:port} option shared by every client sub-command; works against Herald or Apache Kafka. */
final class BootstrapOption {
    @Option(names = {"--bootstrap", "-b"}, description = "Kafka-protocol bootstrap server (default: ${DEFAULT-VALUE}).",
            defaultValue = "127.0.0.1:9092")
    String servers;

    java.util.Properties clientProperties() {
        java.util.Properties properties = new java.util.Properties();
        properties.put("bootstrap.servers", servers);
        properties.put("client.id", "herald-cli");
        return properties;
    }
}
