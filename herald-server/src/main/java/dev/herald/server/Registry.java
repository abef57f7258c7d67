package dev.herald.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;

/**
 * The schema registry as {@code herald serve} runs it. Until the registry module is wired in, the port is held
 * so that nothing else takes it, and requests to it are refused.
 */
final class Registry implements AutoCloseable {
    private final ServerSocketChannel placeholder;
    private final String host;

    private Registry(ServerSocketChannel placeholder, String host) {
        this.placeholder = placeholder;
        this.host = host;
    }

    static Registry start(String host, int port, String bootstrapServers) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        channel.bind(new InetSocketAddress(host, port));
        return new Registry(channel, host);
    }

    String describe() {
        try {
            return host + ":" + ((InetSocketAddress) placeholder.getLocalAddress()).getPort() + " (not yet served)";
        } catch (IOException e) {
            return "unavailable";
        }
    }

    @Override
    public void close() throws IOException {
        placeholder.close();
    }
}
