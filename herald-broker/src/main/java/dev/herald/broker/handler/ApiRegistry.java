package dev.herald.broker.handler;

import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;

/**
 * The handlers this broker serves, by API key. The ApiVersions response is derived from here.
 *
 * <p>Threading: filled at start-up, then read-only.
 */
public final class ApiRegistry {
    private final Map<ApiKeys, ApiHandler<?>> handlers = new EnumMap<>(ApiKeys.class);

    public ApiRegistry register(ApiHandler<?> handler) {
        if (handler.minVersion() < 0 || handler.maxVersion() > handler.apiKey().latestVersion(true)) {
            throw new IllegalArgumentException(handler.apiKey() + " handler declares versions " + handler.minVersion() + ".."
                    + handler.maxVersion() + " beyond what kafka-clients can parse (up to " + handler.apiKey().latestVersion(true) + ")");
        }
        if (handlers.putIfAbsent(handler.apiKey(), handler) != null) {
            throw new IllegalStateException("two handlers for " + handler.apiKey());
        }
        return this;
    }

    public ApiHandler<?> handler(ApiKeys key) { return handlers.get(key); }

    public Collection<ApiHandler<?>> handlers() { return handlers.values(); }

    /** The advertised version ranges, one per handled API, in key order. */
    public ApiVersionsResponseData.ApiVersionCollection advertisedVersions() {
        ApiVersionsResponseData.ApiVersionCollection versions = new ApiVersionsResponseData.ApiVersionCollection();
        for (ApiHandler<?> handler : handlers.values()) {
            versions.add(new ApiVersionsResponseData.ApiVersion()
                    .setApiKey(handler.apiKey().id)
                    .setMinVersion(handler.minVersion())
                    .setMaxVersion(handler.maxVersion()));
        }
        return versions;
    }
}
