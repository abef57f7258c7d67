package dev.herald.registry.format;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The formats this registry serves, by type. Immutable after construction; thread-safe. */
public final class SchemaFormats {
    private final Map<SchemaType, SchemaFormat> byType = new EnumMap<>(SchemaType.class);

    public SchemaFormats(List<SchemaFormat> formats) {
        formats.forEach(format -> byType.put(format.type(), format));
    }

    public SchemaFormat get(SchemaType type) {
        SchemaFormat format = byType.get(type);
        if (format == null) {
            throw new IllegalStateException("no parser registered for schema type " + type);
        }
        return format;
    }

    public List<SchemaType> types() {
        return List.copyOf(byType.keySet());
    }
}
