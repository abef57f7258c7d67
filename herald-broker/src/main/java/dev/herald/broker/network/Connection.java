package dev.herald.broker.network;

import dev.herald.broker.handler.ApiHandler;
import dev.herald.broker.handler.ApiRegistry;
import dev.herald.broker.handler.DeferredApiHandler;
import dev.herald.broker.handler.RequestContext;
import dev.herald.broker.metrics.BrokerMetrics;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.SendBuilder;
import org.apache.kafka.common.network.Send;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client connection. A reader thread reads each request frame and applies it; a writer thread sends the
 * responses strictly in request order, as Kafka guarantees (the Java client matches responses to requests by order
 * and fails on a mismatch).
 *
 * <pre>
 *   reader: READ_SIZE --4 bytes--> READ_FRAME --size bytes--> APPLY --> queue (in order) --> READ_SIZE
 *   writer: take the oldest queued response --> wait until it is known --> WRITE --> take the next
 * </pre>
 * Most requests are answered as soon as they are applied. A {@link DeferredApiHandler} (Produce with acks=all)
 * applies its request at once but answers later, after the fsync covering it; meanwhile the reader goes on with the
 * client's next requests, so a producer's in-flight requests are appended back to back and share one fsync
 * instead of waiting for one each. At most {@value #MAX_QUEUED_RESPONSES} responses wait per connection; beyond
 * that the reader stops reading and TCP pushes back on the client.
 *
 * <p>A connection that sends no request for {@code connections.max.idle.ms} while no response is owed, or whose
 * client reads nothing of its answer for that long, is closed by {@link KafkaServer}, as Kafka does; clients
 * reconnect when they next need the broker.
 *
 * <p>A frame the broker cannot make sense of closes this connection only (what Kafka does); the broker and the
 * log are unaffected. An unsupported ApiVersions version is answered in v0 with the supported range (KIP-511).
 *
 * <p>Threading: reader and writer are virtual threads of their own; handlers run on the reader and may block it
 * (long-poll fetch, waiting for a rebalance).
 */
final class Connection implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    /** Responses that may wait to be written, per connection; Kafka clients keep at most 5 requests in flight. */
    static final int MAX_QUEUED_RESPONSES = 16;

    /**
     * A response in the making: written once {@code body} completes; a null body means no answer. {@code request}
     * is kept only to build the API's error response if {@code body} fails; its records may already be backed by a
     * reused frame buffer then, which is fine since error responses never read them.
     */
    private record Queued(ResponseHeader header, short version, ApiKeys key, AbstractRequest request, long startedNanos,
                          CompletableFuture<ApiMessage> body) { }

    /** Tells the writer that the reader is done. */
    private static final Queued END = new Queued(null, (short) 0, null, null, 0, null);

    private final SocketChannel socket;
    private final SocketTransferChannel transfer;
    private final ApiRegistry registry;
    private final int maxRequestBytes;
    private final String id;
    private final SocketAddress clientAddress;
    private final ByteBuffer sizeBuffer = ByteBuffer.allocate(4);
    private final Runnable onClose;
    private final BrokerMetrics metrics;
    private final BlockingQueue<Queued> queued = new ArrayBlockingQueue<>(MAX_QUEUED_RESPONSES);
    private final FrameBuffers frameBuffers;
    private volatile Thread writer;
    /** When a request was last read or a response last written, for {@link #idleFor}. */
    private volatile long lastActiveNanos = System.nanoTime();
    /** Responses queued or being written, so a connection waiting for its answer is never idle. */
    private final AtomicInteger owed = new AtomicInteger();
    /** The reader is applying a request, which may block it for long (a long-poll fetch, a join). */
    private volatile boolean applying;
    /** The writer is sending a response; its progress counts as activity, so only a client that reads nothing stalls it. */
    private volatile boolean writing;

    Connection(SocketChannel socket, ApiRegistry registry, int maxRequestBytes, String id, BrokerMetrics metrics,
               FrameBuffers frameBuffers, Runnable onClose) throws IOException {
        this.metrics = metrics;
        this.frameBuffers = frameBuffers;
        this.socket = socket;
        this.transfer = new SocketTransferChannel(socket);
        this.registry = registry;
        this.maxRequestBytes = maxRequestBytes;
        this.id = id;
        this.clientAddress = socket.getRemoteAddress();
        this.onClose = onClose;
    }

    @Override
    public void run() {
        writer = Thread.ofVirtual().name(Thread.currentThread().getName() + "-writer").start(this::writeResponses);
        try {
            while (socket.isOpen()) {
                ByteBuffer frame = readFrame();
                if (frame == null) break;
                lastActiveNanos = System.nanoTime();
                applying = true;
                try {
                    if (!serve(frame)) break;
                } finally {
                    applying = false;
                    // Applied (or refused): nothing refers to the frame's bytes any more.
                    frameBuffers.release(frame);
                }
            }
        } catch (EOFException e) {
            // Client went away mid-frame: nothing to answer.
        } catch (IOException e) {
            log.debug("Connection {} from {} closed: {}", id, clientAddress, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Closing connection {} from {} after an unexpected error", id, clientAddress, e);
        } finally {
            finish();
        }
    }

    /** Lets the writer send what is still queued (each deferred answer is bounded by its request's timeout), then closes. */
    private void finish() {
        try {
            enqueue(END);
            writer.join();
        } catch (IOException ignored) {
            // the writer is gone already
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly();
            onClose.run();
        }
    }

    /** Reads one frame; null on a clean end of stream or a size the broker refuses. */
    private ByteBuffer readFrame() throws IOException {
        sizeBuffer.clear();
        if (!readFully(sizeBuffer, true)) return null;
        int size = sizeBuffer.flip().getInt();
        if (size < 8 || size > maxRequestBytes) {
            log.warn("Closing connection {} from {}: request size {} is outside [8, {}] (socket.request.max.bytes)",
                    id, clientAddress, size, maxRequestBytes);
            return null;
        }
        ByteBuffer frame = frameBuffers.acquire(size);
        try {
            readFully(frame, false);
        } catch (IOException | RuntimeException e) {
            frameBuffers.release(frame);
            throw e;
        }
        return frame.flip();
    }

    private boolean readFully(ByteBuffer buffer, boolean endAllowed) throws IOException {
        while (buffer.hasRemaining()) {
            if (socket.read(buffer) < 0) {
                if (endAllowed && buffer.position() == 0) return false;
                throw new EOFException();
            }
        }
        return true;
    }

    /** Applies one frame and queues its response; false when the connection must close. */
    private boolean serve(ByteBuffer frame) throws IOException, InterruptedException {
        short keyId = frame.getShort(0);
        short version = frame.getShort(2);
        int correlationId = frame.getInt(4);
        if (!ApiKeys.hasId(keyId)) return refuse("unknown API key " + keyId);
        ApiKeys key = ApiKeys.forId(keyId);
        ApiHandler<?> handler = registry.handler(key);
        if (handler == null) return refuse(key + " is not served by Herald");
        long started = System.nanoTime();
        if (version < handler.minVersion() || version > handler.maxVersion()) {
            if (key == ApiKeys.API_VERSIONS) {
                enqueue(new Queued(new ResponseHeader(correlationId, (short) 0), (short) 0, key, null, started,
                        CompletableFuture.completedFuture(unsupportedApiVersions(handler))));
                return true;
            }
            return refuse(key + " version " + version + " is outside the advertised range " + handler.minVersion() + ".." + handler.maxVersion());
        }
        RequestHeader header;
        AbstractRequest request;
        try {
            header = RequestHeader.parse(frame);
            request = AbstractRequest.parseRequest(key, version, new ByteBufferAccessor(frame)).request;
        } catch (RuntimeException e) {
            return refuse("malformed " + key + " v" + version + " request: " + e);
        }
        CompletableFuture<ApiMessage> body = apply(handler, new RequestContext(header, clientAddress, id), request);
        enqueue(new Queued(header.toResponseHeader(), version, key, request, started, body));
        return true;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static CompletableFuture<ApiMessage> apply(ApiHandler handler, RequestContext context, AbstractRequest request) {
        try {
            if (handler instanceof DeferredApiHandler deferred) return deferred.begin(context, request);
            return CompletableFuture.completedFuture(handler.handle(context, request));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void enqueue(Queued response) throws IOException, InterruptedException {
        if (response != END) owed.incrementAndGet();
        while (!queued.offer(response, 100, TimeUnit.MILLISECONDS)) {
            if (!writer.isAlive()) throw new IOException("the connection's writer has stopped");
        }
    }

    /** The writer thread: sends each queued response once it is known, oldest first, until the reader is done. */
    private void writeResponses() {
        try {
            for (Queued next = queued.take(); next != END; next = queued.take()) {
                ApiMessage body = await(next);
                if (body != null) send(next.header(), body, next.version());
                long now = System.nanoTime();
                metrics.request(next.key(), now - next.startedNanos());
                lastActiveNanos = now;
                owed.decrementAndGet();
            }
        } catch (IOException e) {
            log.debug("Connection {} from {}: writing a response failed: {}", id, clientAddress, e.getMessage());
            closeQuietly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly();
        }
    }

    /** The response body, or the API's generic error response with the error Kafka maps the failure to. */
    private ApiMessage await(Queued response) {
        Throwable failure;
        try {
            return response.body().join();
        } catch (CompletionException | CancellationException e) {
            failure = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        }
        AbstractRequest request = response.request();
        if (Errors.forException(failure) == Errors.UNKNOWN_SERVER_ERROR) {
            log.error("{} v{} from {} failed", request.apiKey(), request.version(), clientAddress, failure);
        }
        return request.getErrorResponse(0, failure).data();
    }

    private static ApiVersionsResponseData unsupportedApiVersions(ApiHandler<?> handler) {
        ApiVersionsResponseData.ApiVersionCollection range = new ApiVersionsResponseData.ApiVersionCollection();
        range.add(new ApiVersionsResponseData.ApiVersion().setApiKey(ApiKeys.API_VERSIONS.id)
                .setMinVersion(handler.minVersion()).setMaxVersion(handler.maxVersion()));
        return new ApiVersionsResponseData().setErrorCode(Errors.UNSUPPORTED_VERSION.code()).setApiKeys(range);
    }

    private void send(ResponseHeader header, ApiMessage body, short version) throws IOException {
        Send send;
        try {
            send = SendBuilder.buildResponseSend(header, body, version);
        } catch (UnsupportedVersionException e) {
            throw new IllegalStateException("response to " + ApiKeys.forId(body.apiKey()) + " v" + version + " cannot be written: " + e.getMessage(), e);
        }
        // An answer that took long to be known (a long poll, a rebalance) starts its own idle period.
        lastActiveNanos = System.nanoTime();
        writing = true;
        try {
            while (!send.completed()) {
                if (send.writeTo(transfer) > 0) lastActiveNanos = System.nanoTime();
            }
        } finally {
            writing = false;
        }
    }

    /**
     * True when, at {@code now}, no request has been read and no response bytes written for {@code idleNanos}, and
     * either no response is owed or the one being written is stuck behind a client that reads nothing (a long-poll
     * fetch, a join waiting for its rebalance or a produce waiting for its fsync is not idle).
     */
    boolean idleFor(long idleNanos, long now) {
        return now - lastActiveNanos >= idleNanos && (writing || !applying && owed.get() == 0);
    }

    /** Closes the socket of an idle connection; its reader and writer then end as on a client's close. */
    void closeIdle(long idleMs) {
        log.debug("Closing connection {} from {}: idle for more than {} ms (connections.max.idle.ms)", id, clientAddress, idleMs);
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private boolean refuse(String reason) {
        log.warn("Closing connection {} from {}: {}", id, clientAddress, reason);
        return false;
    }
}
