package dev.herald.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.registry.store.MemorySchemaLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays every case of the shared compatibility vectors (Confluent, Karapace and Redpanda test suites)
 * through the REST API: register the old schemas under a fresh subject with level NONE, set the case's level
 * (and policy), register the new schema, and expect 200 when the case says compatible, 409 when not (422 for
 * cases that say the schema is invalid). The Confluent sets must agree exactly; where another project's suite
 * disagrees with Confluent, {@link KnownDisagreements} lists the case with the reason and the test expects
 * Confluent's answer instead. Skipped when the shared folder is absent.
 */
@Timeout(300)
class CompatibilityVectorsTest {
    private static SchemaRegistry registry;
    private static RestClient client;

    @BeforeAll
    static void start() {
        vectorsDir();
        registry = SchemaRegistry.start(RegistryConfig.of(null, "127.0.0.1", 0), new MemorySchemaLog());
        client = new RestClient(registry.port());
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    /** The shared vectors folder; the whole class is skipped, with the reason printed, when it is absent. */
    static Path vectorsDir() {
        String shared = System.getProperty("herald.shared.dir", "../../shared");
        Path dir = Path.of(shared, "research", "compat-vectors");
        if (!Files.isDirectory(dir)) {
            String reason = "compatibility vectors not found at " + dir.toAbsolutePath()
                    + " (set -Dherald.shared.dir=<folder holding research/compat-vectors>): skipping the conformance replay";
            System.err.println("CompatibilityVectorsTest: " + reason);
            Assumptions.abort(reason);
        }
        return dir;
    }

    @TestFactory
    Stream<DynamicTest> confluentAvroLevels() throws IOException {
        return cases("confluent-avro-levels.json");
    }

    @TestFactory
    Stream<DynamicTest> confluentJsonSchemaDiff() throws IOException {
        return cases("confluent-jsonschema-diff.json");
    }

    @TestFactory
    Stream<DynamicTest> confluentProtobufDiff() throws IOException {
        return cases("confluent-protobuf-diff.json");
    }

    @TestFactory
    Stream<DynamicTest> karapaceAvro() throws IOException {
        return cases("karapace-avro-reader-writer.json");
    }

    @TestFactory
    Stream<DynamicTest> karapaceJsonSchema() throws IOException {
        return cases("karapace-jsonschema-reader-writer.json");
    }

    @TestFactory
    Stream<DynamicTest> redpandaJsonSchema() throws IOException {
        return cases("redpanda-jsonschema-reader-writer.json");
    }

    @TestFactory
    Stream<DynamicTest> karapaceRestScenarios() throws IOException {
        JsonNode file = RestClient.JSON.readTree(vectorsDir().resolve("karapace-rest-compatibility-scenarios.json").toFile());
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode scenario : file.path("cases")) {
            tests.add(DynamicTest.dynamicTest(scenario.path("id").asText(), () -> replayScenario(scenario)));
        }
        return tests.stream();
    }

    private Stream<DynamicTest> cases(String fileName) throws IOException {
        JsonNode file = RestClient.JSON.readTree(vectorsDir().resolve(fileName).toFile());
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode vector : file.path("cases")) {
            tests.add(DynamicTest.dynamicTest(vector.path("id").asText(), () -> replay(vector)));
        }
        assertThat(tests).hasSize(file.path("count").asInt());
        return tests.stream();
    }

    private void replay(JsonNode vector) {
        String id = vector.path("id").asText();
        String subject = "vector-" + id;
        String type = vector.path("schemaType").asText();
        assertThat(client.setLevel(subject, "NONE").status()).isEqualTo(200);
        for (JsonNode old : vector.path("old")) {
            ObjectNode body = body(vector, "original", type, old.asText(), subject);
            RestClient.Response response = client.post("/subjects/" + RestClient.encode(subject) + "/versions", body);
            if (response.status() == 422 && expectedStatus(vector) == 422) {
                return;
            }
            assertThat(response.status()).as("registering old schema of %s: %s", id, response.body()).isEqualTo(200);
        }
        ObjectNode config = RestClient.JSON.createObjectNode().put("compatibility", vector.path("level").asText());
        if (vector.has("policy")) {
            config.put("compatibilityPolicy", vector.path("policy").asText());
        }
        assertThat(client.put("/config/" + RestClient.encode(subject), config).status()).isEqualTo(200);
        RestClient.Response response = client.post("/subjects/" + RestClient.encode(subject) + "/versions",
                body(vector, "update", type, vector.path("new").asText(), subject));
        int expected = expectedStatus(vector);
        assertThat(response.status()).as("%s (%s) expected %s; registry answered %s",
                id, vector.path("description").asText(), expected, response.body()).isEqualTo(expected);
    }

    private static int expectedStatus(JsonNode vector) {
        KnownDisagreements.Disagreement disagreement = KnownDisagreements.CASES.get(vector.path("id").asText());
        if (disagreement != null) {
            return disagreement.status();
        }
        if (vector.has("expected_error")) {
            return 422;
        }
        return vector.path("expected").asBoolean() ? 200 : 409;
    }

    /** The register body, with Protobuf dependencies registered first under per-case subjects. */
    private ObjectNode body(JsonNode vector, String side, String type, String schema, String subject) {
        ObjectNode body = RestClient.schemaBody(type, schema);
        JsonNode metadata = vector.get(side + "_metadata");
        if (metadata != null) {
            body.set("metadata", metadata);
        }
        JsonNode references = vector.get(side + "_references");
        JsonNode dependencies = vector.get(side + "_dependencies");
        if (references == null) {
            return body;
        }
        var array = body.putArray("references");
        for (JsonNode reference : references) {
            String name = reference.path("name").asText();
            JsonNode text = dependencies.get(name);
            if (text == null || text.isNull()) {
                continue;
            }
            String dependencySubject = subject + "-" + side + "-" + name;
            RestClient.Response registered = client.register(dependencySubject, type, text.asText());
            assertThat(registered.status()).as("registering dependency %s: %s", name, registered.body()).isEqualTo(200);
            int version = client.get("/subjects/" + RestClient.encode(dependencySubject) + "/versions/latest")
                    .json().path("version").asInt();
            array.addObject().put("name", name).put("subject", dependencySubject).put("version", version);
        }
        return body;
    }

    private void replayScenario(JsonNode scenario) {
        String subject = "scenario-" + scenario.path("id").asText();
        String type = scenario.path("schemaType").asText();
        for (JsonNode op : scenario.path("setup")) {
            String arg = op.path("arg").asText();
            RestClient.Response response = switch (op.path("op").asText()) {
                case "register" -> client.register(subject, type, arg);
                case "config" -> client.setLevel(subject, arg);
                case "delete_version" -> client.delete("/subjects/" + RestClient.encode(subject) + "/versions/" + arg);
                default -> throw new AssertionError("unknown op " + op);
            };
            assertThat(response.status()).as("setup %s: %s", op, response.body()).isEqualTo(200);
        }
        JsonNode check = scenario.path("check");
        RestClient.Response response = client.post(check.path("path").asText().replace("{subject}",
                RestClient.encode(subject)) + "?verbose=true", RestClient.schemaBody(type, check.path("schema").asText()));
        if (KnownDisagreements.CASES.containsKey(scenario.path("id").asText())) {
            // Confluent answers 200 {"is_compatible":true} for "latest" on a subject without versions.
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            assertThat(response.json().path("is_compatible").asBoolean()).isTrue();
            return;
        }
        assertThat(response.status()).as(response.body()).isEqualTo(scenario.path("expected_status").asInt());
        assertThat(response.json().path("is_compatible").asBoolean())
                .isEqualTo(scenario.path("expected_is_compatible").asBoolean());
    }
}
