package dev.herald.broker.handler;

import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiVersionsRequest;

/**
 * ApiVersions: advertises every registered handler's version range. Capped at v4: v5 adds KIP-1242 rebootstrap
 * semantics that a single node has no use for, and the Java client falls back to v4 after one round trip.
 */
public final class ApiVersionsHandler implements ApiHandler<ApiVersionsRequest> {
    private final ApiRegistry registry;

    public ApiVersionsHandler(ApiRegistry registry) {
        this.registry = registry;
    }

    @Override public ApiKeys apiKey() { return ApiKeys.API_VERSIONS; }
    @Override public short minVersion() { return 0; }
    @Override public short maxVersion() { return 4; }

    @Override
    public ApiMessage handle(RequestContext context, ApiVersionsRequest request) {
        if (request.version() >= 3 && !request.isValid()) {
            return new ApiVersionsResponseData().setErrorCode(Errors.INVALID_REQUEST.code());
        }
        return new ApiVersionsResponseData()
                .setErrorCode(Errors.NONE.code())
                .setApiKeys(registry.advertisedVersions())
                .setThrottleTimeMs(0);
    }
}
