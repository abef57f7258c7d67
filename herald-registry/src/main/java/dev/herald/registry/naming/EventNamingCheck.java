package dev.herald.registry.naming;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Flags event type names that read as commands ({@code SendWelcomeEmail}) rather than facts
 * ({@code WelcomeEmailSent}): events describe what happened, not what should happen. A name is a command when
 * its first word is an imperative verb from a known list, or it ends in {@code Command}/{@code Request}, and
 * it does not already end in a past participle. The suggestion moves the verb to the end in the past tense.
 * Stateless and thread-safe.
 */
public final class EventNamingCheck {
    private static final Pattern WORDS = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|[_\\-.\\s]+");
    private static final Set<String> IMPERATIVE_VERBS = Set.of(
            "add", "apply", "approve", "assign", "book", "calculate", "cancel", "change", "charge", "check",
            "close", "compute", "confirm", "create", "delete", "deliver", "disable", "do", "emit", "enable",
            "execute", "fetch", "generate", "get", "handle", "insert", "invoke", "issue", "load", "make", "notify",
            "open", "pay", "place", "post", "process", "publish", "put", "refund", "register", "reject", "remove",
            "request", "reserve", "reset", "run", "save", "schedule", "send", "set", "ship", "start", "stop",
            "submit", "trigger", "update", "upload", "validate", "verify", "write");
    private static final Map<String, String> IRREGULAR_PAST = Map.ofEntries(
            Map.entry("send", "Sent"), Map.entry("pay", "Paid"), Map.entry("make", "Made"), Map.entry("do", "Done"),
            Map.entry("get", "Received"), Map.entry("run", "Ran"), Map.entry("set", "Set"), Map.entry("put", "Put"),
            Map.entry("write", "Written"), Map.entry("reset", "Reset"), Map.entry("issue", "Issued"),
            Map.entry("open", "Opened"), Map.entry("fetch", "Fetched"));

    /** A problem with one name and the name to use instead. */
    public record Finding(String name, String suggestion) {
        public String message() {
            return "Event name '" + name + "' reads as a command; events describe what happened, not what should "
                    + "happen. Rename it to a fact such as '" + suggestion + "'.";
        }
    }

    public List<Finding> check(List<String> names) {
        List<Finding> findings = new ArrayList<>();
        for (String name : names) {
            suggestion(name).ifPresent(s -> findings.add(new Finding(name, s)));
        }
        return findings;
    }

    /** The fact-style name to use instead of {@code name}, or empty when {@code name} already reads as a fact. */
    public Optional<String> suggestion(String name) {
        List<String> words = new ArrayList<>(List.of(WORDS.split(name)));
        words.removeIf(String::isEmpty);
        if (words.isEmpty()) {
            return Optional.empty();
        }
        String last = words.getLast();
        boolean commandSuffix = words.size() > 1 && (last.equals("Command") || last.equals("Request"));
        if (commandSuffix) {
            words.removeLast();
        }
        String verb = words.getFirst().toLowerCase(Locale.ROOT);
        if (!IMPERATIVE_VERBS.contains(verb) || words.size() < 2 || isPastParticiple(words.getLast())) {
            return commandSuffix ? Optional.of(String.join("", words) + "Happened") : Optional.empty();
        }
        words.removeFirst();
        return Optional.of(String.join("", words) + pastTense(verb));
    }

    private static boolean isPastParticiple(String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        return lower.endsWith("ed") || IRREGULAR_PAST.values().stream().anyMatch(p -> p.equalsIgnoreCase(lower));
    }

    static String pastTense(String verb) {
        String irregular = IRREGULAR_PAST.get(verb);
        if (irregular != null) {
            return irregular;
        }
        String past;
        if (verb.endsWith("e")) {
            past = verb + "d";
        } else if (verb.endsWith("y") && !"aeiou".contains(verb.substring(verb.length() - 2, verb.length() - 1))) {
            past = verb.substring(0, verb.length() - 1) + "ied";
        } else if (doublesFinalConsonant(verb)) {
            past = verb + verb.charAt(verb.length() - 1) + "ed";
        } else {
            past = verb + "ed";
        }
        return Character.toUpperCase(past.charAt(0)) + past.substring(1);
    }

    private static boolean doublesFinalConsonant(String verb) {
        return Set.of("ship", "stop", "submit", "plan", "drop", "log", "tag", "commit", "cancel").contains(verb)
                && !verb.equals("cancel");
    }
}
