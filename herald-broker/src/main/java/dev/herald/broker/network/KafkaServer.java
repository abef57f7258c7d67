package dev.herald.broker.network;

import dev.herald.broker.handler.ApiRegistry;
import dev.herald.broker.metrics.BrokerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Kafka-protocol listener: accepts connections and gives each its own virtual thread running a
 * {@link Connection}.
 *
 * <p>Threading: one platform thread accepts; {@link #close} may be called from any thread and closes the listener
 * and every open connection.
 */
public final class KafkaServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaServer.class);

    private final ServerSocketChannel listener;
    private final ApiRegistry registry;
    private final int maxRequestBytes;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong connectionIds = new AtomicLong();
    private final FrameBuffers frameBuffers = new FrameBuffers();
    private final Thread acceptor;
    private final BrokerMetrics metrics;

    public KafkaServer(InetSocketAddress address, ApiRegistry registry, int maxRequestBytes, BrokerMetrics metrics) throws IOException {
        this.registry = registry;
        this.metrics = metrics;
        metrics.connections(open::size);
        this.maxRequestBytes = maxRequestBytes;
        this.listener = ServerSocketChannel.open();
        listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        listener.bind(address, 1024);
        this.acceptor = Thread.ofPlatform().name("herald-kafka-acceptor").daemon(true).unstarted(this::acceptLoop);
    }

    /** Starts accepting connections; the port is bound (and known) from construction on. */
    public void start() {
        acceptor.start();
    }

    public int port() {
        try {
            return ((InetSocketAddress) listener.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public int openConnections() { return open.size(); }

    private void acceptLoop() {
        while (listener.isOpen()) {
            try {
                SocketChannel socket = listener.accept();
                socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
                open.add(socket);
                String id = "c" + connectionIds.incrementAndGet();
                Connection connection = new Connection(socket, registry, maxRequestBytes, id, metrics, frameBuffers, () -> open.remove(socket));
                Thread.ofVirtual().name("herald-conn-" + id).start(connection);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                log.warn("Accepting a connection failed: {}", e.getMessage());
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (SocketChannel socket : open) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        try {
            if (acceptor.isAlive()) acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
