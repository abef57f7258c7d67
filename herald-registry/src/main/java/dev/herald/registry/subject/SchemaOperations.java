package dev.herald.registry.subject;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.registry.compatibility.CompatibilityLevel;
import dev.herald.registry.format.ParsedSchema;
import dev.herald.registry.format.SchemaType;
import dev.herald.registry.naming.EventNamingCheck;
import dev.herald.registry.naming.NamingPolicy;
import dev.herald.registry.store.LogRecord;
import dev.herald.registry.store.RegistryState;
import dev.herald.registry.store.SchemaLog;
import dev.herald.registry.store.SchemaVersion;
import dev.herald.registry.store.StoreCodec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Subjects, versions and ids: register, look up, read, delete and test compatibility, with Confluent's
 * semantics (ids global and reused for identical schemas, versions never reused, soft then hard delete).
 *
 * <p>Threading: callable from any request thread. Reads use state snapshots; every write holds one lock from
 * the decision to the applied log record, so concurrent registrations cannot hand out the same id.
 */
public final class SchemaOperations {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaOperations.class);
    private final RegistryState state;
    private final SchemaLog log;
    private final SchemaResolver resolver;
    private final ConfigOperations configs;
    private final EventNamingCheck naming = new EventNamingCheck();
    private final ReentrantLock writeLock = new ReentrantLock();

    SchemaOperations(RegistryState state, SchemaLog log, SchemaResolver resolver, ConfigOperations configs) {
        this.state = state;
        this.log = log;
        this.resolver = resolver;
        this.configs = configs;
    }

    /** {@code POST /subjects/{s}/versions}. */
    public Registration register(String subject, RegisterRequest request, boolean normalize, boolean force) {
        checkSubjectName(subject);
        String mode = configs.effectiveMode(subject);
        if (mode.equals("READONLY") || mode.equals("READONLY_OVERRIDE")) {
            throw RegistryException.notPermitted("Subject " + subject + " is in read-only mode. Change it with "
                    + "PUT /mode/" + subject + " {\"mode\":\"READWRITE\"}.");
        }
        SchemaType type = resolver.type(request.schemaType());
        writeLock.lock();
        try {
            request = withDataContract(subject, request);
            ParsedSchema parsed = parse(subject, type, request, normalize);
            SchemaVersion candidate = new SchemaVersion(subject, 0, 0, type, parsed.canonical(), request.references(),
                    request.metadata(), request.ruleSet(), false);
            Optional<SchemaVersion> existing = liveVersions(subject).stream()
                    .filter(v -> v.identity().equals(candidate.identity())).findFirst();
            if (existing.isPresent() && request.id() == null) {
                return new Registration(existing.get(), List.of());
            }
            List<String> warnings = checkNaming(subject, parsed);
            boolean importing = mode.equals("IMPORT");
            if (!importing && !force && !mode.equals("FORWARD")) {
                checkCompatible(subject, parsed, request.metadata());
            }
            SchemaVersion stored = allocate(candidate, request, importing);
            log.append(new LogRecord(StoreCodec.schemaKey(subject, stored.version()), StoreCodec.schemaValue(stored)));
            LOG.info("Registered {} schema id {} as subject {} version {}", type, stored.id(), subject, stored.version());
            return new Registration(stored, warnings);
        } finally {
            writeLock.unlock();
        }
    }

    /** The request with the metadata and rule set the new version will carry (see {@link DataContracts}). */
    private RegisterRequest withDataContract(String subject, RegisterRequest request) {
        List<SchemaVersion> live = liveVersions(subject);
        SchemaVersion previous = live.isEmpty() ? null : live.getLast();
        JsonNode metadata = DataContracts.metadata(request.metadata(), previous == null ? null : previous.metadata(),
                configs.node(subject, "defaultMetadata"), configs.node(subject, "overrideMetadata"));
        JsonNode ruleSet = DataContracts.ruleSet(request.ruleSet(), previous == null ? null : previous.ruleSet(),
                configs.node(subject, "defaultRuleSet"), configs.node(subject, "overrideRuleSet"));
        return new RegisterRequest(request.schema(), request.schemaType(), request.references(), metadata, ruleSet,
                request.id(), request.version());
    }

    private ParsedSchema parse(String subject, SchemaType type, RegisterRequest request, boolean normalize) {
        ParsedSchema parsed = resolver.parse(type, request.schema(), request.references(), request.metadata());
        return normalize || configs.normalize(subject) ? parsed.normalized() : parsed;
    }

    private List<String> checkNaming(String subject, ParsedSchema parsed) {
        NamingPolicy policy = configs.naming(subject);
        if (policy == NamingPolicy.OFF) {
            return List.of();
        }
        List<String> messages = naming.check(parsed.eventNames()).stream().map(EventNamingCheck.Finding::message).toList();
        if (policy == NamingPolicy.REJECT && !messages.isEmpty()) {
            throw RegistryException.invalidSchema(String.join(" ", messages)
                    + " (eventNaming is REJECT for subject '" + subject + "'.)");
        }
        return messages;
    }

    private void checkCompatible(String subject, ParsedSchema parsed, JsonNode metadata) {
        List<SchemaVersion> against = sameGroup(subject, liveVersions(subject), metadata);
        List<String> messages = incompatibilities(subject, parsed, against, configs.level(subject));
        if (!messages.isEmpty()) {
            throw new RegistryException(409, 409, "Schema being registered is incompatible with an earlier schema "
                    + "for subject \"" + subject + "\", details: " + messages
                    + ". Make the change compatible, or change the subject's compatibility level with PUT /config/"
                    + subject + ".");
        }
    }

    /**
     * Confluent's {@code compatibilityGroup}: when the config names a metadata property (for example
     * {@code application.major.version}), only versions with the same value of it are compared, so a new major
     * version may break compatibility on purpose.
     */
    private List<SchemaVersion> sameGroup(String subject, List<SchemaVersion> versions, JsonNode metadata) {
        String group = configs.compatibilityGroup(subject);
        if (group == null) {
            return versions;
        }
        String value = groupValue(metadata, group);
        return versions.stream().filter(v -> java.util.Objects.equals(groupValue(v.metadata(), group), value)).toList();
    }

    private static String groupValue(JsonNode metadata, String group) {
        JsonNode value = metadata == null ? null : metadata.path("properties").get(group);
        return value == null || value.isNull() ? null : value.asText();
    }

    private List<String> incompatibilities(String subject, ParsedSchema parsed, List<SchemaVersion> against,
                                           CompatibilityLevel level) {
        List<ParsedSchema> previous = new ArrayList<>();
        for (SchemaVersion version : against) {
            previous.add(resolver.parse(version));
        }
        return level.check(parsed, previous, configs.policy(subject));
    }

    private SchemaVersion allocate(SchemaVersion candidate, RegisterRequest request, boolean importing) {
        Optional<Integer> knownId = state.idOf(candidate.identity());
        int id;
        if (importing && request.id() != null) {
            List<SchemaVersion> holders = state.versionsWithId(request.id());
            if (!holders.isEmpty() && !holders.getFirst().identity().equals(candidate.identity())) {
                throw new RegistryException(422, 42207, "Overwrite new schema with id " + request.id()
                        + " is not permitted: that id already belongs to a different schema.");
            }
            id = request.id();
        } else {
            id = knownId.orElse(state.maxId() + 1);
        }
        int version = importing && request.version() != null && request.version() > 0
                ? request.version() : state.highestVersionEver(candidate.subject()) + 1;
        return new SchemaVersion(candidate.subject(), version, id, candidate.type(), candidate.schema(),
                candidate.references(), candidate.metadata(), candidate.ruleSet(), false);
    }

    /** {@code POST /subjects/{s}}: the version under which this exact schema is registered. */
    public SchemaVersion lookup(String subject, RegisterRequest request, boolean normalize, boolean includeDeleted) {
        List<SchemaVersion> versions = state.versions(subject).stream().filter(v -> includeDeleted || !v.deleted()).toList();
        if (versions.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        SchemaType type = resolver.type(request.schemaType());
        ParsedSchema parsed = parse(subject, type, request, normalize);
        for (SchemaVersion version : versions.reversed()) {
            if (version.type() == type && version.references().equals(request.references())
                    && sameText(version, parsed)) {
                if (request.metadata() == null || request.metadata().equals(version.metadata())) {
                    return version;
                }
            }
        }
        throw RegistryException.schemaNotFound("Schema not found. Register it with POST /subjects/" + subject + "/versions.");
    }

    private boolean sameText(SchemaVersion version, ParsedSchema parsed) {
        if (version.schema().equals(parsed.canonical())) {
            return true;
        }
        ParsedSchema stored = resolver.parse(version);
        return stored.normalized().canonical().equals(parsed.normalized().canonical());
    }

    /** Versions of a subject that count: not soft-deleted. */
    List<SchemaVersion> liveVersions(String subject) {
        return state.versions(subject).stream().filter(v -> !v.deleted()).toList();
    }

    /** {@code GET /subjects}. */
    public List<String> subjects(String prefix, boolean includeDeleted, boolean deletedOnly) {
        List<String> all = state.subjects(includeDeleted || deletedOnly);
        List<String> live = state.subjects(false);
        return all.stream().filter(s -> prefix == null || s.startsWith(prefix))
                .filter(s -> !deletedOnly || !live.contains(s) || hasDeleted(s)).toList();
    }

    private boolean hasDeleted(String subject) {
        return state.versions(subject).stream().anyMatch(SchemaVersion::deleted);
    }

    /** {@code GET /schemas}: every version (or each subject's latest) of subjects matching the prefix. */
    public List<SchemaVersion> schemas(String prefix, boolean includeDeleted, boolean latestOnly) {
        List<SchemaVersion> found = new ArrayList<>();
        for (String subject : state.subjects(includeDeleted)) {
            if (prefix != null && !subject.startsWith(prefix)) {
                continue;
            }
            List<SchemaVersion> visible = state.versions(subject).stream().filter(v -> includeDeleted || !v.deleted()).toList();
            if (!visible.isEmpty()) {
                found.addAll(latestOnly ? List.of(visible.getLast()) : visible);
            }
        }
        return found;
    }

    /** {@code GET /subjects/{s}/versions}. */
    public List<Integer> versions(String subject, boolean includeDeleted, boolean deletedOnly) {
        List<SchemaVersion> all = state.versions(subject);
        if (all.isEmpty() || (!includeDeleted && !deletedOnly && all.stream().allMatch(SchemaVersion::deleted))) {
            throw RegistryException.subjectNotFound(subject);
        }
        return all.stream().filter(v -> deletedOnly ? v.deleted() : includeDeleted || !v.deleted())
                .map(SchemaVersion::version).toList();
    }

    /** {@code GET /subjects/{s}/versions/{v}}. */
    public SchemaVersion version(String subject, VersionSpec spec, boolean includeDeleted) {
        List<SchemaVersion> all = state.versions(subject);
        if (all.isEmpty() || (!includeDeleted && all.stream().allMatch(SchemaVersion::deleted))) {
            throw RegistryException.subjectNotFound(subject);
        }
        List<SchemaVersion> visible = all.stream().filter(v -> includeDeleted || !v.deleted()).toList();
        if (spec.latest()) {
            return visible.getLast();
        }
        return visible.stream().filter(v -> v.version() == spec.number()).findFirst()
                .orElseThrow(() -> RegistryException.versionNotFound(spec.number()));
    }

    /** {@code GET /schemas/ids/{id}}: ids stay readable after a soft delete. */
    public SchemaVersion byId(int id) {
        List<SchemaVersion> holders = state.versionsWithId(id);
        if (holders.isEmpty()) {
            throw RegistryException.schemaNotFound("Schema " + id + " not found");
        }
        return holders.getFirst();
    }

    /** The parsed form of a stored version (its references resolved). */
    public ParsedSchema parsed(SchemaVersion version) {
        return resolver.parse(version);
    }

    /** {@code GET /schemas/ids/{id}/versions}: every subject-version holding the id. */
    public List<SchemaVersion> versionsOfId(int id, boolean includeDeleted) {
        byId(id);
        return state.versionsWithId(id).stream().filter(v -> includeDeleted || !v.deleted()).toList();
    }

    /** {@code GET /subjects/{s}/versions/{v}/referencedby}. */
    public List<Integer> referencedBy(String subject, VersionSpec spec) {
        SchemaVersion version = version(subject, spec, false);
        return state.referencedBy(subject, version.version(), false);
    }

    /**
     * {@code POST /compatibility/subjects/{s}/versions[/{v}]}: a numeric version tests against that version
     * only; {@code latest} or no version tests what registering would test under the subject's level. A subject
     * without versions is compatible with anything (Confluent answers 200, not 404, here).
     */
    public List<String> testCompatibility(String subject, VersionSpec spec, RegisterRequest request, boolean normalize) {
        List<SchemaVersion> live = liveVersions(subject);
        List<SchemaVersion> against;
        CompatibilityLevel level = configs.level(subject);
        if (spec == null || spec.latest()) {
            // "latest" checks what a registration would check: the level decides between latest-only and all.
            against = sameGroup(subject, live, request.metadata());
        } else {
            if (live.isEmpty()) {
                throw RegistryException.subjectNotFound(subject);
            }
            against = List.of(version(subject, spec, false));
        }
        SchemaType type = resolver.type(request.schemaType());
        ParsedSchema parsed = parse(subject, type, request, normalize);
        return incompatibilities(subject, parsed, against, level);
    }

    /** {@code DELETE /subjects/{s}/versions/{v}}: soft delete, or hard delete of a soft-deleted version. */
    public int deleteVersion(String subject, VersionSpec spec, boolean permanent) {
        writeLock.lock();
        try {
            checkWritable(subject);
            SchemaVersion version = version(subject, spec, !spec.latest());
            if (!state.referencedBy(subject, version.version(), false).isEmpty()) {
                throw new RegistryException(422, 42206, "One or more references exist to the schema {subject="
                        + subject + ",version=" + version.version() + "}. Delete the referencing schemas first.");
            }
            if (permanent && !version.deleted()) {
                throw new RegistryException(404, 40407, "Subject '" + subject + "' Version " + version.version()
                        + " was not deleted first before being permanently deleted. Soft-delete it first.");
            }
            if (!permanent && version.deleted()) {
                throw new RegistryException(404, 40406, "Subject '" + subject + "' Version " + version.version()
                        + " was soft deleted. Set permanent=true to delete permanently.");
            }
            String key = StoreCodec.schemaKey(subject, version.version());
            log.append(new LogRecord(key, permanent ? null : StoreCodec.schemaValue(version.withDeleted(true))));
            LOG.info("{} subject {} version {}", permanent ? "Hard-deleted" : "Soft-deleted", subject, version.version());
            return version.version();
        } finally {
            writeLock.unlock();
        }
    }

    /** {@code DELETE /subjects/{s}}: soft-deletes every live version, or hard-deletes soft-deleted ones. */
    public List<Integer> deleteSubject(String subject, boolean permanent) {
        writeLock.lock();
        try {
            checkWritable(subject);
            List<SchemaVersion> all = state.versions(subject);
            if (all.isEmpty()) {
                throw RegistryException.subjectNotFound(subject);
            }
            boolean anyLive = all.stream().anyMatch(v -> !v.deleted());
            if (permanent && anyLive) {
                throw new RegistryException(404, 40405, "Subject '" + subject + "' was not deleted first before "
                        + "being permanently deleted. Soft-delete it first.");
            }
            if (!permanent && !anyLive) {
                throw new RegistryException(404, 40404, "Subject '" + subject + "' was soft deleted. Set "
                        + "permanent=true to delete permanently.");
            }
            for (SchemaVersion version : all) {
                if (!state.referencedBy(subject, version.version(), false).isEmpty()) {
                    throw new RegistryException(422, 42206, "One or more references exist to the schema {subject="
                            + subject + ",version=" + version.version() + "}. Delete the referencing schemas first.");
                }
            }
            List<Integer> deleted = new ArrayList<>();
            for (SchemaVersion version : all) {
                if (!permanent && version.deleted()) {
                    continue;
                }
                String key = StoreCodec.schemaKey(subject, version.version());
                log.append(new LogRecord(key, permanent ? null : StoreCodec.schemaValue(version.withDeleted(true))));
                deleted.add(version.version());
            }
            LOG.info("{} subject {} versions {}", permanent ? "Hard-deleted" : "Soft-deleted", subject, deleted);
            if (permanent) {
                appendIfPresent(StoreCodec.configKey(subject), state.config(subject).isPresent());
                appendIfPresent(StoreCodec.modeKey(subject), state.mode(subject).isPresent());
            }
            return deleted;
        } finally {
            writeLock.unlock();
        }
    }

    private void appendIfPresent(String key, boolean present) {
        if (present) {
            log.append(new LogRecord(key, null));
        }
    }

    private void checkWritable(String subject) {
        String mode = configs.effectiveMode(subject);
        if (mode.equals("READONLY") || mode.equals("READONLY_OVERRIDE")) {
            throw RegistryException.notPermitted("Subject " + subject + " is in read-only mode.");
        }
    }

    private static void checkSubjectName(String subject) {
        if (subject.isBlank() || subject.chars().anyMatch(Character::isISOControl)) {
            throw new RegistryException(422, 42208, "Invalid subject name '" + subject
                    + "'. Use a non-empty name without control characters, such as <topic>-value.");
        }
    }
}
