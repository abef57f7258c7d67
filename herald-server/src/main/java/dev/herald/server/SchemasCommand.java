package dev.herald.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code herald schemas list|show|register|check|delete|config}: an operator's client for any registry that
 * speaks the Confluent REST API (Herald's, Confluent's, Karapace, ...). Exit code 0 on success, 1 when the
 * registry refuses (the message is printed), 2 on usage errors.
 */
@Command(name = "schemas", mixinStandardHelpOptions = true,
        description = "List, show, register, check, delete and configure schemas in a schema registry.",
        subcommands = {SchemasCommand.ListSubjects.class, SchemasCommand.Show.class, SchemasCommand.Register.class,
                SchemasCommand.Check.class, SchemasCommand.Delete.class, SchemasCommand.Config.class})
final class SchemasCommand implements Runnable {
    static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--registry", description = "Registry URL (default: ${DEFAULT-VALUE}).", defaultValue = "http://127.0.0.1:8081",
            scope = CommandLine.ScopeType.INHERIT)
    String registry;

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** One REST call; prints the registry's message and returns null when it refuses. */
    static JsonNode request(String registry, String method, String path, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(registry.replaceAll("/+$", "") + path))
                .timeout(Duration.ofSeconds(30)).header("Accept", "application/vnd.schemaregistry.v1+json");
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.toString());
        request.header("Content-Type", "application/vnd.schemaregistry.v1+json").method(method, publisher);
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
            if (response.statusCode() >= 300) {
                System.err.printf("registry refused (HTTP %d, error %s): %s%n", response.statusCode(),
                        json.path("error_code").asText("?"), json.path("message").asText(response.body()));
                return null;
            }
            return json;
        } catch (IOException e) {
            System.err.println("cannot reach the registry at " + registry + " (" + e + ")"
                    + ". Start one with 'herald serve' or pass --registry URL.");
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static String segment(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static int print(JsonNode json) {
        if (json == null) {
            return 1;
        }
        System.out.println(json.isTextual() ? json.asText() : json.toPrettyString());
        return 0;
    }

    /** Reads a schema file into a register body. */
    static ObjectNode schemaBody(Path file, String type, List<String> references) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("schema", Files.readString(file));
        String schemaType = type != null ? type : guessType(file);
        if (!schemaType.equals("AVRO")) {
            body.put("schemaType", schemaType);
        }
        if (references != null && !references.isEmpty()) {
            ArrayNode array = body.putArray("references");
            for (String reference : references) {
                String[] nameAndRest = reference.split("=", 2);
                String[] subjectAndVersion = nameAndRest[1].split(":", 2);
                array.addObject().put("name", nameAndRest[0]).put("subject", subjectAndVersion[0])
                        .put("version", subjectAndVersion.length > 1 ? Integer.parseInt(subjectAndVersion[1]) : -1);
            }
        }
        return body;
    }

    private static String guessType(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(".proto")) {
            return "PROTOBUF";
        }
        return name.endsWith(".json") && !name.endsWith(".avsc.json") ? "JSON" : "AVRO";
    }

    @Command(name = "list", description = "List subjects.")
    static final class ListSubjects implements Callable<Integer> {
        @CommandLine.ParentCommand
        SchemasCommand parent;
        @Option(names = "--prefix", description = "Only subjects starting with this prefix.")
        String prefix;
        @Option(names = "--deleted", description = "Include soft-deleted subjects.")
        boolean deleted;

        @Override
        public Integer call() {
            String query = "?deleted=" + deleted + (prefix == null ? "" : "&subjectPrefix=" + segment(prefix));
            JsonNode subjects = request(parent.registry, "GET", "/subjects" + query, null);
            if (subjects == null) {
                return 1;
            }
            subjects.forEach(s -> System.out.println(s.asText()));
            return 0;
        }
    }

    @Command(name = "show", description = "Show a subject's version (default latest), or a schema by --id.")
    static final class Show implements Callable<Integer> {
        @CommandLine.ParentCommand
        SchemasCommand parent;
        @Parameters(arity = "0..1", description = "Subject.")
        String subject;
        @Option(names = "--version", description = "Version number or 'latest' (default: ${DEFAULT-VALUE}).", defaultValue = "latest")
        String version;
        @Option(names = "--id", description = "Show the schema with this global id instead.")
        Integer id;

        @Override
        public Integer call() {
            if (id != null) {
                return describe(request(parent.registry, "GET", "/schemas/ids/" + id, null));
            }
            if (subject == null) {
                System.err.println("herald schemas show: give a SUBJECT or --id ID");
                return 2;
            }
            return describe(request(parent.registry, "GET", "/subjects/" + segment(subject) + "/versions/" + version, null));
        }

        /** Prints the entity's fields, then the schema itself (pretty-printed when it is JSON). */
        private static int describe(JsonNode entity) {
            if (entity == null) {
                return 1;
            }
            entity.properties().forEach(field -> {
                if (!field.getKey().equals("schema")) {
                    System.out.println(field.getKey() + ": " + (field.getValue().isTextual() ? field.getValue().asText() : field.getValue()));
                }
            });
            String schema = entity.path("schema").asText();
            try {
                System.out.println(JSON.readTree(schema).toPrettyString());
            } catch (IOException notJson) {
                System.out.println(schema);
            }
            return 0;
        }
    }

    @Command(name = "register", description = "Register a schema file under a subject; prints its id.")
    static final class Register implements Callable<Integer> {
        @CommandLine.ParentCommand
        SchemasCommand parent;
        @Parameters(index = "0", description = "Subject, e.g. orders-value.")
        String subject;
        @Parameters(index = "1", description = "Schema file (.avsc, .json, .proto).")
        Path file;
        @Option(names = "--type", description = "AVRO, JSON or PROTOBUF (default: from the file extension).")
        String type;
        @Option(names = "--reference", description = "Reference as name=subject:version (repeatable).")
        List<String> references;
        @Option(names = "--normalize", description = "Register the normalized form.")
        boolean normalize;

        @Override
        public Integer call() throws IOException {
            JsonNode response = request(parent.registry, "POST", "/subjects/" + segment(subject) + "/versions?normalize="
                    + normalize, schemaBody(file, type, references));
            if (response == null) {
                return 1;
            }
            System.out.println("registered " + subject + " with id " + response.path("id").asInt());
            response.path("warnings").forEach(w -> System.err.println("warning: " + w.asText()));
            return 0;
        }
    }

    @Command(name = "check", description = "Check a schema file against a subject's compatibility level; exit 1 if incompatible.")
    static final class Check implements Callable<Integer> {
        @CommandLine.ParentCommand
        SchemasCommand parent;
        @Parameters(index = "0", description = "Subject.")
        String subject;
        @Parameters(index = "1", description = "Schema file.")
        Path file;
        @Option(names = "--type", description = "AVRO, JSON or PROTOBUF (default: from the file extension).")
        String type;
        @Option(names = "--version", description = "Check against this version only (default: what registering would check).")
        String version;
        @Option(names = "--reference", description = "Reference as name=subject:version (repeatable).")
        List<String> references;

        @Override
        public Integer call() throws IOException {
            String path = "/compatibility/subjects/" + segment(subject) + "/versions"
                    + (version == null ? "" : "/" + version) + "?verbose=true";
            JsonNode response = request(parent.registry, "POST", path, schemaBody(file, type, references));
            if (response == null) {
                return 1;
            }
            boolean compatible = response.path("is_compatible").asBoolean();
            System.out.println(compatible ? "compatible" : "incompatible");
            response.path("messages").forEach(m -> System.out.println("  " + m.asText()));
            return compatible ? 0 : 1;
        }
    }

    @Command(name = "delete", description = "Soft-delete a subject or one version; --permanent hard-deletes soft-deleted ones.")
    static final class Delete implements Callable<Integer> {
        @CommandLine.ParentCommand
        SchemasCommand parent;
        @Parameters(index = "0", description = "Subject.")
        String subject;
        @Option(names = "--version", description = "Delete only this version.")
        String version;
        @Option(names = "--permanent", description = "Hard delete (the version or subject must be soft-deleted first).")
        boolean permanent;

        @Override
        public Integer call() {
            String path = "/subjects/" + segment(subject) + (version == null ? "" : "/versions/" + version)
                    + "?permanent=" + permanent;
            JsonNode deleted = request(parent.registry, "DELETE", path, null);
            if (deleted == null) {
                return 1;
            }
            System.out.println("deleted " + subject + " version(s) " + deleted);
            return 0;
        }
    }

    @Command(name = "config", description = "Show or set the compatibility level and event-naming check, global or per subject.")
    static final class Config implements Callable<Integer> {
        @CommandLine.ParentCommand
        SchemasCommand parent;
        @Parameters(arity = "0..1", description = "Subject (default: global).")
        String subject;
        @Option(names = "--level", description = "NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE.")
        String level;
        @Option(names = "--event-naming", description = "off, warn or reject.")
        String eventNaming;

        @Override
        public Integer call() {
            String path = "/config" + (subject == null ? "" : "/" + segment(subject));
            if (level == null && eventNaming == null) {
                return print(request(parent.registry, "GET", path + (subject == null ? "" : "?defaultToGlobal=true"), null));
            }
            ObjectNode body = JSON.createObjectNode();
            if (level != null) {
                body.put("compatibility", level);
            }
            if (eventNaming != null) {
                body.put("eventNaming", eventNaming);
            }
            return print(request(parent.registry, "PUT", path, body));
        }
    }
}
