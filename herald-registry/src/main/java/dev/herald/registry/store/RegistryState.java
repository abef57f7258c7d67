package dev.herald.registry.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.registry.format.SchemaReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The registry's view of the {@code _schemas} log: subjects, versions, ids, configs and modes. It is a pure
 * replay of the log, so a restarted registry sees exactly what the previous one saw.
 *
 * <p>Threading: {@link #apply} is called by the log's delivery thread; queries come from request threads.
 * Every method synchronizes on this object, and queries return immutable snapshots.
 */
public final class RegistryState {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryState.class);

    private final Map<String, TreeMap<Integer, SchemaVersion>> subjects = new TreeMap<>();
    private final Map<String, Integer> highestVersionEver = new HashMap<>();
    private final Map<String, ObjectNode> configs = new HashMap<>();
    private final Map<String, String> modes = new HashMap<>();
    private int maxId;

    /**
     * Applies one log record. Records this registry does not understand (another tool's key types, malformed
     * JSON) are logged with their content and skipped, so that one bad record cannot stop the registry.
     */
    public synchronized void apply(LogRecord record) {
        try {
            applyRecord(record);
        } catch (RuntimeException malformed) {
            LOG.error("Skipping malformed _schemas record key={} value={}: {}", record.key(), record.value(),
                    malformed.toString());
        }
    }

    private void applyRecord(LogRecord record) {
        JsonNode key = StoreCodec.parse(record.key());
        String subject = key.path("subject").isTextual() ? key.path("subject").asText() : null;
        switch (key.path("keytype").asText()) {
            case "SCHEMA" -> applySchema(subject, key.path("version").asInt(), record.value());
            case "CONFIG" -> applyConfig(subject, record.value());
            case "MODE" -> applyMode(subject, record.value());
            case "DELETE_SUBJECT" -> applyDeleteSubject(subject, record.value());
            case "CLEAR_SUBJECT", "NOOP", "CONTEXT" -> { }
            default -> LOG.warn("Skipping _schemas record with unknown key {}", record.key());
        }
    }

    private void applySchema(String subject, int version, String value) {
        highestVersionEver.merge(subject, version, Math::max);
        if (value == null) {
            TreeMap<Integer, SchemaVersion> versions = subjects.get(subject);
            if (versions != null) {
                versions.remove(version);
                if (versions.isEmpty()) {
                    subjects.remove(subject);
                }
            }
            return;
        }
        SchemaVersion schema = StoreCodec.decodeSchema(StoreCodec.parse(value));
        subjects.computeIfAbsent(subject, s -> new TreeMap<>()).put(version, schema);
        maxId = Math.max(maxId, schema.id());
    }

    private void applyConfig(String subject, String value) {
        if (value == null) {
            configs.remove(subject);
        } else {
            configs.put(subject, (ObjectNode) StoreCodec.parse(value));
        }
    }

    private void applyMode(String subject, String value) {
        if (value == null) {
            modes.remove(subject);
        } else {
            modes.put(subject, StoreCodec.parse(value).path("mode").asText());
        }
    }

    private void applyDeleteSubject(String subject, String value) {
        int upTo = value == null ? Integer.MAX_VALUE : StoreCodec.parse(value).path("version").asInt(Integer.MAX_VALUE);
        TreeMap<Integer, SchemaVersion> versions = subjects.get(subject);
        if (versions != null) {
            versions.headMap(upTo, true).replaceAll((v, schema) -> schema.withDeleted(true));
        }
    }

    /** Subjects with at least one version; soft-deleted versions count only when {@code includeDeleted}. */
    public synchronized List<String> subjects(boolean includeDeleted) {
        List<String> names = new ArrayList<>();
        subjects.forEach((name, versions) -> {
            if (includeDeleted || versions.values().stream().anyMatch(v -> !v.deleted())) {
                names.add(name);
            }
        });
        return names;
    }

    /** Every version of the subject, oldest first, soft-deleted ones included. */
    public synchronized List<SchemaVersion> versions(String subject) {
        TreeMap<Integer, SchemaVersion> versions = subjects.get(subject);
        return versions == null ? List.of() : List.copyOf(versions.values());
    }

    public synchronized int highestVersionEver(String subject) {
        return highestVersionEver.getOrDefault(subject, 0);
    }

    public synchronized int maxId() {
        return maxId;
    }

    /** Every version carrying schema {@code id}, in subject then version order. */
    public synchronized List<SchemaVersion> versionsWithId(int id) {
        List<SchemaVersion> found = new ArrayList<>();
        subjects.values().forEach(versions -> versions.values().stream().filter(v -> v.id() == id).forEach(found::add));
        return found;
    }

    /** The id already given to a schema with this identity, under any subject. */
    public synchronized Optional<Integer> idOf(String identity) {
        for (TreeMap<Integer, SchemaVersion> versions : subjects.values()) {
            for (SchemaVersion version : versions.values()) {
                if (version.identity().equals(identity)) {
                    return Optional.of(version.id());
                }
            }
        }
        return Optional.empty();
    }

    /** Ids of schemas that reference {@code subject} version {@code version}. */
    public synchronized List<Integer> referencedBy(String subject, int version, boolean includeDeleted) {
        TreeSet<Integer> ids = new TreeSet<>();
        for (TreeMap<Integer, SchemaVersion> versions : subjects.values()) {
            for (SchemaVersion candidate : versions.values()) {
                if (!includeDeleted && candidate.deleted()) {
                    continue;
                }
                for (SchemaReference reference : candidate.references()) {
                    if (reference.subject().equals(subject) && reference.version() == version) {
                        ids.add(candidate.id());
                    }
                }
            }
        }
        return List.copyOf(ids);
    }

    /** The config stored for a subject, or the global one for {@code null}. */
    public synchronized Optional<ObjectNode> config(String subjectOrNull) {
        ObjectNode config = configs.get(subjectOrNull);
        return Optional.ofNullable(config == null ? null : config.deepCopy());
    }

    public synchronized Optional<String> mode(String subjectOrNull) {
        return Optional.ofNullable(modes.get(subjectOrNull));
    }
}
