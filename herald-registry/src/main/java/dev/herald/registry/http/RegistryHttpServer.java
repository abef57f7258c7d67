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
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The registry's HTTP listener: the JDK's {@link HttpServer} with one virtual thread per request, every
 * failure mapped to Confluent's {@code {"error_code","message"}} body.
 *
 * <p>Threading: {@link #start} and {@link #close} are called by the owner; requests run on virtual threads.
 */
public final class RegistryHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryHttpServer.class);
    static final Duration READY_WAIT = Duration.ofSeconds(30);

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    private RegistryHttpServer(HttpServer server) {
        this.server = server;
    }

    /**
     * Binds {@code host:port} now; requests wait for {@code operations} (the replayed registry) for up to
     * {@link #READY_WAIT}, then answer 50002, or 50001 when the registry failed to start.
     */
    public static RegistryHttpServer start(String host, int port, CompletableFuture<Operations> operations)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 128);
        RegistryHttpServer registryServer = new RegistryHttpServer(server);
        CompletableFuture<RegistryRoutes> routes = operations.thenApply(RegistryRoutes::new);
        server.createContext("/", exchange -> serve(routes, exchange));
        server.setExecutor(registryServer.executor);
        server.start();
        return registryServer;
    }

    private static RegistryRoutes ready(CompletableFuture<RegistryRoutes> routes) {
        try {
            return routes.get(READY_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new StoreException("The schema registry is still reading its schemas topic; retry shortly.", true, e);
        } catch (ExecutionException e) {
            throw new StoreException("The schema registry could not start: " + e.getCause().getMessage()
                    + ". See the registry log.", false, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("Interrupted while waiting for the schema registry", false, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void serve(CompletableFuture<RegistryRoutes> routes, HttpExchange httpExchange) {
        try (httpExchange) {
            RestExchange exchange = new RestExchange(httpExchange);
            try {
                ready(routes).handle(exchange);
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
