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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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
    private final Map<SocketChannel, Connection> open = new ConcurrentHashMap<>();
    private final AtomicLong connectionIds = new AtomicLong();
    private final FrameBuffers frameBuffers = new FrameBuffers();
    private final Thread acceptor;
    private final Thread idleCloser;
    private final BrokerMetrics metrics;
    private final long maxIdleMs;

    /** {@code maxIdleMs}: connections idle for longer are closed ({@code connections.max.idle.ms}); 0 or less: never. */
    public KafkaServer(InetSocketAddress address, ApiRegistry registry, int maxRequestBytes, long maxIdleMs,
                       BrokerMetrics metrics) throws IOException {
        this.registry = registry;
        this.maxIdleMs = maxIdleMs;
        this.metrics = metrics;
        metrics.connections(open::size);
        this.maxRequestBytes = maxRequestBytes;
        this.listener = ServerSocketChannel.open();
        listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        listener.bind(address, 1024);
        this.acceptor = Thread.ofPlatform().name("herald-kafka-acceptor").daemon(true).unstarted(this::acceptLoop);
        this.idleCloser = maxIdleMs > 0
                ? Thread.ofPlatform().name("herald-idle-connections").daemon(true).unstarted(this::closeIdleLoop) : null;
    }

    /** Starts accepting connections; the port is bound (and known) from construction on. */
    public void start() {
        acceptor.start();
        if (idleCloser != null) idleCloser.start();
    }

    public int port() {
        try {
            return ((InetSocketAddress) listener.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public int openConnections() { return open.size(); }

    /** Closes connections idle for longer than {@code maxIdleMs}, looking a few times per that period (at most every 30 s). */
    private void closeIdleLoop() {
        long idleNanos = TimeUnit.MILLISECONDS.toNanos(maxIdleMs);
        long checkEveryMs = Math.max(10, Math.min(maxIdleMs / 4, 30_000));
        try {
            while (listener.isOpen()) {
                Thread.sleep(checkEveryMs);
                long now = System.nanoTime();
                for (Connection connection : open.values()) {
                    if (connection.idleFor(idleNanos, now)) connection.closeIdle(maxIdleMs);
                }
            }
        } catch (InterruptedException e) {
            // closing
        }
    }

    private void acceptLoop() {
        while (listener.isOpen()) {
            try {
                SocketChannel socket = listener.accept();
                try {
                    socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    String id = "c" + connectionIds.incrementAndGet();
                    Connection connection = new Connection(socket, registry, maxRequestBytes, id, metrics, frameBuffers, () -> open.remove(socket));
                    open.put(socket, connection);
                    Thread.ofVirtual().name("herald-conn-" + id).start(connection);
                } catch (IOException e) {
                    socket.close();
                    throw e;
                }
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
        if (idleCloser != null) idleCloser.interrupt();
        for (SocketChannel socket : open.keySet()) {
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
