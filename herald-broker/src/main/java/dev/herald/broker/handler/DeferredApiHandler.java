package dev.herald.broker.handler;

import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.AbstractRequest;

import java.util.concurrent.CompletableFuture;

/**
 * A handler whose answer may come later than its effects: it applies the request at once, in request order, and
 * returns a future of the response (Produce with acks=all: appended now, answered once the fsync covering it is
 * done). The connection meanwhile goes on reading and applying the client's next requests, so a producer's
 * in-flight requests share one fsync instead of paying one each, and still get their answers in request order.
 *
 * <p>Threading: {@link #begin} runs on the connection's reader thread; the future may complete on any thread
 * (typically the group-commit thread), so whatever completes it must be short.
 */
public interface DeferredApiHandler<Q extends AbstractRequest> extends ApiHandler<Q> {

    /**
     * Applies the request and returns its response, or null for no answer (Produce with acks=0), once known.
     * Everything the request changes must be applied before this returns; only the wait may be deferred, and the
     * future's completion must not read the request's records (their buffer is reused once this returns).
     */
    CompletableFuture<ApiMessage> begin(RequestContext context, Q request) throws Exception;

    @Override
    default ApiMessage handle(RequestContext context, Q request) throws Exception {
        return begin(context, request).get();
    }
}
