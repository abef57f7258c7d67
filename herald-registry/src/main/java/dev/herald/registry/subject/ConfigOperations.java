package dev.herald.registry.subject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.registry.compatibility.CompatibilityLevel;
import dev.herald.registry.format.CompatibilityPolicy;
import dev.herald.registry.naming.NamingPolicy;
import dev.herald.registry.store.LogRecord;
import dev.herald.registry.store.RegistryState;
import dev.herald.registry.store.SchemaLog;
import dev.herald.registry.store.StoreCodec;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Compatibility config and modes, global ({@code subject == null}) and per subject. Stored values use
 * Confluent's field names ({@code compatibilityLevel}, {@code normalize}, {@code compatibilityPolicy}, ...)
 * plus Herald's {@code eventNaming} (OFF, WARN, REJECT). Thread-safe: writes go through the log.
 */
public final class ConfigOperations {
    static final Set<String> MODES = Set.of("READWRITE", "READONLY", "READONLY_OVERRIDE", "IMPORT", "FORWARD");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final RegistryState state;
    private final SchemaLog log;
    private final NamingPolicy defaultNaming;

    ConfigOperations(RegistryState state, SchemaLog log, NamingPolicy defaultNaming) {
        this.state = state;
        this.log = log;
        this.defaultNaming = defaultNaming;
    }

    /** {@code GET /config[/{s}]}: the stored config; falls back to global only when asked to. */
    public ObjectNode get(String subject, boolean defaultToGlobal) {
        Optional<ObjectNode> stored = state.config(subject);
        if (stored.isPresent()) {
            return withLevel(stored.get());
        }
        if (subject != null && !defaultToGlobal) {
            throw new RegistryException(404, 40408, "Subject '" + subject + "' does not have subject-level "
                    + "compatibility configured. Set one with PUT /config/" + subject + " or read the global one.");
        }
        return withLevel(state.config(null).orElseGet(NODES::objectNode));
    }

    /** {@code PUT /config[/{s}]}: merges the request into the stored config and echoes the request. */
    public ObjectNode put(String subject, JsonNode request) {
        ObjectNode stored = state.config(subject).orElseGet(NODES::objectNode);
        if (request.hasNonNull("compatibility")) {
            String level = request.get("compatibility").asText();
            CompatibilityLevel parsed = CompatibilityLevel.fromName(level).orElseThrow(
                    () -> new RegistryException(422, 42203, CompatibilityLevel.VALID_VALUES));
            stored.put("compatibilityLevel", parsed.name());
        }
        if (request.hasNonNull("compatibilityPolicy")) {
            CompatibilityPolicy policy = CompatibilityPolicy.fromRest(request.get("compatibilityPolicy").asText())
                    .orElseThrow(() -> new RegistryException(422, 42203,
                            "Invalid compatibility policy. Valid values are strict and lenient"));
            stored.put("compatibilityPolicy", policy.name());
        }
        if (request.hasNonNull("eventNaming")) {
            NamingPolicy naming = NamingPolicy.fromName(request.get("eventNaming").asText()).orElseThrow(
                    () -> new RegistryException(422, 42203, "Invalid eventNaming. Valid values are off, warn and reject"));
            stored.put("eventNaming", naming.name());
        }
        for (String field : new String[] {"normalize", "validateFields", "compatibilityGroup", "defaultMetadata",
                "overrideMetadata", "defaultRuleSet", "overrideRuleSet", "alias"}) {
            if (request.has(field)) {
                stored.set(field, request.get(field));
            }
        }
        log.append(new LogRecord(StoreCodec.configKey(subject), stored.toString()));
        return (ObjectNode) request;
    }

    /** {@code DELETE /config[/{s}]}: removes the stored config and returns what it was. */
    public ObjectNode delete(String subject) {
        ObjectNode previous = get(subject, subject == null);
        if (state.config(subject).isPresent()) {
            log.append(new LogRecord(StoreCodec.configKey(subject), null));
        }
        return previous;
    }

    CompatibilityLevel level(String subject) {
        return CompatibilityLevel.fromName(effective(subject, "compatibilityLevel")).orElse(CompatibilityLevel.BACKWARD);
    }

    CompatibilityPolicy policy(String subject) {
        return CompatibilityPolicy.fromRest(effective(subject, "compatibilityPolicy")).orElse(CompatibilityPolicy.STRICT);
    }

    boolean normalize(String subject) {
        return Boolean.parseBoolean(effective(subject, "normalize"));
    }

    /** The metadata property that splits the subject's versions into compatibility groups, or null. */
    String compatibilityGroup(String subject) {
        String group = effective(subject, "compatibilityGroup");
        return group == null || group.isBlank() ? null : group;
    }

    NamingPolicy naming(String subject) {
        return NamingPolicy.fromName(effective(subject, "eventNaming")).orElse(defaultNaming);
    }

    /** A JSON-valued config field (defaultMetadata, overrideRuleSet, ...): the subject's, else the global one. */
    JsonNode node(String subject, String field) {
        for (String scope : new String[] {subject, null}) {
            Optional<ObjectNode> config = state.config(scope);
            if (config.isPresent() && config.get().hasNonNull(field)) {
                return config.get().get(field);
            }
        }
        return null;
    }

    private String effective(String subject, String field) {
        for (String scope : new String[] {subject, null}) {
            Optional<ObjectNode> config = state.config(scope);
            if (config.isPresent() && config.get().hasNonNull(field)) {
                return config.get().get(field).asText();
            }
        }
        return null;
    }

    private static ObjectNode withLevel(ObjectNode config) {
        if (!config.has("compatibilityLevel")) {
            config.put("compatibilityLevel", CompatibilityLevel.BACKWARD.name());
        }
        return config;
    }

    /** {@code GET /mode[/{s}]}. */
    public String mode(String subject, boolean defaultToGlobal) {
        Optional<String> mode = state.mode(subject);
        if (mode.isPresent()) {
            return mode.get();
        }
        if (subject != null && !defaultToGlobal) {
            throw new RegistryException(404, 40409, "Subject '" + subject + "' does not have subject-level mode "
                    + "configured. Set one with PUT /mode/" + subject + " or read the global one.");
        }
        return state.mode(null).orElse("READWRITE");
    }

    /** The mode that governs writes to {@code subject}: its own, else the global one. */
    String effectiveMode(String subject) {
        return state.mode(subject).or(() -> state.mode(null)).orElse("READWRITE");
    }

    /** {@code PUT /mode[/{s}]}: IMPORT needs an empty registry (or subject) unless forced. */
    public String setMode(String subject, String requested, boolean force) {
        String mode = requested == null ? "" : requested.trim().toUpperCase(Locale.ROOT);
        if (!MODES.contains(mode)) {
            throw new RegistryException(422, 42204, "Invalid mode. Valid values are READWRITE, READONLY, "
                    + "READONLY_OVERRIDE, IMPORT and FORWARD");
        }
        boolean hasSchemas = subject == null ? !state.subjects(false).isEmpty() : !state.versions(subject).isEmpty();
        if (mode.equals("IMPORT") && hasSchemas && !force) {
            throw RegistryException.notPermitted("Cannot import since found existing subjects. Delete them first "
                    + "or pass force=true.");
        }
        log.append(new LogRecord(StoreCodec.modeKey(subject), NODES.objectNode().put("mode", mode).toString()));
        return mode;
    }

    /** {@code DELETE /mode[/{s}]}: returns the mode that was set. */
    public String deleteMode(String subject) {
        String previous = mode(subject, subject == null);
        if (state.mode(subject).isPresent()) {
            log.append(new LogRecord(StoreCodec.modeKey(subject), null));
        }
        return previous;
    }
}
