package dev.herald.registry.compatibility.protobuf;

import com.squareup.wire.schema.Field;
import com.squareup.wire.schema.internal.parser.EnumElement;
import com.squareup.wire.schema.internal.parser.FieldElement;
import com.squareup.wire.schema.internal.parser.MessageElement;
import com.squareup.wire.schema.internal.parser.OneOfElement;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.TypeElement;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compares two Protobuf schemas the way Confluent's registry does, for a reader using the update: fields are
 * matched by tag number; a field may be renamed, added or removed, may change between wire-compatible scalar
 * types, and may move out of a oneof or alone into a new oneof; it may not change kind (scalar, message, map),
 * named type, numeric repeatedness, or join a oneof with other existing fields. Messages declared by the file
 * may not disappear; the package may not change. Referenced message types are compared where fields use them.
 * Confined to one comparison.
 *
 * <pre>
 * scalar groups (a change inside a group is compatible):
 *   int32 int64 uint32 uint64 bool enum | sint32 sint64 | string bytes | fixed32 sfixed32 | fixed64 sfixed64
 *   | float | double
 * </pre>
 */
final class ProtobufDiff {
    private static final Map<String, String> SCALAR_GROUPS = scalarGroups();

    /** One change; {@code compatible} says whether a reader using the update still reads old data. */
    record Change(String type, String path, boolean compatible) {
        @Override
        public String toString() {
            return type + " " + path;
        }
    }

    private record FieldInfo(FieldElement element, String oneof) {
    }

    private record FieldType(String kind, String group, TypeIndex.DeclaredType declared, String name, FieldType mapValue) {
    }

    private final ProtobufParsedSchema original;
    private final ProtobufParsedSchema update;
    private final TypeIndex originalTypes;
    private final TypeIndex updateTypes;
    private final Set<String> comparing = new HashSet<>();
    private final List<Change> changes = new ArrayList<>();

    private ProtobufDiff(ProtobufParsedSchema original, ProtobufParsedSchema update) {
        this.original = original;
        this.update = update;
        this.originalTypes = original.types();
        this.updateTypes = update.types();
    }

    static List<Change> compare(ProtobufParsedSchema original, ProtobufParsedSchema update) {
        ProtobufDiff diff = new ProtobufDiff(original, update);
        diff.compareFiles();
        return diff.changes;
    }

    private void add(String type, String path, boolean compatible) {
        changes.add(new Change(type, path, compatible));
    }

    private void compareFiles() {
        if (!Objects.equals(packageOf(original.file()), packageOf(update.file()))) {
            add("PACKAGE_CHANGED", "#/", false);
        }
        Map<String, MessageElement> before = messages(original.file());
        Map<String, MessageElement> after = messages(update.file());
        before.forEach((name, message) -> {
            if (after.containsKey(name)) {
                compareMessage(qualify(original.file(), name), message, qualify(update.file(), name), after.get(name),
                        "#/" + name.replace('.', '/'), changes);
            } else {
                add("MESSAGE_REMOVED", "#/" + name.replace('.', '/'), false);
            }
        });
        after.keySet().stream().filter(n -> !before.containsKey(n))
                .forEach(n -> add("MESSAGE_ADDED", "#/" + n.replace('.', '/'), true));
        compareEnums();
        compareReserved(after);
    }

    private void compareEnums() {
        Set<String> before = enums(original.file());
        Set<String> after = enums(update.file());
        before.stream().filter(n -> !after.contains(n)).forEach(n -> add("ENUM_REMOVED", "#/" + n, true));
        after.stream().filter(n -> !before.contains(n)).forEach(n -> add("ENUM_ADDED", "#/" + n, true));
    }

    /** Confluent's {@code confluent:reserved} metadata: names that must stay reserved and unused. */
    private void compareReserved(Map<String, MessageElement> after) {
        for (String name : original.reserved()) {
            if (!update.reserved().contains(name)) {
                add("RESERVED_FIELD_REMOVED", "#/" + name, false);
            }
        }
        after.forEach((messageName, message) -> fields(message).values().stream()
                .filter(f -> update.reserved().contains(f.element().getName()))
                .forEach(f -> add("FIELD_CONFLICTS_WITH_RESERVED", "#/" + messageName + "/" + f.element().getTag(), false)));
    }

    private void compareMessage(String beforeName, MessageElement before, String afterName, MessageElement after,
                                String path, List<Change> out) {
        String key = beforeName + "|" + afterName;
        if (!comparing.add(key)) {
            return;
        }
        try {
            Map<Integer, FieldInfo> beforeFields = fields(before);
            Map<Integer, FieldInfo> afterFields = fields(after);
            beforeFields.forEach((tag, field) -> {
                FieldInfo now = afterFields.get(tag);
                if (now == null) {
                    fieldRemoved(field, path, out);
                } else {
                    compareField(beforeName, field, afterName, now, path, out);
                }
            });
            afterFields.forEach((tag, field) -> {
                if (!beforeFields.containsKey(tag)) {
                    fieldAdded(field, path, out);
                }
            });
            compareOneofs(before, beforeFields, after, path, out);
        } finally {
            comparing.remove(key);
        }
    }

    private static void fieldRemoved(FieldInfo field, String path, List<Change> out) {
        String at = path + "/" + field.element().getTag();
        if (field.oneof() != null) {
            out.add(new Change("ONEOF_FIELD_REMOVED", path + "/" + field.oneof() + "/" + field.element().getTag(), false));
        } else if (field.element().getLabel() == Field.Label.REQUIRED) {
            out.add(new Change("REQUIRED_FIELD_REMOVED", at, false));
        } else {
            out.add(new Change("FIELD_REMOVED", at, true));
        }
    }

    private static void fieldAdded(FieldInfo field, String path, List<Change> out) {
        if (field.element().getLabel() == Field.Label.REQUIRED) {
            out.add(new Change("REQUIRED_FIELD_ADDED", path + "/" + field.element().getTag(), false));
        } else if (field.oneof() != null) {
            out.add(new Change("ONEOF_FIELD_ADDED", path + "/" + field.oneof() + "/" + field.element().getTag(), true));
        } else {
            out.add(new Change("FIELD_ADDED", path + "/" + field.element().getTag(), true));
        }
    }

    private void compareField(String beforeScope, FieldInfo before, String afterScope, FieldInfo after, String path,
                              List<Change> out) {
        String at = path + "/" + (after.oneof() == null ? "" : after.oneof() + "/") + after.element().getTag();
        if (!before.element().getName().equals(after.element().getName())) {
            out.add(new Change("FIELD_NAME_CHANGED", at, true));
        }
        if (before.oneof() != null && after.oneof() == null) {
            out.add(new Change("ONEOF_FIELD_MOVED_TO_TOP_LEVEL", path + "/" + after.element().getTag(), true));
        }
        FieldType oldType = typeOf(before.element().getType(), beforeScope, originalTypes);
        FieldType newType = typeOf(after.element().getType(), afterScope, updateTypes);
        compareTypes(oldType, before.element().getType(), newType, after.element().getType(), at, out);
        compareLabels(before.element(), after.element(), oldType, at, out);
    }

    private void compareTypes(FieldType before, String beforeText, FieldType after, String afterText, String at,
                              List<Change> out) {
        if (!before.kind().equals(after.kind())) {
            out.add(new Change("FIELD_KIND_CHANGED", at, false));
        } else if (before.kind().equals("map")) {
            String[] oldParts = mapParts(beforeText);
            String[] newParts = mapParts(afterText);
            if (!Objects.equals(before.group(), after.group())) {
                out.add(new Change("FIELD_SCALAR_KIND_CHANGED", at, false));
            }
            compareTypes(before.mapValue(), oldParts[1], after.mapValue(), newParts[1], at, out);
        } else if (before.kind().equals("scalar")) {
            if (!before.group().equals(after.group())) {
                out.add(new Change("FIELD_SCALAR_KIND_CHANGED", at, false));
            }
        } else {
            compareNamedTypes(before, after, at, out);
        }
    }

    private void compareNamedTypes(FieldType before, FieldType after, String at, List<Change> out) {
        if (!before.name().equals(after.name())) {
            out.add(new Change("FIELD_NAMED_TYPE_CHANGED", at, false));
            return;
        }
        if (before.declared() != null && after.declared() != null && before.declared().isMessage()
                && after.declared().isMessage()) {
            List<Change> nested = new ArrayList<>();
            compareMessage(before.declared().fullName(), (MessageElement) before.declared().element(),
                    after.declared().fullName(), (MessageElement) after.declared().element(),
                    "#/" + after.declared().relativeName().replace('.', '/'), nested);
            if (nested.stream().anyMatch(c -> !c.compatible())) {
                out.addAll(nested);
                out.add(new Change("FIELD_NAMED_TYPE_CHANGED", at, false));
            }
        }
    }

    private static void compareLabels(FieldElement before, FieldElement after, FieldType type, String at, List<Change> out) {
        boolean repeatedBefore = before.getLabel() == Field.Label.REPEATED;
        boolean repeatedAfter = after.getLabel() == Field.Label.REPEATED;
        if (repeatedBefore == repeatedAfter || !type.kind().equals("scalar")) {
            return;
        }
        if (type.group().equals("length")) {
            out.add(new Change("FIELD_STRING_OR_BYTES_LABEL_CHANGED", at, true));
        } else {
            out.add(new Change("FIELD_NUMERIC_LABEL_CHANGED", at, false));
        }
    }

    /**
     * Oneof moves. A oneof in the update may take existing fields from at most one place of the original
     * (one oneof, or a single top-level field): merging fields that could be set together, or joining a oneof
     * that already had members, makes old data ambiguous.
     */
    private static void compareOneofs(MessageElement before, Map<Integer, FieldInfo> beforeFields, MessageElement after,
                                      String path, List<Change> out) {
        Set<String> oldNames = new HashSet<>();
        before.getOneOfs().forEach(o -> oldNames.add(o.getName()));
        Set<String> newNames = new HashSet<>();
        after.getOneOfs().forEach(o -> newNames.add(o.getName()));
        oldNames.stream().filter(n -> !newNames.contains(n)).forEach(n -> out.add(new Change("ONEOF_REMOVED", path + "/" + n, true)));
        for (OneOfElement oneof : after.getOneOfs()) {
            if (!oldNames.contains(oneof.getName())) {
                out.add(new Change("ONEOF_ADDED", path + "/" + oneof.getName(), true));
            }
            Set<String> sources = new HashSet<>();
            int fromTopLevel = 0;
            for (FieldElement field : oneof.getFields()) {
                FieldInfo old = beforeFields.get(field.getTag());
                if (old != null) {
                    sources.add(old.oneof() == null ? "" : old.oneof());
                    fromTopLevel += old.oneof() == null ? 1 : 0;
                }
            }
            String at = path + "/" + oneof.getName();
            if (sources.size() > 1 || (fromTopLevel == 1 && oldNames.contains(oneof.getName()))) {
                out.add(new Change("FIELD_MOVED_TO_EXISTING_ONEOF", at, false));
            } else if (fromTopLevel > 1) {
                out.add(new Change("MULTIPLE_FIELDS_MOVED_TO_ONEOF", at, false));
            }
        }
    }

    private static FieldType typeOf(String type, String scope, TypeIndex index) {
        if (type.startsWith("map<")) {
            String[] parts = mapParts(type);
            FieldType value = typeOf(parts[1], scope, index);
            return new FieldType("map", SCALAR_GROUPS.get(parts[0]), null, type, value);
        }
        String group = SCALAR_GROUPS.get(type);
        if (group != null) {
            return new FieldType("scalar", group, null, type, null);
        }
        TypeIndex.DeclaredType declared = index.resolve(type, scope);
        if (declared != null && declared.isEnum()) {
            return new FieldType("scalar", "varint", declared, declared.relativeName(), null);
        }
        String name = declared != null ? declared.relativeName() : (type.startsWith(".") ? type.substring(1) : type);
        return new FieldType("message", null, declared, name, null);
    }

    private static String[] mapParts(String type) {
        String inner = type.substring(type.indexOf('<') + 1, type.lastIndexOf('>'));
        int comma = inner.indexOf(',');
        return new String[] {inner.substring(0, comma).trim(), inner.substring(comma + 1).trim()};
    }

    private static Map<Integer, FieldInfo> fields(MessageElement message) {
        Map<Integer, FieldInfo> fields = new LinkedHashMap<>();
        message.getFields().forEach(f -> fields.put(f.getTag(), new FieldInfo(f, null)));
        for (OneOfElement oneof : message.getOneOfs()) {
            oneof.getFields().forEach(f -> fields.put(f.getTag(), new FieldInfo(f, oneof.getName())));
        }
        return fields;
    }

    private static Map<String, MessageElement> messages(ProtoFileElement file) {
        Map<String, MessageElement> messages = new LinkedHashMap<>();
        file.getTypes().forEach(t -> collectMessages("", t, messages));
        return messages;
    }

    private static void collectMessages(String outer, TypeElement type, Map<String, MessageElement> out) {
        String name = outer.isEmpty() ? type.getName() : outer + "." + type.getName();
        if (type instanceof MessageElement message) {
            out.put(name, message);
        }
        type.getNestedTypes().forEach(n -> collectMessages(name, n, out));
    }

    private static Set<String> enums(ProtoFileElement file) {
        Set<String> names = new HashSet<>();
        file.getTypes().forEach(t -> collectEnums("", t, names));
        return names;
    }

    private static void collectEnums(String outer, TypeElement type, Set<String> out) {
        String name = outer.isEmpty() ? type.getName() : outer + "." + type.getName();
        if (type instanceof EnumElement) {
            out.add(name.replace('.', '/'));
        }
        type.getNestedTypes().forEach(n -> collectEnums(name, n, out));
    }

    private static String packageOf(ProtoFileElement file) {
        return file.getPackageName() == null ? "" : file.getPackageName();
    }

    private static String qualify(ProtoFileElement file, String relative) {
        String packageName = packageOf(file);
        return packageName.isEmpty() ? relative : packageName + "." + relative;
    }

    private static Map<String, String> scalarGroups() {
        Map<String, String> groups = new LinkedHashMap<>();
        for (String varint : List.of("int32", "int64", "uint32", "uint64", "bool")) {
            groups.put(varint, "varint");
        }
        groups.put("sint32", "zigzag");
        groups.put("sint64", "zigzag");
        groups.put("string", "length");
        groups.put("bytes", "length");
        groups.put("fixed32", "fixed32");
        groups.put("sfixed32", "fixed32");
        groups.put("fixed64", "fixed64");
        groups.put("sfixed64", "fixed64");
        groups.put("float", "float");
        groups.put("double", "double");
        return groups;
    }
}
