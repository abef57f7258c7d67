package dev.herald.broker.handler;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.AbstractRequest;

/**
 * Serves one Kafka API. Each handler declares the versions it serves; ApiVersions is computed from these
 * declarations, so what is advertised and what is handled can never disagree.
 *
 * <p>Threading: {@link #handle} is called on the connection's reader thread, concurrently for different
 * connections; it may block (long-poll fetch, waiting for a rebalance).
 *
 * <p>Lifetime: a request's zero-copy parts (Produce's records) are backed by a buffer the connection reuses for
 * later frames once the call returns; a handler must not keep them, or anything sliced from them, beyond its call.
 *
 * @param <Q> the parsed request type from kafka-clients
 */
public interface ApiHandler<Q extends AbstractRequest> {

    ApiKeys apiKey();

    short minVersion();

    short maxVersion();

    /**
     * Answers one request. Returns the response body, or null when the protocol says not to answer (Produce with
     * acks=0). Expected failures are encoded as error codes in the response; an exception becomes the API's
     * generic error response with the error Kafka maps it to.
     */
    ApiMessage handle(RequestContext context, Q request) throws Exception;
}
