package dev.herald.registry;

import dev.herald.registry.compatibility.avro.AvroFormat;
import dev.herald.registry.compatibility.json.JsonSchemaFormat;
import dev.herald.registry.compatibility.protobuf.ProtobufFormat;
import dev.herald.registry.format.SchemaFormats;

import java.util.List;

/** The schema formats a Herald registry serves, in the order {@code GET /schemas/types} lists them. Stateless. */
public final class SchemaRegistryFormats {
    private SchemaRegistryFormats() {
    }

    public static SchemaFormats all() {
        return new SchemaFormats(List.of(new JsonSchemaFormat(), new ProtobufFormat(), new AvroFormat()));
    }
}
