package dev.herald.registry.subject;

import dev.herald.registry.format.SchemaFormats;
import dev.herald.registry.naming.NamingPolicy;
import dev.herald.registry.store.RegistryState;
import dev.herald.registry.store.SchemaLog;

/** Everything the REST layer can ask of the registry, wired over one state and one log. Immutable. */
public record Operations(SchemaOperations schemas, ConfigOperations configs, SchemaFormats formats) {

    public static Operations create(RegistryState state, SchemaLog log, SchemaFormats formats, NamingPolicy naming) {
        ConfigOperations configs = new ConfigOperations(state, log, naming);
        SchemaResolver resolver = new SchemaResolver(formats, state);
        return new Operations(new SchemaOperations(state, log, resolver, configs), configs, formats);
    }
}
