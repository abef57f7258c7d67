package dev.herald.server;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code herald serve}: runs the broker, registry and HTTP gateway in this process until SIGTERM/SIGINT. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run Herald: Kafka broker, schema registry and HTTP gateway.")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--data-dir", description = "Where the log and metadata live (default: ${DEFAULT-VALUE}).", defaultValue = "herald-data")
    Path dataDir;
    @Option(names = "--host", description = "Address to listen on and advertise (default: ${DEFAULT-VALUE}).", defaultValue = "127.0.0.1")
    String host;
    @Option(names = "--kafka-port", description = "Kafka protocol port (default: ${DEFAULT-VALUE}).", defaultValue = "9092")
    int kafkaPort;
    @Option(names = "--registry-port", description = "Schema registry port (default: ${DEFAULT-VALUE}).", defaultValue = "8081")
    int registryPort;
    @Option(names = "--http-port", description = "HTTP gateway, console and metrics port (default: ${DEFAULT-VALUE}).", defaultValue = "8080")
    int httpPort;

    @Override
    public Integer call() {
        System.err.println("herald serve: not wired yet");
        return 1;
    }
}
