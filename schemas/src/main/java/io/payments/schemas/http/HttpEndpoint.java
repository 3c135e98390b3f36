package io.payments.schemas.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small HTTP server (the JDK's) with its own daemon threads: the balance API, the metrics and
 * health endpoint and the embedded schema registry each run one.
 */
public final class HttpEndpoint implements AutoCloseable {

    private final HttpServer http;

    private HttpEndpoint(HttpServer http) {
        this.http = http;
    }

    /**
     * Serves each path prefix's handler on host:port (0: any free port) with {@code threads}
     * daemon threads named {@code threadName}.
     *
     * @throws IOException when the address cannot be bound (the port is taken, the host unknown)
     */
    public static HttpEndpoint start(String host, int port, int threads, String threadName,
                                     Map<String, HttpHandler> handlers) throws IOException {
        ExecutorService executor = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 50);
            handlers.forEach(http::createContext);
            http.setExecutor(executor);
            http.start();
            return new HttpEndpoint(http);
        } catch (IOException | RuntimeException e) {
            executor.shutdownNow();
            throw e;
        }
    }

    /** Sends the status and the whole body; the caller closes the exchange. */
    public static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** The port it listens on (the one chosen when started on port 0). */
    public int port() {
        return http.getAddress().getPort();
    }

    /** {@code http://host:port}, as it listens. */
    public String url() {
        return "http://" + http.getAddress().getHostString() + ":" + port();
    }

    @Override
    public void close() {
        http.stop(0);
        ((ExecutorService) http.getExecutor()).shutdownNow();
    }
}
