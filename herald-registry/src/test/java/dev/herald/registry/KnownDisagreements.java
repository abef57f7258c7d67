package dev.herald.registry;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Cases of the non-Confluent vector sets (Karapace, Redpanda) whose expected answer differs from what
 * Confluent's registry answers, with the reason. Herald follows Confluent, so the conformance test expects the
 * status given here instead of the one in the vector file. Mirrored, with the reasons, in
 * herald-registry/README.md ("Where the vector sets disagree").
 */
final class KnownDisagreements {
    /** The status Herald (like Confluent) answers, and why the other project's suite says otherwise. */
    record Disagreement(int status, String reason) {
    }

    static final String TO_TRUE = "Changing to the empty/true schema accepts every old value; Confluent's fixture "
            + "'Anything can change to empty schema' is compatible, Karapace says incompatible";
    static final String FROM_FALSE = "No data can have been written with the false schema, so Confluent reports no "
            + "difference (SchemaDiff: original false ⇒ compatible); Karapace says incompatible";
    static final String TRUE_TO_FALSE = "Reader false rejects data written with true: Confluent (and Redpanda) say "
            + "incompatible, Karapace compatible";
    static final String EMPTY_PROPERTY = "Adding a property with the empty schema {} to an open model is "
            + "PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL, compatible in Confluent; Karapace incompatible";
    static final String COVERED_BY_PATTERN = "The removed property is covered by the new patternProperties '^a*' "
            + "(matches every name) with schema {}: PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL, "
            + "compatible in Confluent; Karapace incompatible";

    static final Map<String, Disagreement> CASES = cases();

    private KnownDisagreements() {
    }

    private static Map<String, Disagreement> cases() {
        Map<String, Disagreement> cases = new HashMap<>();
        IntStream.rangeClosed(132, 192).forEach(i -> cases.put("karapace-json-" + i, new Disagreement(200, TO_TRUE)));
        for (int i : new int[] {83, 227, 229, 230}) {
            cases.put("karapace-json-" + i, new Disagreement(200, FROM_FALSE));
        }
        cases.put("karapace-json-99", new Disagreement(409, TRUE_TO_FALSE));
        cases.put("karapace-json-289", new Disagreement(200, EMPTY_PROPERTY));
        cases.put("karapace-json-294", new Disagreement(200, EMPTY_PROPERTY + " (removing propertyNames only widens)"));
        cases.put("karapace-json-288", new Disagreement(200, COVERED_BY_PATTERN));
        cases.put("karapace-avro-7", new Disagreement(422, "Avro Java (as used by Confluent) rejects an enum default "
                + "that is not a symbol at parse time (42201); Python avro, used by Karapace, accepts it"));
        cases.put("redpanda-json-13", new Disagreement(200, "Confluent accepts both the draft-04 boolean and the "
                + "draft-06 numeric exclusiveMaximum; Redpanda rejects the mix"));
        cases.put("redpanda-json-44", new Disagreement(200, "oneOf:[true] / anyOf:[true] are valid JSON Schema and "
                + "Confluent accepts them; Redpanda rejects them as unsupported"));
        cases.put("redpanda-json-45", new Disagreement(200, "Adding anyOf:[true] constrains nothing; Confluent "
                + "finds the original type in a branch (SUM_TYPE_EXTENDED), Redpanda calls it incompatible"));
        cases.put("redpanda-json-69", new Disagreement(409, "Confluent reports MIN_LENGTH_ADDED for any added "
                + "minLength, even 0; Redpanda treats minLength 0 as absent"));
        cases.put("redpanda-json-120", new Disagreement(200, "Recursive $ref \"#\" is valid and Confluent accepts it; "
                + "Redpanda rejects recursive schemas"));
        cases.put("karapace-rest-case6", new Disagreement(200, "Confluent answers 200 is_compatible:true for "
                + "'latest' on a subject without versions; Karapace answers 404"));
        cases.put("karapace-rest-case7", cases.get("karapace-rest-case6"));
        return Map.copyOf(cases);
    }
}
