package dev.herald.registry.store;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.herald.registry.naming.NamingPolicy;
import dev.herald.registry.subject.Operations;
import dev.herald.registry.subject.RegisterRequest;
import dev.herald.registry.subject.RegistryException;
import dev.herald.registry.subject.VersionSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry's state is a pure replay of its log: after random registrations, deletions and config changes
 * (including refused ones), a state rebuilt from the records equals the live one, subject by subject.
 */
class ReplayTest {
    private static final List<String> SUBJECTS = List.of("a-value", "b-value", "c-key");
    private static final List<String> LEVELS = List.of("NONE", "BACKWARD", "FORWARD", "FULL_TRANSITIVE");

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void rebuiltStateEqualsLiveState(long seed) {
        Random random = new Random(seed);
        MemorySchemaLog log = new MemorySchemaLog();
        RegistryState live = new RegistryState();
        log.start(live::apply);
        Operations operations = Operations.create(live, log, dev.herald.registry.SchemaRegistryFormats.all(), NamingPolicy.OFF);
        for (int step = 0; step < 60; step++) {
            try {
                randomOperation(random, operations);
            } catch (RegistryException refused) {
                // refused operations (incompatible, not found, ...) must leave no trace either
            }
        }
        assertThat(live.maxId()).as("the random operations registered something").isPositive();
        RegistryState rebuilt = new RegistryState();
        log.records().forEach(rebuilt::apply);
        assertThat(dump(rebuilt)).isEqualTo(dump(live));
    }

    private static void randomOperation(Random random, Operations operations) {
        String subject = SUBJECTS.get(random.nextInt(SUBJECTS.size()));
        switch (random.nextInt(6)) {
            case 0, 1, 2 -> operations.schemas().register(subject, new RegisterRequest(schema(random), null, List.of(),
                    null, null, null, null), false, false);
            case 3 -> operations.schemas().deleteVersion(subject, new VersionSpec(1 + random.nextInt(4)), random.nextBoolean());
            case 4 -> operations.schemas().deleteSubject(subject, random.nextBoolean());
            default -> operations.configs().put(random.nextBoolean() ? subject : null,
                    JsonNodeFactory.instance.objectNode().put("compatibility", LEVELS.get(random.nextInt(LEVELS.size()))));
        }
    }

    /** A record with a random subset of optional fields and, sometimes, a required one. */
    private static String schema(Random random) {
        StringBuilder fields = new StringBuilder("{\"name\":\"id\",\"type\":\"string\"}");
        for (String name : List.of("a", "b", "c")) {
            if (random.nextBoolean()) {
                fields.append(",{\"name\":\"").append(name).append("\",\"type\":\"int\"")
                        .append(random.nextInt(4) == 0 ? "" : ",\"default\":0").append('}');
            }
        }
        return "{\"type\":\"record\",\"name\":\"Thing\",\"fields\":[" + fields + "]}";
    }

    private static String dump(RegistryState state) {
        List<String> lines = new ArrayList<>();
        lines.add("maxId=" + state.maxId() + " global=" + state.config(null));
        for (String subject : state.subjects(true)) {
            lines.add(subject + " config=" + state.config(subject) + " mode=" + state.mode(subject)
                    + " highest=" + state.highestVersionEver(subject) + " versions=" + state.versions(subject));
        }
        return String.join("\n", lines);
    }
}
