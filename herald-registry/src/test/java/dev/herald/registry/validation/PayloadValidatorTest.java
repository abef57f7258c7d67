package dev.herald.registry.validation;

import dev.herald.registry.RegistryConfig;
import dev.herald.registry.SchemaRegistry;
import dev.herald.registry.store.MemorySchemaLog;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Broker-side validation of framed payloads against the registry, for each format. */
@Timeout(30)
class PayloadValidatorTest {
    private static final String AVRO = "{\"type\":\"record\",\"name\":\"OrderPlaced\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},"
            + "{\"name\":\"qty\",\"type\":\"int\"}]}";
    private static final String JSON = "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"}},\"required\":[\"id\"]}";
    private static final String PROTO = "syntax = \"proto3\"; message OrderPlaced { string id = 1; int32 qty = 2; }";

    private SchemaRegistry registry;
    private PayloadValidator validator;

    @BeforeEach
    void start() {
        registry = SchemaRegistry.start(RegistryConfig.of(null, "127.0.0.1", 0), new MemorySchemaLog());
        validator = registry.payloadValidator();
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    private int register(String subject, String type, String schema) throws Exception {
        String body = "{\"schemaType\":\"" + type + "\",\"schema\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(schema) + "}";
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + registry.port()
                    + "/subjects/" + subject + "/versions")).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return Integer.parseInt(response.body().replaceAll("\\D", ""));
        }
    }

    private static ByteBuffer framed(int id, byte[] payload) {
        return ByteBuffer.allocate(5 + payload.length).put((byte) 0).putInt(id).put(payload).flip();
    }

    private static byte[] avro(String id, int qty) throws IOException {
        Schema schema = new Schema.Parser().parse(AVRO);
        GenericRecord record = new GenericData.Record(schema);
        record.put("id", id);
        record.put("qty", qty);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    @Test
    void acceptsAvroThatDecodesAndRefusesWhatDoesNot() throws Exception {
        int id = register("orders-value", "AVRO", AVRO);
        assertThat(validator.validate("orders", false, framed(id, avro("o-1", 3)))).isEqualTo(new PayloadValidator.Verdict.Valid(id));
        byte[] truncated = avro("o-1", 3);
        assertThat(validator.validate("orders", false, framed(id, java.util.Arrays.copyOf(truncated, 2))))
                .isInstanceOf(PayloadValidator.Verdict.Invalid.class);
        byte[] trailing = java.util.Arrays.copyOf(truncated, truncated.length + 1);
        assertThat(validator.validate("orders", false, framed(id, trailing))).isInstanceOf(PayloadValidator.Verdict.Invalid.class);
    }

    @Test
    void refusesUnframedPayloadsUnknownIdsAndIdsOfOtherSubjects() throws Exception {
        int id = register("orders-value", "AVRO", AVRO);
        int other = register("users-value", "JSON", JSON);
        PayloadValidator.Verdict unframed = validator.validate("orders", false, ByteBuffer.wrap("{\"id\":1}".getBytes(StandardCharsets.UTF_8)));
        assertThat(unframed).isInstanceOf(PayloadValidator.Verdict.Invalid.class);
        assertThat(((PayloadValidator.Verdict.Invalid) unframed).reason()).contains("magic byte 0", "orders-value");
        assertThat(validator.validate("orders", false, framed(99, avro("o", 1)))).isInstanceOf(PayloadValidator.Verdict.Invalid.class);
        PayloadValidator.Verdict wrongSubject = validator.validate("orders", false, framed(other, "{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
        assertThat(((PayloadValidator.Verdict.Invalid) wrongSubject).reason()).contains("not registered under subject orders-value");
        assertThat(validator.validate("orders", true, framed(id, avro("o", 1)))).as("keys use <topic>-key")
                .isInstanceOf(PayloadValidator.Verdict.Invalid.class);
    }

    @Test
    void validatesJsonPayloadsAgainstTheSchema() throws Exception {
        int id = register("payments-value", "JSON", JSON);
        assertThat(validator.validate("payments", false, framed(id, "{\"id\":\"p-1\"}".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(new PayloadValidator.Verdict.Valid(id));
        PayloadValidator.Verdict missing = validator.validate("payments", false, framed(id, "{\"amount\":1}".getBytes(StandardCharsets.UTF_8)));
        assertThat(((PayloadValidator.Verdict.Invalid) missing).reason()).contains("id");
        assertThat(validator.validate("payments", false, framed(id, "{oops".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(PayloadValidator.Verdict.Invalid.class);
    }

    @Test
    void checksProtobufFramingAndWireData() throws Exception {
        int id = register("shipments-value", "PROTOBUF", PROTO);
        byte[] message = {0x00, 0x0A, 0x03, 'p', '-', '1', 0x10, 0x05};
        assertThat(validator.validate("shipments", false, framed(id, message))).isEqualTo(new PayloadValidator.Verdict.Valid(id));
        byte[] badIndex = {0x02, 0x02, 0x0A, 0x00};
        assertThat(validator.validate("shipments", false, framed(id, badIndex))).isInstanceOf(PayloadValidator.Verdict.Invalid.class);
        byte[] truncated = {0x00, 0x0A, 0x09, 'p'};
        assertThat(((PayloadValidator.Verdict.Invalid) validator.validate("shipments", false, framed(id, truncated))).reason())
                .contains("malformed protobuf");
    }
}
