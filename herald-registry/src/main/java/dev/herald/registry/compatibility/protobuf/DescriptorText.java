package dev.herald.registry.compatibility.protobuf;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.InvalidProtocolBufferException;

import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Renders a base64-encoded {@code FileDescriptorProto} as {@code .proto} text. Protobuf serializers that start
 * from compiled classes (confluent-kafka-python, Confluent's JavaScript serdes) register the schema that way,
 * and Confluent's registry accepts it. The text covers what compatibility needs: syntax, package, imports,
 * messages (nested, oneofs, maps, labels, numbers), enums and reserved names/ranges; options are left out.
 * Stateless.
 */
final class DescriptorText {
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/=\\r\\n]+");

    private DescriptorText() {
    }

    /** The {@code .proto} text of {@code schema} when it is a base64 FileDescriptorProto; empty otherwise. */
    static Optional<String> fromBase64(String schema) {
        String trimmed = schema.strip();
        if (trimmed.isEmpty() || !BASE64.matcher(trimmed).matches()) {
            return Optional.empty();
        }
        try {
            FileDescriptorProto file = FileDescriptorProto.parseFrom(Base64.getMimeDecoder().decode(trimmed));
            return file.getMessageTypeCount() + file.getEnumTypeCount() == 0 && file.getSyntax().isEmpty()
                    && file.getPackage().isEmpty() ? Optional.empty() : Optional.of(render(file));
        } catch (IllegalArgumentException | InvalidProtocolBufferException notADescriptor) {
            return Optional.empty();
        }
    }

    static String render(FileDescriptorProto file) {
        StringBuilder out = new StringBuilder();
        boolean proto3 = file.getSyntax().equals("proto3");
        out.append("syntax = \"").append(proto3 ? "proto3" : "proto2").append("\";\n");
        if (!file.getPackage().isEmpty()) {
            out.append("package ").append(file.getPackage()).append(";\n");
        }
        for (int i = 0; i < file.getDependencyCount(); i++) {
            out.append(file.getPublicDependencyList().contains(i) ? "import public \"" : "import \"")
                    .append(file.getDependency(i)).append("\";\n");
        }
        file.getMessageTypeList().forEach(message -> message(out, message, proto3, ""));
        file.getEnumTypeList().forEach(enumeration -> enumeration(out, enumeration, ""));
        return out.toString();
    }

    private static void message(StringBuilder out, DescriptorProto message, boolean proto3, String indent) {
        out.append(indent).append("message ").append(message.getName()).append(" {\n");
        String inner = indent + "  ";
        Map<String, DescriptorProto> mapEntries = new HashMap<>();
        message.getNestedTypeList().stream().filter(n -> n.getOptions().getMapEntry())
                .forEach(n -> mapEntries.put(n.getName(), n));
        for (FieldDescriptorProto field : message.getFieldList()) {
            if (!field.hasOneofIndex() || field.getProto3Optional()) {
                field(out, field, proto3, inner, mapEntries);
            }
        }
        for (int i = 0; i < message.getOneofDeclCount(); i++) {
            int index = i;
            List<FieldDescriptorProto> members = message.getFieldList().stream()
                    .filter(f -> f.hasOneofIndex() && f.getOneofIndex() == index && !f.getProto3Optional()).toList();
            if (!members.isEmpty()) {
                out.append(inner).append("oneof ").append(message.getOneofDecl(i).getName()).append(" {\n");
                members.forEach(f -> out.append(inner).append("  ").append(type(f, mapEntries)).append(' ')
                        .append(f.getName()).append(" = ").append(f.getNumber()).append(";\n"));
                out.append(inner).append("}\n");
            }
        }
        message.getReservedRangeList().forEach(r -> out.append(inner).append("reserved ").append(r.getStart())
                .append(r.getEnd() - 1 == r.getStart() ? "" : " to " + (r.getEnd() - 1)).append(";\n"));
        message.getReservedNameList().forEach(n -> out.append(inner).append("reserved \"").append(n).append("\";\n"));
        message.getNestedTypeList().stream().filter(n -> !n.getOptions().getMapEntry())
                .forEach(n -> message(out, n, proto3, inner));
        message.getEnumTypeList().forEach(e -> enumeration(out, e, inner));
        out.append(indent).append("}\n");
    }

    private static void field(StringBuilder out, FieldDescriptorProto field, boolean proto3, String indent,
                              Map<String, DescriptorProto> mapEntries) {
        String type = type(field, mapEntries);
        out.append(indent);
        if (!type.startsWith("map<")) {
            out.append(switch (field.getLabel()) {
                case LABEL_REPEATED -> "repeated ";
                case LABEL_REQUIRED -> "required ";
                default -> !proto3 || field.getProto3Optional() ? "optional " : "";
            });
        }
        out.append(type).append(' ').append(field.getName()).append(" = ").append(field.getNumber()).append(";\n");
    }

    private static String type(FieldDescriptorProto field, Map<String, DescriptorProto> mapEntries) {
        if (field.hasTypeName()) {
            String name = field.getTypeName();
            DescriptorProto entry = mapEntries.get(name.substring(name.lastIndexOf('.') + 1));
            if (entry != null && field.getLabel() == FieldDescriptorProto.Label.LABEL_REPEATED) {
                return "map<" + type(entry.getField(0), Map.of()) + ", " + type(entry.getField(1), Map.of()) + ">";
            }
            return name;
        }
        return field.getType().name().substring("TYPE_".length()).toLowerCase(Locale.ROOT);
    }

    private static void enumeration(StringBuilder out, EnumDescriptorProto enumeration, String indent) {
        out.append(indent).append("enum ").append(enumeration.getName()).append(" {\n");
        for (EnumValueDescriptorProto value : enumeration.getValueList()) {
            out.append(indent).append("  ").append(value.getName()).append(" = ").append(value.getNumber()).append(";\n");
        }
        out.append(indent).append("}\n");
    }
}
