package dev.herald.broker.group;

import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;

/**
 * A minimal Kafka-protocol client for tests that must send requests the real clients never would (stale
 * generations, unknown members) or act as a member that vanishes without leaving: one socket, one request at a
 * time, kafka-clients' own request and response codecs.
 */
final class RawKafkaClient implements AutoCloseable {
    private final Socket socket;
    private final DataOutputStream out;
    private final DataInputStream in;
    private int correlationId;

    RawKafkaClient(String host, int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setSoTimeout(30_000);
        out = new DataOutputStream(socket.getOutputStream());
        in = new DataInputStream(socket.getInputStream());
    }

    @SuppressWarnings("unchecked")
    <T extends AbstractResponse> T send(AbstractRequest.Builder<?> builder, short version) throws IOException {
        AbstractRequest request = builder.build(version);
        RequestHeader header = new RequestHeader(request.apiKey(), version, "raw-client", ++correlationId);
        ByteBuffer frame = request.serializeWithHeader(header);
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        out.writeInt(bytes.length);
        out.write(bytes);
        out.flush();
        byte[] response = new byte[in.readInt()];
        in.readFully(response);
        return (T) AbstractResponse.parseResponse(ByteBuffer.wrap(response), header);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
