package dev.herald.registry.compatibility.protobuf;

import dev.herald.registry.format.CompatibilityPolicy;
import dev.herald.registry.format.InvalidSchemaException;
import dev.herald.registry.format.ParsedSchema;
import dev.herald.registry.format.ResolvedReference;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Protobuf rules beyond the shared vectors: reserved names, imports, canonical text. */
class ProtobufDiffTest {
    private final ProtobufFormat format = new ProtobufFormat();

    @Test
    void addingAFieldNamedInConfluentReservedMetadataIsIncompatible() throws InvalidSchemaException {
        Map<String, String> reserved = Map.of("confluent:reserved", "cost, status");
        ParsedSchema before = format.parse("syntax = \"proto3\"; message M { string a = 1; }", List.of(), reserved);
        ParsedSchema after = format.parse("syntax = \"proto3\"; message M { string a = 1; int32 cost = 2; }", List.of(), reserved);
        assertThat(after.backwardIncompatibilities(before, CompatibilityPolicy.STRICT)).singleElement().asString()
                .contains("FIELD_CONFLICTS_WITH_RESERVED");
    }

    @Test
    void importsMustBeRegisteredReferencesUnlessBundled() {
        assertThatThrownBy(() -> format.parse("syntax = \"proto3\"; import \"other.proto\"; message M { Other o = 1; }",
                List.of(), Map.of())).isInstanceOf(InvalidSchemaException.class).hasMessageContaining("references");
    }

    @Test
    void bundledAndReferencedImportsParse() throws InvalidSchemaException {
        ParsedSchema parsed = format.parse("syntax = \"proto3\"; import \"google/protobuf/timestamp.proto\"; "
                + "import \"other.proto\"; message M { google.protobuf.Timestamp at = 1; Other o = 2; }",
                List.of(new ResolvedReference("other.proto", "syntax = \"proto3\"; message Other { int32 x = 1; }")), Map.of());
        assertThat(parsed.eventNames()).containsExactly("M");
    }

    @Test
    void canonicalTextParsesBackToAnEquivalentSchema() throws InvalidSchemaException {
        ParsedSchema parsed = format.parse("syntax=\"proto3\";package a.b;message OrderPlaced{string id=1;oneof pay{string card=2;string iban=3;}"
                + "map<string,int32> counts=4;enum Kind{A=0;B=1;}}", List.of(), Map.of());
        ParsedSchema again = format.parse(parsed.canonical(), List.of(), Map.of());
        assertThat(again.canonical()).isEqualTo(parsed.canonical());
        assertThat(again.backwardIncompatibilities(parsed, CompatibilityPolicy.STRICT)).isEmpty();
    }

    @Test
    void changingAMapValueTypeIsIncompatible() throws InvalidSchemaException {
        ParsedSchema before = format.parse("syntax = \"proto3\"; message M { map<string, int32> m = 1; }", List.of(), Map.of());
        ParsedSchema after = format.parse("syntax = \"proto3\"; message M { map<string, string> m = 1; }", List.of(), Map.of());
        assertThat(after.backwardIncompatibilities(before, CompatibilityPolicy.STRICT)).isNotEmpty();
    }

    @Test
    void acceptsABase64FileDescriptorAsProtobufSerializersRegisterIt() throws InvalidSchemaException {
        String base64 = java.util.Base64.getEncoder().encodeToString(
                com.google.protobuf.Struct.getDescriptor().getFile().toProto().toByteArray());
        ParsedSchema parsed = format.parse(base64, List.of(), Map.of());
        assertThat(parsed.canonical()).contains("package google.protobuf;", "message Struct",
                "map<string, .google.protobuf.Value> fields = 1;", "oneof kind", "enum NullValue", "repeated .google.protobuf.Value values = 1;");
        ParsedSchema fromText = format.parse(parsed.canonical(), List.of(), Map.of());
        assertThat(fromText.canonical()).isEqualTo(parsed.canonical());
        assertThat(fromText.backwardIncompatibilities(parsed, CompatibilityPolicy.STRICT)).isEmpty();
    }

    @Test
    void serializedFormIsAValidFileDescriptorThatRendersBackToTheSameSchema() throws Exception {
        String text = "syntax = \"proto3\";\npackage shop;\nimport \"google/protobuf/timestamp.proto\";\n"
                + "message OrderPlaced {\n  string id = 1;\n  optional int32 qty = 2;\n  map<string, Line> lines = 3;\n"
                + "  oneof payment { string card = 4; Kind kind = 5; }\n  google.protobuf.Timestamp at = 6;\n"
                + "  repeated Line extra = 7;\n  message Line { string sku = 1; }\n  enum Kind { A = 0; B = 1; }\n}\n";
        ParsedSchema parsed = format.parse(text, List.of(), Map.of());
        String base64 = parsed.serialized("orders.proto");
        var descriptor = com.google.protobuf.DescriptorProtos.FileDescriptorProto.parseFrom(java.util.Base64.getDecoder().decode(base64));
        var built = com.google.protobuf.Descriptors.FileDescriptor.buildFrom(descriptor,
                new com.google.protobuf.Descriptors.FileDescriptor[] {com.google.protobuf.Timestamp.getDescriptor().getFile()});
        var order = built.findMessageTypeByName("OrderPlaced");
        assertThat(order.findFieldByName("lines").isMapField()).isTrue();
        assertThat(order.findFieldByName("qty").hasPresence()).isTrue();
        assertThat(order.findFieldByName("kind").getContainingOneof().getName()).isEqualTo("payment");
        assertThat(order.findFieldByName("at").getMessageType().getFullName()).isEqualTo("google.protobuf.Timestamp");
        ParsedSchema back = format.parse(base64, List.of(), Map.of());
        assertThat(back.backwardIncompatibilities(parsed, CompatibilityPolicy.STRICT)).isEmpty();
        assertThat(parsed.backwardIncompatibilities(back, CompatibilityPolicy.STRICT)).isEmpty();
    }
}
