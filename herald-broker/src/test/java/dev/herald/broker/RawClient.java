package dev.herald.broker;

import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.RequestHeader;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Sends single requests built with kafka-clients' builders and parses the answers, for tests of exact error codes. */
public final class RawClient implements AutoCloseable {
    private final Socket socket;
    private int correlationId;

    public RawClient(String host, int port) throws IOException {
        socket = new Socket(host, port);
        socket.setSoTimeout(30_000);
    }

    @SuppressWarnings("unchecked")
    public <R extends AbstractResponse> R send(AbstractRequest request) throws IOException {
        RequestHeader header = new RequestHeader(request.apiKey(), request.version(), "raw-test", ++correlationId);
        ByteBuffer body = request.serializeWithHeader(header);
        OutputStream out = socket.getOutputStream();
        out.write(ByteBuffer.allocate(4).putInt(body.remaining()).array());
        byte[] bytes = new byte[body.remaining()];
        body.get(bytes);
        out.write(bytes);
        out.flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] response = new byte[in.readInt()];
        in.readFully(response);
        return (R) AbstractResponse.parseResponse(ByteBuffer.wrap(response), header);
    }

    /**
     * Writes every request in one go, before reading any answer (as a client with several requests in flight does),
     * then reads one response per request that expects one, in request order; a response out of order fails the
     * parse with a correlation-id mismatch.
     */
    public List<AbstractResponse> pipeline(List<? extends AbstractRequest> requests) throws IOException {
        List<RequestHeader> headers = new ArrayList<>();
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        for (AbstractRequest request : requests) {
            RequestHeader header = new RequestHeader(request.apiKey(), request.version(), "raw-test", ++correlationId);
            ByteBuffer body = request.serializeWithHeader(header);
            frames.write(ByteBuffer.allocate(4).putInt(body.remaining()).array());
            byte[] bytes = new byte[body.remaining()];
            body.get(bytes);
            frames.write(bytes);
            boolean answered = !(request instanceof ProduceRequest produce) || produce.acks() != 0;
            if (answered) headers.add(header);
        }
        socket.getOutputStream().write(frames.toByteArray());
        DataInputStream in = new DataInputStream(socket.getInputStream());
        List<AbstractResponse> responses = new ArrayList<>();
        for (RequestHeader header : headers) {
            byte[] response = new byte[in.readInt()];
            in.readFully(response);
            responses.add(AbstractResponse.parseResponse(ByteBuffer.wrap(response), header));
        }
        return responses;
    }

    /** Sends a request that gets no answer (Produce with acks=0). */
    public void sendOneWay(AbstractRequest request) throws IOException {
        RequestHeader header = new RequestHeader(request.apiKey(), request.version(), "raw-test", ++correlationId);
        ByteBuffer body = request.serializeWithHeader(header);
        byte[] bytes = new byte[body.remaining()];
        body.get(bytes);
        socket.getOutputStream().write(ByteBuffer.allocate(4).putInt(bytes.length).array());
        socket.getOutputStream().write(bytes);
    }

    public boolean isClosedByPeer() throws IOException {
        socket.setSoTimeout(2000);
        try {
            return socket.getInputStream().read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
