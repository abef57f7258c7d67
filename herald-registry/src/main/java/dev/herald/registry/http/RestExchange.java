package dev.herald.registry.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.herald.registry.subject.RegistryException;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request and its response, with the path split into decoded segments and the query parsed.
 * Subject names may contain URL-encoded slashes, so the raw path is split before decoding.
 * Confined to the request's thread.
 */
final class RestExchange {
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
    private static final long MAX_DISCARDED_BYTES = 256L * 1024 * 1024;

    private final HttpExchange exchange;
    private final List<String> segments = new ArrayList<>();
    private final Map<String, List<String>> query = new HashMap<>();

    RestExchange(HttpExchange exchange) {
        this.exchange = exchange;
        for (String segment : exchange.getRequestURI().getRawPath().split("/")) {
            if (!segment.isEmpty()) {
                segments.add(decode(segment));
            }
        }
        String rawQuery = exchange.getRequestURI().getRawQuery();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                query.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            }
        }
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    String method() {
        return exchange.getRequestMethod();
    }

    List<String> segments() {
        return segments;
    }

    String query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    List<String> queryAll(String name) {
        return query.getOrDefault(name, List.of());
    }

    boolean flag(String name) {
        return Boolean.parseBoolean(query(name));
    }

    /** The request body as JSON; an empty body is an empty object. Bodies over 16 MiB are discarded and refused. */
    JsonNode body() throws IOException {
        byte[] bytes = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            // Discard (a bounded amount of) the rest so that the client, still sending, gets to read the answer.
            discard(exchange.getRequestBody(), MAX_DISCARDED_BYTES);
            exchange.getResponseHeaders().set("Connection", "close");
            throw new RegistryException(422, 42209, "Request body is larger than " + MAX_BODY_BYTES
                    + " bytes. Split the schema into referenced schemas.");
        }
        if (bytes.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new RegistryException(400, 400, "Request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static void discard(java.io.InputStream body, long limit) throws IOException {
        for (long left = limit; left > 0; ) {
            long skipped = body.skip(left);
            if (skipped <= 0) {
                if (body.read() < 0) {
                    return;
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    void respond(int status, JsonNode body) throws IOException {
        send(status, CONTENT_TYPE, JSON.writeValueAsBytes(body));
    }

    void respondText(String text) throws IOException {
        send(200, CONTENT_TYPE, text.getBytes(StandardCharsets.UTF_8));
    }

    void respondError(int status, int errorCode, String message) throws IOException {
        ObjectNode error = JSON.createObjectNode().put("error_code", errorCode).put("message", message);
        respond(status, error);
    }

    private void send(int status, String contentType, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
