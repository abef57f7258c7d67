package dev.herald.broker.network;

import dev.herald.broker.handler.ApiHandler;
import dev.herald.broker.handler.ApiRegistry;
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

/**
 * One client connection: reads a request frame, handles it, writes the response, and only then reads the next
 * frame, so responses leave in request order as Kafka guarantees (the Java client matches responses to requests
 * by order and fails on a mismatch).
 *
 * <pre>
 *   READ_SIZE --4 bytes--> READ_FRAME --size bytes--> HANDLE --> WRITE_RESPONSE --> READ_SIZE
 *       |                      |                        |
 *       +-- EOF / bad size ----+-- unknown API, version +-- I/O error --> CLOSED
 *           (over the limit)       not served, garbage
 * </pre>
 * A frame the broker cannot make sense of closes this connection only (what Kafka does); the broker and the
 * log are unaffected. An unsupported ApiVersions version is answered in v0 with the supported range (KIP-511).
 *
 * <p>Threading: runs on its own virtual thread; handlers may block it.
 */
final class Connection implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    private final SocketChannel socket;
    private final SocketTransferChannel transfer;
    private final ApiRegistry registry;
    private final int maxRequestBytes;
    private final String id;
    private final SocketAddress clientAddress;
    private final ByteBuffer sizeBuffer = ByteBuffer.allocate(4);
    private final Runnable onClose;
    private final BrokerMetrics metrics;

    Connection(SocketChannel socket, ApiRegistry registry, int maxRequestBytes, String id, BrokerMetrics metrics, Runnable onClose) throws IOException {
        this.metrics = metrics;
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
        try (socket) {
            while (socket.isOpen()) {
                ByteBuffer frame = readFrame();
                if (frame == null) return;
                if (!serve(frame)) return;
            }
        } catch (EOFException e) {
            // Client went away mid-frame: nothing to answer.
        } catch (IOException e) {
            log.debug("Connection {} from {} closed: {}", id, clientAddress, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Closing connection {} from {} after an unexpected error", id, clientAddress, e);
        } finally {
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
        ByteBuffer frame = ByteBuffer.allocate(size);
        readFully(frame, false);
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

    /** Handles one frame; false when the connection must close. */
    private boolean serve(ByteBuffer frame) throws IOException {
        short keyId = frame.getShort(0);
        short version = frame.getShort(2);
        int correlationId = frame.getInt(4);
        if (!ApiKeys.hasId(keyId)) return refuse("unknown API key " + keyId);
        ApiKeys key = ApiKeys.forId(keyId);
        ApiHandler<?> handler = registry.handler(key);
        if (handler == null) return refuse(key + " is not served by Herald");
        if (version < handler.minVersion() || version > handler.maxVersion()) {
            if (key == ApiKeys.API_VERSIONS) {
                sendUnsupportedApiVersions(correlationId, handler);
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
        long started = System.nanoTime();
        ApiMessage response = handle(handler, new RequestContext(header, clientAddress, id), request);
        if (response != null) send(header.toResponseHeader(), response, version);
        metrics.request(key, System.nanoTime() - started);
        return true;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ApiMessage handle(ApiHandler handler, RequestContext context, AbstractRequest request) {
        try {
            return handler.handle(context, request);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return request.getErrorResponse(0, e).data();
        } catch (Exception e) {
            Errors error = Errors.forException(e);
            if (error == Errors.UNKNOWN_SERVER_ERROR) {
                log.error("{} v{} from {} failed", request.apiKey(), request.version(), context.clientId(), e);
            }
            return request.getErrorResponse(0, e).data();
        }
    }

    private void sendUnsupportedApiVersions(int correlationId, ApiHandler<?> handler) throws IOException {
        ApiVersionsResponseData.ApiVersionCollection range = new ApiVersionsResponseData.ApiVersionCollection();
        range.add(new ApiVersionsResponseData.ApiVersion().setApiKey(ApiKeys.API_VERSIONS.id)
                .setMinVersion(handler.minVersion()).setMaxVersion(handler.maxVersion()));
        ApiVersionsResponseData body = new ApiVersionsResponseData()
                .setErrorCode(Errors.UNSUPPORTED_VERSION.code()).setApiKeys(range);
        send(new ResponseHeader(correlationId, (short) 0), body, (short) 0);
    }

    private void send(ResponseHeader header, ApiMessage body, short version) throws IOException {
        Send send;
        try {
            send = SendBuilder.buildResponseSend(header, body, version);
        } catch (UnsupportedVersionException e) {
            throw new IllegalStateException("response to " + ApiKeys.forId(body.apiKey()) + " v" + version + " cannot be written: " + e.getMessage(), e);
        }
        while (!send.completed()) send.writeTo(transfer);
    }

    private boolean refuse(String reason) {
        log.warn("Closing connection {} from {}: {}", id, clientAddress, reason);
        return false;
    }
}
