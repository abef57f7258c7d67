package dev.herald.testkit;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * One bare Kafka-protocol connection that sends exactly the request a test builds, at exactly the version it asks
 * for, and hands back the parsed response: for tests that compare error codes and fields between brokers, which
 * the real clients hide behind retries. Requests and responses are kafka-clients' own classes.
 *
 * <p>Frames on the wire: {@code int32 size | request header | request body}, answered by
 * {@code int32 size | response header | response body}, in order, one at a time on this connection.
 *
 * <pre>{@code
 * try (KafkaWire wire = KafkaWire.connect(broker)) {
 *     HeartbeatResponse response = wire.send(new HeartbeatRequest.Builder(new HeartbeatRequestData()
 *             .setGroupId("g").setMemberId("nobody").setGenerationId(1)), (short) 4);
 *     assertThat(response.error()).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
 * }
 * }</pre>
 *
 * Not thread-safe: one thread per connection (open another connection for a request that blocks, like JoinGroup
 * during a rebalance).
 */
public final class KafkaWire implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final String clientId;
    private int correlationId;

    private KafkaWire(Socket socket, String clientId) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = new DataOutputStream(socket.getOutputStream());
        this.clientId = clientId;
    }

    /** Connects to the target's first bootstrap address; reads time out after 30 s. */
    public static KafkaWire connect(KafkaTarget target) {
        return connect(target, "herald-testkit-wire", Duration.ofSeconds(30));
    }

    public static KafkaWire connect(KafkaTarget target, String clientId, Duration readTimeout) {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(target.host(), target.port()), 5000);
            socket.setSoTimeout((int) readTimeout.toMillis());
            socket.setTcpNoDelay(true);
            return new KafkaWire(socket, clientId);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException("could not connect to " + target, e);
        }
    }

    /** Sends the request at {@code version} and waits for its response. */
    @SuppressWarnings("unchecked")
    public <R extends AbstractResponse> R send(AbstractRequest.Builder<?> builder, short version) {
        ApiKeys api = builder.apiKey();
        RequestHeader header = new RequestHeader(api, version, clientId, ++correlationId);
        ByteBuffer request = builder.build(version).serializeWithHeader(header);
        try {
            out.writeInt(request.remaining());
            out.write(request.array(), request.arrayOffset() + request.position(), request.remaining());
            out.flush();
            byte[] response = new byte[in.readInt()];
            in.readFully(response);
            return (R) AbstractResponse.parseResponse(ByteBuffer.wrap(response), header);
        } catch (EOFException e) {
            throw new UncheckedIOException("the broker at " + socket.getRemoteSocketAddress() + " closed the connection "
                    + "instead of answering " + api + " v" + version + " (unsupported API or version?)", e);
        } catch (IOException e) {
            throw new UncheckedIOException(api + " v" + version + " to " + socket.getRemoteSocketAddress() + " failed", e);
        }
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing useful to do about a failing close
        }
    }
}
