package dev.herald.registry.compatibility.protobuf;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.squareup.wire.schema.Field;
import com.squareup.wire.schema.internal.parser.EnumElement;
import com.squareup.wire.schema.internal.parser.FieldElement;
import com.squareup.wire.schema.internal.parser.MessageElement;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.TypeElement;

import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the {@code FileDescriptorProto} of a parsed {@code .proto} file, for clients that ask for schemas with
 * {@code format=serialized} (Confluent's JavaScript Protobuf serdes read schemas only that way). Type names are
 * fully qualified where the file or its references declare them; others (bundled well-known types) are left as
 * written for the client to resolve. Options are not carried. Stateless.
 */
final class DescriptorBuilder {
    private static final Map<String, FieldDescriptorProto.Type> SCALARS = Map.ofEntries(
            Map.entry("double", FieldDescriptorProto.Type.TYPE_DOUBLE), Map.entry("float", FieldDescriptorProto.Type.TYPE_FLOAT),
            Map.entry("int64", FieldDescriptorProto.Type.TYPE_INT64), Map.entry("uint64", FieldDescriptorProto.Type.TYPE_UINT64),
            Map.entry("int32", FieldDescriptorProto.Type.TYPE_INT32), Map.entry("fixed64", FieldDescriptorProto.Type.TYPE_FIXED64),
            Map.entry("fixed32", FieldDescriptorProto.Type.TYPE_FIXED32), Map.entry("bool", FieldDescriptorProto.Type.TYPE_BOOL),
            Map.entry("string", FieldDescriptorProto.Type.TYPE_STRING), Map.entry("bytes", FieldDescriptorProto.Type.TYPE_BYTES),
            Map.entry("uint32", FieldDescriptorProto.Type.TYPE_UINT32), Map.entry("sfixed32", FieldDescriptorProto.Type.TYPE_SFIXED32),
            Map.entry("sfixed64", FieldDescriptorProto.Type.TYPE_SFIXED64), Map.entry("sint32", FieldDescriptorProto.Type.TYPE_SINT32),
            Map.entry("sint64", FieldDescriptorProto.Type.TYPE_SINT64));

    private final TypeIndex types;
    private final boolean proto3;
    private final String packageName;

    private DescriptorBuilder(ProtoFileElement file, TypeIndex types) {
        this.types = types;
        this.proto3 = file.getSyntax() != null && file.getSyntax().name().equals("PROTO_3");
        this.packageName = file.getPackageName() == null ? "" : file.getPackageName();
    }

    /** The base64 FileDescriptorProto of {@code file}, named {@code fileName}. */
    static String base64(ProtoFileElement file, String fileName, TypeIndex types) {
        return Base64.getEncoder().encodeToString(new DescriptorBuilder(file, types).build(file, fileName).toByteArray());
    }

    private FileDescriptorProto build(ProtoFileElement file, String fileName) {
        FileDescriptorProto.Builder descriptor = FileDescriptorProto.newBuilder().setName(fileName)
                .setSyntax(proto3 ? "proto3" : "proto2");
        if (!packageName.isEmpty()) {
            descriptor.setPackage(packageName);
        }
        file.getImports().forEach(descriptor::addDependency);
        for (String imported : file.getPublicImports()) {
            descriptor.addPublicDependency(descriptor.getDependencyCount());
            descriptor.addDependency(imported);
        }
        file.getWeakImports().forEach(descriptor::addDependency);
        for (TypeElement type : file.getTypes()) {
            if (type instanceof MessageElement message) {
                descriptor.addMessageType(message(message, qualify(message.getName())));
            } else if (type instanceof EnumElement enumeration) {
                descriptor.addEnumType(enumeration(enumeration));
            }
        }
        return descriptor.build();
    }

    private String qualify(String relative) {
        return packageName.isEmpty() ? relative : packageName + "." + relative;
    }

    private DescriptorProto message(MessageElement message, String fullName) {
        DescriptorProto.Builder descriptor = DescriptorProto.newBuilder().setName(message.getName());
        // Declared oneofs first: the synthetic ones of proto3 "optional" fields must come last.
        message.getOneOfs().forEach(o -> descriptor.addOneofDecl(OneofDescriptorProto.newBuilder().setName(o.getName())));
        for (FieldElement field : message.getFields()) {
            addField(descriptor, field, fullName, -1);
        }
        for (int index = 0; index < message.getOneOfs().size(); index++) {
            int oneofIndex = index;
            message.getOneOfs().get(index).getFields().forEach(field -> addField(descriptor, field, fullName, oneofIndex));
        }
        for (TypeElement nested : message.getNestedTypes()) {
            if (nested instanceof MessageElement nestedMessage) {
                descriptor.addNestedType(message(nestedMessage, fullName + "." + nestedMessage.getName()));
            } else if (nested instanceof EnumElement nestedEnum) {
                descriptor.addEnumType(enumeration(nestedEnum));
            }
        }
        return descriptor.build();
    }

    private void addField(DescriptorProto.Builder message, FieldElement field, String scope, int oneofIndex) {
        FieldDescriptorProto.Builder descriptor = FieldDescriptorProto.newBuilder().setName(field.getName())
                .setNumber(field.getTag()).setLabel(label(field.getLabel()));
        String type = field.getType();
        if (type.startsWith("map<")) {
            String entryName = camel(field.getName()) + "Entry";
            String[] keyValue = type.substring(4, type.length() - 1).split(",", 2);
            message.addNestedType(DescriptorProto.newBuilder().setName(entryName)
                    .setOptions(MessageOptions.newBuilder().setMapEntry(true))
                    .addField(typed(FieldDescriptorProto.newBuilder().setName("key").setNumber(1)
                            .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL), keyValue[0].trim(), scope))
                    .addField(typed(FieldDescriptorProto.newBuilder().setName("value").setNumber(2)
                            .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL), keyValue[1].trim(), scope)));
            descriptor.setLabel(FieldDescriptorProto.Label.LABEL_REPEATED)
                    .setType(FieldDescriptorProto.Type.TYPE_MESSAGE).setTypeName("." + scope + "." + entryName);
        } else {
            typed(descriptor, type, scope);
        }
        if (oneofIndex >= 0) {
            descriptor.setOneofIndex(oneofIndex).setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL);
        } else if (proto3 && field.getLabel() == Field.Label.OPTIONAL) {
            // proto3 "optional" is a synthetic single-field oneof in descriptors.
            descriptor.setProto3Optional(true).setOneofIndex(message.getOneofDeclCount());
            message.addOneofDecl(OneofDescriptorProto.newBuilder().setName("_" + field.getName()));
        }
        message.addField(descriptor);
    }

    private FieldDescriptorProto.Builder typed(FieldDescriptorProto.Builder field, String type, String scope) {
        FieldDescriptorProto.Type scalar = SCALARS.get(type);
        if (scalar != null) {
            return field.setType(scalar);
        }
        TypeIndex.DeclaredType declared = types.resolve(type, scope);
        if (declared == null) {
            // Not declared here: a bundled file (google/protobuf/..., confluent/...), whose types are messages
            // but for google.protobuf.NullValue; written names there are package-qualified.
            return field.setTypeName(type.startsWith(".") ? type : "." + type).setType(type.endsWith("NullValue")
                    ? FieldDescriptorProto.Type.TYPE_ENUM : FieldDescriptorProto.Type.TYPE_MESSAGE);
        }
        return field.setTypeName("." + declared.fullName()).setType(declared.isEnum()
                ? FieldDescriptorProto.Type.TYPE_ENUM : FieldDescriptorProto.Type.TYPE_MESSAGE);
    }

    private FieldDescriptorProto.Label label(Field.Label label) {
        if (label == Field.Label.REPEATED) {
            return FieldDescriptorProto.Label.LABEL_REPEATED;
        }
        return label == Field.Label.REQUIRED ? FieldDescriptorProto.Label.LABEL_REQUIRED : FieldDescriptorProto.Label.LABEL_OPTIONAL;
    }

    private static EnumDescriptorProto enumeration(EnumElement enumeration) {
        EnumDescriptorProto.Builder descriptor = EnumDescriptorProto.newBuilder().setName(enumeration.getName());
        enumeration.getConstants().forEach(constant -> descriptor.addValue(
                EnumValueDescriptorProto.newBuilder().setName(constant.getName()).setNumber(constant.getTag())));
        return descriptor.build();
    }

    /** protoc's map entry name: the field name in CamelCase. */
    private static String camel(String name) {
        StringBuilder out = new StringBuilder();
        boolean upper = true;
        for (char c : name.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString().isEmpty() ? name.toUpperCase(Locale.ROOT) : out.toString();
    }
}
