package dev.herald.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.registry.store.MemorySchemaLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Confluent REST surface over real HTTP, on an in-memory log: shapes, status codes and error codes. */
@Timeout(60)
class RestApiTest {
    static final String USER_V1 = "{\"type\":\"record\",\"name\":\"UserRegistered\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}";
    static final String USER_V2 = "{\"type\":\"record\",\"name\":\"UserRegistered\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},"
            + "{\"name\":\"email\",\"type\":\"string\",\"default\":\"\"}]}";
    static final String USER_INCOMPATIBLE = "{\"type\":\"record\",\"name\":\"UserRegistered\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},"
            + "{\"name\":\"email\",\"type\":\"string\"}]}";

    private MemorySchemaLog log;
    private SchemaRegistry registry;
    private RestClient client;

    @BeforeEach
    void start() {
        log = new MemorySchemaLog();
        registry = SchemaRegistry.start(RegistryConfig.of(null, "127.0.0.1", 0), log);
        client = new RestClient(registry.port());
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    private int register(String subject, String schema) {
        RestClient.Response response = client.register(subject, null, schema);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().path("id").asInt();
    }

    @Test
    void rootAndTypesAnswerWithConfluentContentType() {
        RestClient.Response root = client.get("/");
        assertThat(root.status()).isEqualTo(200);
        assertThat(root.body()).isEqualTo("{}");
        assertThat(root.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(client.get("/schemas/types").json().toString()).contains("\"JSON\"", "\"PROTOBUF\"", "\"AVRO\"");
    }

    @Test
    void registersEvolvesAndReadsBackVersions() {
        int first = register("users-value", USER_V1);
        int second = register("users-value", USER_V2);
        assertThat(first).isEqualTo(1);
        assertThat(second).isEqualTo(2);
        assertThat(client.get("/subjects").json().toString()).isEqualTo("[\"users-value\"]");
        assertThat(client.get("/subjects/users-value/versions").json().toString()).isEqualTo("[1,2]");
        JsonNode latest = client.get("/subjects/users-value/versions/latest").json();
        assertThat(latest.path("subject").asText()).isEqualTo("users-value");
        assertThat(latest.path("version").asInt()).isEqualTo(2);
        assertThat(latest.path("id").asInt()).isEqualTo(2);
        assertThat(latest.has("schemaType")).as("AVRO omits schemaType like Confluent 7.x").isFalse();
        assertThat(latest.path("schema").asText()).contains("email");
        JsonNode byId = client.get("/schemas/ids/1").json();
        assertThat(byId.path("schema").asText()).isEqualTo(USER_V1);
        assertThat(client.get("/schemas/ids/1/schema").body()).isEqualTo(USER_V1);
        assertThat(client.get("/subjects/users-value/versions/1/schema").body()).isEqualTo(USER_V1);
    }

    @Test
    void registeringTheSameSchemaTwiceReturnsTheSameIdWithoutANewVersion() {
        assertThat(register("s", USER_V1)).isEqualTo(register("s", "{ \"type\": \"record\", \"name\": \"UserRegistered\","
                + " \"fields\": [ {\"name\": \"id\", \"type\": \"string\"} ] }"));
        assertThat(client.get("/subjects/s/versions").json().toString()).isEqualTo("[1]");
    }

    @Test
    void listsSchemasOfSubjectsWithAPrefix() {
        register("orders-value", USER_V1);
        register("orders-value", USER_V2);
        register("users-value", USER_V1);
        JsonNode all = client.get("/schemas?subjectPrefix=orders").json();
        assertThat(all).hasSize(2);
        assertThat(all.get(1).path("version").asInt()).isEqualTo(2);
        JsonNode latest = client.get("/schemas?latestOnly=true").json();
        assertThat(latest).hasSize(2);
        assertThat(latest.get(0).path("subject").asText()).isEqualTo("orders-value");
        assertThat(latest.get(0).path("version").asInt()).isEqualTo(2);
    }

    @Test
    void sameSchemaUnderAnotherSubjectReusesTheId() {
        int id = register("a-value", USER_V1);
        assertThat(register("b-value", USER_V1)).isEqualTo(id);
        assertThat(client.get("/schemas/ids/" + id + "/subjects").json().toString()).isEqualTo("[\"a-value\",\"b-value\"]");
        assertThat(client.get("/schemas/ids/" + id + "/versions").json().toString())
                .isEqualTo("[{\"subject\":\"a-value\",\"version\":1},{\"subject\":\"b-value\",\"version\":1}]");
    }

    @Test
    void refusesAnIncompatibleChangeWith409() {
        register("users-value", USER_V1);
        RestClient.Response response = client.register("users-value", null, USER_INCOMPATIBLE);
        assertThat(response.status()).isEqualTo(409);
        assertThat(response.json().path("error_code").asInt()).isEqualTo(409);
        assertThat(response.json().path("message").asText()).contains("incompatible", "READER_FIELD_MISSING_DEFAULT_VALUE");
    }

    @Test
    void compatibilityEndpointAnswersIsCompatibleWithVerboseMessages() {
        register("users-value", USER_V1);
        RestClient.Response ok = client.post("/compatibility/subjects/users-value/versions/latest",
                RestClient.schemaBody(null, USER_V2));
        assertThat(ok.json().toString()).isEqualTo("{\"is_compatible\":true}");
        RestClient.Response bad = client.post("/compatibility/subjects/users-value/versions/1?verbose=true",
                RestClient.schemaBody(null, USER_INCOMPATIBLE));
        assertThat(bad.json().path("is_compatible").asBoolean()).isFalse();
        assertThat(bad.json().path("messages")).isNotEmpty();
        assertThat(client.post("/compatibility/subjects/empty/versions/latest", RestClient.schemaBody(null, USER_V1))
                .json().toString()).isEqualTo("{\"is_compatible\":true}");
        assertThat(client.post("/compatibility/subjects/empty/versions/3", RestClient.schemaBody(null, USER_V1))
                .json().path("error_code").asInt()).isEqualTo(40401);
    }

    @Test
    void lookupFindsTheVersionOfASchemaUnderASubject() {
        register("users-value", USER_V1);
        register("users-value", USER_V2);
        JsonNode found = client.post("/subjects/users-value", RestClient.schemaBody(null, USER_V1)).json();
        assertThat(found.path("version").asInt()).isEqualTo(1);
        assertThat(found.path("id").asInt()).isEqualTo(1);
        assertThat(found.path("subject").asText()).isEqualTo("users-value");
        RestClient.Response missing = client.post("/subjects/users-value", RestClient.schemaBody(null, USER_INCOMPATIBLE));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("error_code").asInt()).isEqualTo(40403);
        assertThat(client.post("/subjects/nobody", RestClient.schemaBody(null, USER_V1)).json().path("error_code").asInt())
                .isEqualTo(40401);
    }

    @Test
    void answersConfluentErrorCodesForMissingAndInvalidThings() {
        register("users-value", USER_V1);
        assertError(client.get("/subjects/nobody/versions"), 404, 40401);
        assertError(client.get("/subjects/users-value/versions/7"), 404, 40402);
        assertError(client.get("/schemas/ids/99"), 404, 40403);
        assertError(client.get("/subjects/users-value/versions/zero"), 422, 42202);
        assertError(client.get("/subjects/users-value/versions/0"), 422, 42202);
        assertError(client.register("x", null, "{\"type\":\"record\"}"), 422, 42201);
        assertError(client.register("x", "XML", "<a/>"), 422, 42201);
        assertError(client.register("x", "JSON", "{not json"), 422, 42201);
        assertError(client.register("x", "PROTOBUF", "message {"), 422, 42201);
        assertError(client.put("/config", RestClient.JSON.createObjectNode().put("compatibility", "SIDEWAYS")), 422, 42203);
        assertError(client.put("/mode", RestClient.JSON.createObjectNode().put("mode", "LOUD")), 422, 42204);
        assertError(client.get("/config/users-value"), 404, 40408);
    }

    private static void assertError(RestClient.Response response, int status, int errorCode) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.json().path("error_code").asInt()).as(response.body()).isEqualTo(errorCode);
        assertThat(response.json().path("message").asText()).isNotBlank();
    }

    @Test
    void softDeleteHidesVersionsButKeepsIdsAndVersionNumbers() {
        register("s", USER_V1);
        register("s", USER_V2);
        assertThat(client.delete("/subjects/s/versions/2").body()).isEqualTo("2");
        assertThat(client.get("/subjects/s/versions").json().toString()).isEqualTo("[1]");
        assertThat(client.get("/subjects/s/versions?deleted=true").json().toString()).isEqualTo("[1,2]");
        assertThat(client.get("/schemas/ids/2").status()).as("ids stay readable after soft delete").isEqualTo(200);
        assertThat(client.get("/subjects/s/versions/2?deleted=true").status()).isEqualTo(200);
        assertError(client.delete("/subjects/s/versions/2"), 404, 40406);
        String v3 = USER_V2.replace("\"\"}", "\"x\"}");
        register("s", v3);
        assertThat(client.get("/subjects/s/versions").json().toString()).as("versions are never reused").isEqualTo("[1,3]");
    }

    @Test
    void deletedVersionsAreIgnoredByCompatibilityChecks() {
        client.setLevel("s", "NONE");
        register("s", USER_V1);
        register("s", USER_INCOMPATIBLE.replace("UserRegistered", "Other"));
        client.delete("/subjects/s/versions/2");
        client.setLevel("s", "BACKWARD");
        assertThat(client.register("s", null, USER_V2).status()).isEqualTo(200);
    }

    @Test
    void hardDeleteNeedsASoftDeleteFirst() {
        register("s", USER_V1);
        assertError(client.delete("/subjects/s?permanent=true"), 404, 40405);
        assertThat(client.delete("/subjects/s").body()).isEqualTo("[1]");
        assertError(client.delete("/subjects/s"), 404, 40404);
        assertThat(client.get("/subjects").json().toString()).isEqualTo("[]");
        assertThat(client.get("/subjects?deleted=true").json().toString()).isEqualTo("[\"s\"]");
        assertThat(client.delete("/subjects/s?permanent=true").body()).isEqualTo("[1]");
        assertThat(client.get("/subjects?deleted=true").json().toString()).isEqualTo("[]");
        assertError(client.get("/schemas/ids/1"), 404, 40403);
        assertThat(register("s", USER_V2)).as("ids are never reused").isEqualTo(2);
        assertThat(client.get("/subjects/s/versions").json().toString()).as("versions never go down").isEqualTo("[2]");
    }

    @Test
    void configIsGlobalAndPerSubjectWithConfluentShapes() {
        assertThat(client.get("/config").json().toString()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
        assertThat(client.put("/config", RestClient.JSON.createObjectNode().put("compatibility", "full")).json().toString())
                .isEqualTo("{\"compatibility\":\"full\"}");
        assertThat(client.get("/config").json().path("compatibilityLevel").asText()).isEqualTo("FULL");
        assertThat(client.get("/config/s?defaultToGlobal=true").json().path("compatibilityLevel").asText()).isEqualTo("FULL");
        client.setLevel("s", "NONE");
        assertThat(client.get("/config/s").json().path("compatibilityLevel").asText()).isEqualTo("NONE");
        assertThat(client.delete("/config/s").json().path("compatibilityLevel").asText()).isEqualTo("NONE");
        assertError(client.get("/config/s"), 404, 40408);
    }

    @Test
    void readOnlyModeRefusesWritesAndImportModeTakesIdsFromTheClient() {
        assertThat(client.get("/mode").json().toString()).isEqualTo("{\"mode\":\"READWRITE\"}");
        client.put("/mode/s", RestClient.JSON.createObjectNode().put("mode", "READONLY"));
        assertError(client.register("s", null, USER_V1), 422, 42205);
        assertThat(client.delete("/mode/s").json().path("mode").asText()).isEqualTo("READONLY");
        register("other", USER_V1);
        assertError(client.put("/mode", RestClient.JSON.createObjectNode().put("mode", "IMPORT")), 422, 42205);
        assertThat(client.put("/mode?force=true", RestClient.JSON.createObjectNode().put("mode", "IMPORT")).status()).isEqualTo(200);
        ObjectNode imported = RestClient.schemaBody(null, USER_V2).put("id", 42).put("version", 7);
        assertThat(client.post("/subjects/imported/versions", imported).json().path("id").asInt()).isEqualTo(42);
        assertThat(client.get("/subjects/imported/versions").json().toString()).isEqualTo("[7]");
        ObjectNode clash = RestClient.schemaBody(null, USER_INCOMPATIBLE).put("id", 42);
        assertError(client.post("/subjects/clash/versions", clash), 422, 42207);
    }

    @Test
    void referencesAreResolvedStoredAndProtectTheReferencedVersion() {
        String address = "{\"type\":\"record\",\"name\":\"Address\",\"namespace\":\"shop\",\"fields\":[{\"name\":\"city\",\"type\":\"string\"}]}";
        register("address", address);
        String order = "{\"type\":\"record\",\"name\":\"OrderPlaced\",\"namespace\":\"shop\",\"fields\":[{\"name\":\"to\",\"type\":\"shop.Address\"}]}";
        ObjectNode body = RestClient.withReferences(RestClient.schemaBody(null, order), List.<String[]>of(new String[] {"shop.Address", "address", "1"}));
        RestClient.Response registered = client.post("/subjects/orders-value/versions", body);
        assertThat(registered.status()).as(registered.body()).isEqualTo(200);
        int id = registered.json().path("id").asInt();
        JsonNode read = client.get("/subjects/orders-value/versions/1").json();
        assertThat(read.path("references").toString()).isEqualTo("[{\"name\":\"shop.Address\",\"subject\":\"address\",\"version\":1}]");
        assertThat(client.get("/subjects/address/versions/1/referencedby").json().toString()).isEqualTo("[" + id + "]");
        assertThat(read.path("schema").asText()).as("the referenced type is not inlined").doesNotContain("city");
        ObjectNode spaced = RestClient.withReferences(RestClient.schemaBody(null, order.replace(",", ", ")),
                List.<String[]>of(new String[] {"shop.Address", "address", "1"}));
        assertThat(client.post("/subjects/orders-value/versions", spaced).json().path("id").asInt())
                .as("same schema with other whitespace").isEqualTo(id);
        assertError(client.delete("/subjects/address/versions/1"), 422, 42206);
        ObjectNode dangling = RestClient.withReferences(RestClient.schemaBody(null, order), List.<String[]>of(new String[] {"shop.Address", "address", "9"}));
        assertError(client.post("/subjects/x/versions", dangling), 422, 42201);
    }

    @Test
    void metadataAndRuleSetAreStoredAndReturned() {
        ObjectNode body = RestClient.schemaBody(null, USER_V1);
        body.putObject("metadata").putObject("tags").putArray("UserRegistered.id").add("PII");
        ((ObjectNode) body.get("metadata")).putObject("properties").put("owner", "team-a");
        body.putObject("ruleSet").putArray("domainRules").addObject().put("name", "redactPII").put("kind", "TRANSFORM")
                .put("mode", "READ").put("type", "REDACT").putArray("tags").add("PII");
        int id = client.post("/subjects/users-value/versions", body).json().path("id").asInt();
        JsonNode byId = client.get("/schemas/ids/" + id).json();
        assertThat(byId.path("metadata")).isEqualTo(body.get("metadata"));
        assertThat(byId.path("ruleSet")).isEqualTo(body.get("ruleSet"));
        assertThat(client.get("/subjects/users-value/versions/latest").json().path("metadata")).isEqualTo(body.get("metadata"));
        JsonNode withMetadata = client.get("/subjects/users-value/metadata?key=owner&value=team-a").json();
        assertThat(withMetadata.path("version").asInt()).isEqualTo(1);
        assertThat(register("users-value", USER_V1)).as("no metadata sent: the latest version's is inherited").isEqualTo(id);
        ObjectNode otherOwner = RestClient.schemaBody(null, USER_V1);
        otherOwner.putObject("metadata").putObject("properties").put("owner", "team-b");
        assertThat(client.post("/subjects/users-value/versions", otherOwner).json().path("id").asInt())
                .as("metadata is part of a schema's identity").isNotEqualTo(id);
    }

    @Test
    void jsonSchemaAndProtobufRegisterWithTheirType() {
        RestClient.Response json = client.register("j", "JSON", "{\"type\":\"object\",\"title\":\"OrderPlaced\",\"properties\":{\"id\":{\"type\":\"string\"}}}");
        assertThat(json.status()).as(json.body()).isEqualTo(200);
        JsonNode readJson = client.get("/subjects/j/versions/1").json();
        assertThat(readJson.path("schemaType").asText()).isEqualTo("JSON");
        RestClient.Response proto = client.register("p", "PROTOBUF", "syntax = \"proto3\";\npackage shop;\nmessage OrderPlaced { string id = 1; }\n");
        assertThat(proto.status()).as(proto.body()).isEqualTo(200);
        JsonNode readProto = client.get("/schemas/ids/" + proto.json().path("id").asInt()).json();
        assertThat(readProto.path("schemaType").asText()).isEqualTo("PROTOBUF");
        assertThat(readProto.path("schema").asText()).contains("message OrderPlaced");
        RestClient.Response reregistered = client.register("p", "PROTOBUF", readProto.path("schema").asText());
        assertThat(reregistered.json().path("id").asInt()).as("canonical text parses back to the same schema")
                .isEqualTo(proto.json().path("id").asInt());
        assertError(client.register("p", "AVRO", USER_V1), 409, 409);
    }

    @Test
    void stateSurvivesARestartOnTheSameLog() {
        register("users-value", USER_V1);
        register("users-value", USER_V2);
        client.setLevel("users-value", "FULL");
        client.delete("/subjects/users-value/versions/1");
        client.put("/mode/users-value", RestClient.JSON.createObjectNode().put("mode", "READONLY"));
        registry.close();

        registry = SchemaRegistry.start(RegistryConfig.of(null, "127.0.0.1", 0), log);
        client = new RestClient(registry.port());
        assertThat(client.get("/subjects/users-value/versions").json().toString()).isEqualTo("[2]");
        assertThat(client.get("/subjects/users-value/versions?deleted=true").json().toString()).isEqualTo("[1,2]");
        assertThat(client.get("/schemas/ids/2").json().path("schema").asText()).contains("email");
        assertThat(client.get("/config/users-value").json().path("compatibilityLevel").asText()).isEqualTo("FULL");
        assertThat(client.get("/mode/users-value").json().path("mode").asText()).isEqualTo("READONLY");
    }

    @Test
    void subjectNamesWithSlashesAndSpacesAreUrlDecoded() {
        register("my topic/with-slash-value", USER_V1);
        assertThat(client.get("/subjects/" + RestClient.encode("my topic/with-slash-value") + "/versions").json().toString())
                .isEqualTo("[1]");
    }

    @Test
    void unknownEndpointsAnswer404WithAnErrorBody() {
        assertError(client.get("/nothing/here"), 404, 404);
    }

    @Test
    void eventNamingCheckWarnsOrRejectsCommandNames() {
        String command = USER_V1.replace("UserRegistered", "SendWelcomeEmail");
        assertThat(client.register("off", null, command).status()).as("off by default").isEqualTo(200);
        client.put("/config/warned", RestClient.JSON.createObjectNode().put("eventNaming", "warn"));
        RestClient.Response warned = client.register("warned", null, command);
        assertThat(warned.status()).isEqualTo(200);
        assertThat(warned.json().path("warnings").toString()).contains("WelcomeEmailSent");
        client.put("/config", RestClient.JSON.createObjectNode().put("eventNaming", "REJECT"));
        RestClient.Response rejected = client.register("rejected", null, command);
        assertError(rejected, 422, 42201);
        assertThat(rejected.json().path("message").asText()).contains("SendWelcomeEmail", "WelcomeEmailSent");
        assertThat(client.register("rejected", null, USER_V1).status()).isEqualTo(200);
        assertThat(client.get("/config").json().path("eventNaming").asText()).isEqualTo("REJECT");
        assertError(client.put("/config", RestClient.JSON.createObjectNode().put("eventNaming", "maybe")), 422, 42203);
    }

    @Test
    void refusesOversizedBodiesWith42209() {
        String huge = "x".repeat(17 * 1024 * 1024);
        assertError(client.register("big", null, huge), 422, 42209);
        assertThat(client.get("/").status()).as("still serving").isEqualTo(200);
    }

    @Test
    void compatibilityGroupLetsANewMajorVersionBreakCompatibility() {
        client.put("/config/orders-value", RestClient.JSON.createObjectNode().put("compatibilityGroup", "major"));
        ObjectNode v1 = RestClient.schemaBody(null, USER_V1);
        v1.putObject("metadata").putObject("properties").put("major", "1");
        assertThat(client.post("/subjects/orders-value/versions", v1).status()).isEqualTo(200);
        ObjectNode breaking = RestClient.schemaBody(null, USER_INCOMPATIBLE);
        breaking.putObject("metadata").putObject("properties").put("major", "1");
        assertError(client.post("/subjects/orders-value/versions", breaking), 409, 409);
        ((ObjectNode) breaking.path("metadata").path("properties")).put("major", "2");
        assertThat(client.post("/subjects/orders-value/versions", breaking).status()).isEqualTo(200);
    }

    @Test
    void newVersionsInheritMetadataAndRuleSetAndConfigDefaultsAndOverridesApply() {
        ObjectNode v1 = RestClient.schemaBody(null, USER_V1);
        v1.putObject("metadata").putObject("tags").putArray("UserRegistered.id").add("PII");
        assertThat(client.post("/subjects/users-value/versions", v1).status()).isEqualTo(200);
        assertThat(register("users-value", USER_V2)).isEqualTo(2);
        assertThat(client.get("/subjects/users-value/versions/2").json().path("metadata").path("tags").toString())
                .as("a serializer sending no metadata keeps the PII tags").isEqualTo("{\"UserRegistered.id\":[\"PII\"]}");
        assertThat(register("users-value", USER_V2)).as("still idempotent").isEqualTo(2);

        ObjectNode config = RestClient.JSON.createObjectNode();
        config.putObject("overrideRuleSet").putArray("domainRules").addObject().put("name", "redactPII")
                .put("kind", "TRANSFORM").put("mode", "READ").put("type", "REDACT").putArray("tags").add("PII");
        config.putObject("defaultMetadata").putObject("properties").put("owner", "platform");
        client.put("/config", config);
        assertThat(register("orders-value", USER_V1.replace("UserRegistered", "OrderPlaced"))).isPositive();
        JsonNode orders = client.get("/subjects/orders-value/versions/1").json();
        assertThat(orders.path("ruleSet").path("domainRules").get(0).path("name").asText()).isEqualTo("redactPII");
        assertThat(orders.path("metadata").path("properties").path("owner").asText()).isEqualTo("platform");
    }

    @Test
    void deeplyNestedSchemasAreRefusedAndTheRegistryKeepsServing() {
        String proto = "syntax = \"proto3\";\n" + "message M { ".repeat(20_000) + "}".repeat(20_000);
        assertThat(client.register("deep-p", "PROTOBUF", proto).status()).isEqualTo(422);
        String avro = "{\"type\":\"array\",\"items\":".repeat(5_000) + "\"int\"" + "}".repeat(5_000);
        assertThat(client.register("deep-a", null, avro).status()).isEqualTo(422);
        String json = "{\"items\":".repeat(5_000) + "{}" + "}".repeat(5_000);
        assertThat(client.register("deep-j", "JSON", json).status()).isEqualTo(422);
        assertThat(client.get("/").status()).isEqualTo(200);
    }

    @Test
    void concurrentRegistrationsGetDistinctIdsAndVersions() throws Exception {
        client.put("/config", RestClient.JSON.createObjectNode().put("compatibility", "NONE"));
        List<java.util.concurrent.Future<Integer>> ids = new java.util.ArrayList<>();
        try (var executor = java.util.concurrent.Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 64; i++) {
                String schema = "{\"type\":\"record\",\"name\":\"E" + i + "\",\"fields\":[]}";
                String subject = "s" + (i % 4);
                ids.add(executor.submit(() -> new RestClient(registry.port()).register(subject, null, schema).json().path("id").asInt()));
            }
        }
        java.util.Set<Integer> distinct = new java.util.HashSet<>();
        for (var id : ids) {
            distinct.add(id.get());
        }
        assertThat(distinct).hasSize(64).doesNotContain(0);
        assertThat(client.get("/subjects/s0/versions").json()).hasSize(16);
    }
}
