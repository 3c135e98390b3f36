package io.payments.processor;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * A schema registry in front of the real one that can be made to fail: every request is passed
 * on, or answered with the status set by {@link #failWith} (a 5xx outage, a 401 after a
 * credential rotation), in Confluent's error format.
 */
final class RegistryProxy implements AutoCloseable {

    private final HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String target;
    private volatile int failing;

    RegistryProxy(String target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers every request with this HTTP status from now on. */
    void failWith(int status) {
        failing = status;
    }

    void passThrough() {
        failing = 0;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            int status = failing;
            byte[] body;
            if (status != 0) {
                body = ("{\"error_code\":" + (status == 401 ? 401 : status * 100 + 1) + ",\"message\":\"proxy answers "
                        + status + "\"}").getBytes(StandardCharsets.UTF_8);
            } else {
                byte[] request = exchange.getRequestBody().readAllBytes();
                HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
                        .method(exchange.getRequestMethod(), request.length == 0 ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(request));
                String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
                if (contentType != null) {
                    forward.header("Content-Type", contentType);
                }
                try {
                    HttpResponse<byte[]> response = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
                    status = response.statusCode();
                    body = response.body();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    status = 503;
                    body = new byte[0];
                }
            }
            exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
