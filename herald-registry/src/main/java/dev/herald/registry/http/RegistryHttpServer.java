package dev.herald.registry.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.herald.registry.store.StoreException;
import dev.herald.registry.subject.Operations;
import dev.herald.registry.subject.RegistryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The registry's HTTP listener: the JDK's {@link HttpServer} with one virtual thread per request, every
 * failure mapped to Confluent's {@code {"error_code","message"}} body.
 *
 * <p>Threading: {@link #start} and {@link #close} are called by the owner; requests run on virtual threads.
 */
public final class RegistryHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryHttpServer.class);

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    private RegistryHttpServer(HttpServer server) {
        this.server = server;
    }

    public static RegistryHttpServer start(String host, int port, Operations operations) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 128);
        RegistryHttpServer registryServer = new RegistryHttpServer(server);
        RegistryRoutes routes = new RegistryRoutes(operations);
        server.createContext("/", exchange -> serve(routes, exchange));
        server.setExecutor(registryServer.executor);
        server.start();
        return registryServer;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void serve(RegistryRoutes routes, HttpExchange httpExchange) {
        try (httpExchange) {
            RestExchange exchange = new RestExchange(httpExchange);
            try {
                routes.handle(exchange);
            } catch (RegistryException e) {
                exchange.respondError(e.httpStatus(), e.errorCode(), e.getMessage());
            } catch (StoreException e) {
                LOG.error("Schema store failure", e);
                exchange.respondError(500, e.timeout() ? 50002 : 50001, e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("Unexpected failure serving {} {}", httpExchange.getRequestMethod(), httpExchange.getRequestURI(), e);
                exchange.respondError(500, 50001, "Internal error: " + e + ". See the registry log.");
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not answer {} {}", httpExchange.getRequestMethod(), httpExchange.getRequestURI(), e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
