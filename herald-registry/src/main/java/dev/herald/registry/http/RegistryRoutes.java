package dev.herald.registry.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.registry.format.SchemaType;
import dev.herald.registry.store.SchemaVersion;
import dev.herald.registry.subject.Operations;
import dev.herald.registry.subject.RegisterRequest;
import dev.herald.registry.subject.RegistryException;
import dev.herald.registry.subject.Registration;
import dev.herald.registry.subject.VersionSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;

/**
 * Dispatches Confluent Schema Registry REST paths to the registry's operations and renders the answers.
 * Stateless apart from the operations it holds; called concurrently from request threads.
 */
final class RegistryRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryRoutes.class);
    private final Operations operations;

    RegistryRoutes(Operations operations) {
        this.operations = operations;
    }

    void handle(RestExchange exchange) throws IOException {
        List<String> path = exchange.segments();
        String root = path.isEmpty() ? "" : path.getFirst();
        switch (root) {
            case "" -> exchange.respond(200, RestExchange.JSON.createObjectNode());
            case "subjects" -> subjects(exchange, path);
            case "schemas" -> schemas(exchange, path);
            case "compatibility" -> compatibility(exchange, path);
            case "config" -> config(exchange, path);
            case "mode" -> mode(exchange, path);
            case "contexts" -> exchange.respond(200, JsonShapes.strings(List.of(".")));
            default -> notFound(exchange);
        }
    }

    private void subjects(RestExchange exchange, List<String> path) throws IOException {
        String method = exchange.method();
        if (path.size() == 1 && method.equals("GET")) {
            exchange.respond(200, JsonShapes.strings(operations.schemas().subjects(exchange.query("subjectPrefix"),
                    exchange.flag("deleted"), exchange.flag("deletedOnly"))));
            return;
        }
        if (path.size() < 2) {
            notFound(exchange);
            return;
        }
        String subject = path.get(1);
        if (path.size() == 2) {
            switch (method) {
                case "POST" -> exchange.respond(200, JsonShapes.subjectVersion(formatted(exchange, operations.schemas()
                        .lookup(subject, JsonShapes.registerRequest(exchange.body()), exchange.flag("normalize"),
                                exchange.flag("deleted")))));
                case "DELETE" -> exchange.respond(200, JsonShapes.ints(
                        operations.schemas().deleteSubject(subject, exchange.flag("permanent"))));
                default -> methodNotAllowed(exchange);
            }
        } else if (path.get(2).equals("versions")) {
            versions(exchange, subject, path);
        } else if (path.get(2).equals("metadata") && path.size() == 3 && method.equals("GET")) {
            exchange.respond(200, JsonShapes.subjectVersion(formatted(exchange, latestWithMetadata(exchange, subject))));
        } else {
            notFound(exchange);
        }
    }

    private void versions(RestExchange exchange, String subject, List<String> path) throws IOException {
        String method = exchange.method();
        if (path.size() == 3) {
            switch (method) {
                case "GET" -> exchange.respond(200, JsonShapes.ints(operations.schemas().versions(subject,
                        exchange.flag("deleted"), exchange.flag("deletedOnly"))));
                case "POST" -> register(exchange, subject);
                default -> methodNotAllowed(exchange);
            }
            return;
        }
        VersionSpec spec = VersionSpec.parse(path.get(3));
        String tail = path.size() > 4 ? path.get(4) : "";
        if (path.size() > 5) {
            notFound(exchange);
            return;
        }
        switch (method + " " + tail) {
            case "GET " -> exchange.respond(200, JsonShapes.subjectVersion(
                    formatted(exchange, operations.schemas().version(subject, spec, exchange.flag("deleted")))));
            case "GET schema" -> exchange.respondText(
                    operations.schemas().version(subject, spec, exchange.flag("deleted")).schema());
            case "GET referencedby" -> exchange.respond(200, JsonShapes.ints(operations.schemas().referencedBy(subject, spec)));
            case "DELETE " -> exchange.respond(200, RestExchange.JSON.getNodeFactory().numberNode(
                    operations.schemas().deleteVersion(subject, spec, exchange.flag("permanent"))));
            default -> notFound(exchange);
        }
    }

    private void register(RestExchange exchange, String subject) throws IOException {
        RegisterRequest request = JsonShapes.registerRequest(exchange.body());
        Registration registration = operations.schemas().register(subject, request, exchange.flag("normalize"),
                exchange.flag("force"));
        ObjectNode response = RestExchange.JSON.createObjectNode().put("id", registration.version().id());
        if (!registration.warnings().isEmpty()) {
            registration.warnings().forEach(w -> LOG.warn("Subject {}: {}", subject, w));
            response.set("warnings", JsonShapes.strings(registration.warnings()));
        }
        exchange.respond(200, response);
    }

    private SchemaVersion latestWithMetadata(RestExchange exchange, String subject) {
        List<String> keys = exchange.queryAll("key");
        List<String> values = exchange.queryAll("value");
        List<Integer> versions = operations.schemas().versions(subject, exchange.flag("deleted"), false);
        for (Integer number : versions.reversed()) {
            SchemaVersion version = operations.schemas().version(subject, new VersionSpec(number), exchange.flag("deleted"));
            JsonNode properties = version.metadata() == null ? null : version.metadata().path("properties");
            boolean matches = properties != null;
            for (int i = 0; matches && i < keys.size(); i++) {
                matches = i < values.size() && values.get(i).equals(properties.path(keys.get(i)).asText(null));
            }
            if (matches) {
                return version;
            }
        }
        throw new RegistryException(404, 40403, "Schema not found with the metadata " + keys + "=" + values + ".");
    }

    private void schemas(RestExchange exchange, List<String> path) throws IOException {
        if (!exchange.method().equals("GET")) {
            methodNotAllowed(exchange);
            return;
        }
        if (path.size() == 1) {
            ArrayNode array = RestExchange.JSON.createArrayNode();
            operations.schemas().schemas(exchange.query("subjectPrefix"), exchange.flag("deleted"), exchange.flag("latestOnly"))
                    .forEach(v -> array.add(JsonShapes.subjectVersion(v)));
            exchange.respond(200, array);
            return;
        }
        if (path.size() == 2 && path.get(1).equals("types")) {
            exchange.respond(200, JsonShapes.strings(operations.formats().types().stream().map(Enum::name).toList()));
            return;
        }
        if (path.size() < 3 || !path.get(1).equals("ids")) {
            notFound(exchange);
            return;
        }
        int id = schemaId(path.get(2));
        String tail = path.size() > 3 ? path.get(3) : "";
        switch (tail) {
            case "" -> exchange.respond(200, JsonShapes.schemaById(formatted(exchange, operations.schemas().byId(id))));
            case "schema" -> exchange.respondText(operations.schemas().byId(id).schema());
            case "subjects" -> exchange.respond(200, JsonShapes.strings(operations.schemas()
                    .versionsOfId(id, exchange.flag("deleted")).stream().map(SchemaVersion::subject).distinct().toList()));
            case "versions" -> {
                ArrayNode array = RestExchange.JSON.createArrayNode();
                operations.schemas().versionsOfId(id, exchange.flag("deleted"))
                        .forEach(v -> array.addObject().put("subject", v.subject()).put("version", v.version()));
                exchange.respond(200, array);
            }
            default -> notFound(exchange);
        }
    }

    /**
     * {@code format=serialized}: Protobuf schemas as base64 FileDescriptorProtos, the only form Confluent's
     * JavaScript Protobuf serdes read. Other formats and values are returned as stored.
     */
    private SchemaVersion formatted(RestExchange exchange, SchemaVersion version) {
        if (!"serialized".equals(exchange.query("format")) || version.type() != SchemaType.PROTOBUF) {
            return version;
        }
        String serialized = operations.schemas().parsed(version).serialized("schema_" + version.id() + ".proto");
        return new SchemaVersion(version.subject(), version.version(), version.id(), version.type(), serialized,
                version.references(), version.metadata(), version.ruleSet(), version.deleted());
    }

    private static int schemaId(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new RegistryException(404, 40403, "Schema " + text + " not found");
        }
    }

    private void compatibility(RestExchange exchange, List<String> path) throws IOException {
        if (path.size() < 4 || !path.get(1).equals("subjects") || !path.get(3).equals("versions") || path.size() > 5) {
            notFound(exchange);
            return;
        }
        if (!exchange.method().equals("POST")) {
            methodNotAllowed(exchange);
            return;
        }
        VersionSpec spec = path.size() == 5 ? VersionSpec.parse(path.get(4)) : null;
        RegisterRequest request = JsonShapes.registerRequest(exchange.body());
        boolean verbose = exchange.flag("verbose");
        List<String> messages;
        try {
            messages = operations.schemas().testCompatibility(path.get(2), spec, request, exchange.flag("normalize"));
        } catch (RegistryException invalid) {
            if (!verbose || invalid.errorCode() != 42201) {
                throw invalid;
            }
            messages = List.of(invalid.getMessage());
        }
        ObjectNode response = RestExchange.JSON.createObjectNode().put("is_compatible", messages.isEmpty());
        if (verbose && !messages.isEmpty()) {
            response.set("messages", JsonShapes.strings(messages));
        }
        exchange.respond(200, response);
    }

    private void config(RestExchange exchange, List<String> path) throws IOException {
        if (path.size() > 2) {
            notFound(exchange);
            return;
        }
        String subject = path.size() == 2 ? path.get(1) : null;
        switch (exchange.method()) {
            case "GET" -> exchange.respond(200, operations.configs().get(subject, exchange.flag("defaultToGlobal")));
            case "PUT" -> exchange.respond(200, operations.configs().put(subject, exchange.body()));
            case "DELETE" -> exchange.respond(200, operations.configs().delete(subject));
            default -> methodNotAllowed(exchange);
        }
    }

    private void mode(RestExchange exchange, List<String> path) throws IOException {
        if (path.size() > 2) {
            notFound(exchange);
            return;
        }
        String subject = path.size() == 2 ? path.get(1) : null;
        String mode = switch (exchange.method()) {
            case "GET" -> operations.configs().mode(subject, exchange.flag("defaultToGlobal"));
            case "PUT" -> operations.configs().setMode(subject, exchange.body().path("mode").asText(null),
                    exchange.flag("force"));
            case "DELETE" -> operations.configs().deleteMode(subject);
            default -> null;
        };
        if (mode == null) {
            methodNotAllowed(exchange);
        } else {
            exchange.respond(200, RestExchange.JSON.createObjectNode().put("mode", mode));
        }
    }

    private static void notFound(RestExchange exchange) throws IOException {
        exchange.respondError(404, 404, "HTTP 404 Not Found: no such endpoint " + exchange.method() + " /"
                + String.join("/", exchange.segments()) + ". See the Confluent Schema Registry API reference.");
    }

    private static void methodNotAllowed(RestExchange exchange) throws IOException {
        exchange.respondError(405, 405, "HTTP 405 Method Not Allowed: " + exchange.method() + " /"
                + String.join("/", exchange.segments()));
    }
}
