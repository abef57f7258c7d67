package dev.herald.registry;

import dev.herald.registry.naming.NamingPolicy;
import dev.herald.registry.store.MemorySchemaLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real third-party schema-registry clients against Herald's registry: Debian's python3-confluent-kafka
 * client (with its JSON Schema and Protobuf serdes), npm's {@code @kafkajs/confluent-schema-registry} and Confluent's
 * {@code @confluentinc/schemaregistry} (also its Protobuf serdes, which read schemas with
 * {@code format=serialized}). Each script registers, evolves, gets a 409 for an incompatible change,
 * encodes and decodes the wire format, looks up and deletes. Skipped (with the reason) when the client is not
 * installed: {@code apt-get install python3-confluent-kafka python3-requests python3-jsonschema python3-protobuf
 * protobuf-compiler}, and
 * {@code npm ci} in herald-registry/js.
 */
@Tag("slow")
@Timeout(180)
class RealClientsTest {
    private SchemaRegistry registry;
    private String url;

    /** On the in-memory log, or on a real broker's topic when {@code -Dherald.registry.bootstrap} is given. */
    @BeforeEach
    void start() {
        String bootstrap = System.getProperty("herald.registry.bootstrap");
        registry = bootstrap == null || bootstrap.isBlank()
                ? SchemaRegistry.start(RegistryConfig.of(null, "127.0.0.1", 0), new MemorySchemaLog())
                : SchemaRegistry.start(new RegistryConfig(bootstrap, "127.0.0.1", 0, "_schemas_clients_" + System.nanoTime(),
                        NamingPolicy.OFF, Map.of()));
        url = "http://127.0.0.1:" + registry.port();
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void pythonConfluentKafkaClient() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        Assertions.assertTrue(Files.isExecutable(python) && run(List.of(python.toString(), "-c",
                "import confluent_kafka.schema_registry.json_schema")).exitCode == 0,
                "python3-confluent-kafka with python3-requests and python3-jsonschema is not installed");
        assertPasses(run(List.of(python.toString(), "clients/python/confluent_client_check.py", url)));
    }

    @Test
    void pythonConfluentKafkaProtobufSerdes() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        Assertions.assertTrue(Files.isExecutable(python) && run(List.of(python.toString(), "-c",
                "import confluent_kafka.schema_registry.protobuf, google.protobuf")).exitCode == 0
                && run(List.of("protoc", "--version")).exitCode == 0,
                "needs python3-confluent-kafka, python3-requests, python3-protobuf and protoc (protobuf-compiler)");
        assertPasses(run(List.of(python.toString(), "clients/python/confluent_protobuf_check.py", url)));
    }

    @Test
    void kafkajsConfluentSchemaRegistry() throws Exception {
        assumeNodeModules("@kafkajs/confluent-schema-registry");
        assertPasses(run(List.of("node", "js/kafkajs-check.js", url)));
    }

    @Test
    void confluentincSchemaRegistry() throws Exception {
        assumeNodeModules("@confluentinc/schemaregistry");
        assertPasses(run(List.of("node", "js/confluentinc-check.js", url)));
    }

    @Test
    void confluentincProtobufSerdes() throws Exception {
        assumeNodeModules("@confluentinc/schemaregistry");
        assertPasses(run(List.of("node", "js/confluentinc-protobuf-check.js", url)));
    }

    private static void assumeNodeModules(String module) throws Exception {
        Assertions.assertTrue(run(List.of("node", "--version")).exitCode == 0, "node is not installed");
        Assertions.assertTrue(Files.isDirectory(Path.of("js", "node_modules").resolve(module)),
                module + " is not installed: run 'npm ci' in herald-registry/js");
    }

    private static void assertPasses(Result result) {
        assertThat(result.exitCode).as(result.output).isZero();
        assertThat(result.output).contains("all steps passed");
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        } catch (IOException notInstalled) {
            return new Result(-1, notInstalled.toString());
        }
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                return new Result(-1, output + "\n(timed out)");
            }
            return new Result(process.exitValue(), output);
        } finally {
            process.destroyForcibly();
        }
    }
}
