package io.payments.app.metrics;

import com.sun.net.httpserver.HttpExchange;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.payments.schemas.failure.Health;
import io.payments.schemas.http.HttpEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code GET /metrics} in the Prometheus text format (Micrometer's Prometheus registry, with the
 * JVM and process binders) and {@code GET /health}: 200 when the service is ready, 503 otherwise,
 * with UP or DOWN and the service's detail lines (an outage being retried, a stopped partition).
 */
public final class MetricsServer implements AutoCloseable {

    private final HttpEndpoint http;
    private final JvmGcMetrics gc;

    private MetricsServer(HttpEndpoint http, JvmGcMetrics gc) {
        this.http = http;
        this.gc = gc;
    }

    /** A registry with the JVM and process meters bound, to pass to the services before serving it. */
    public static PrometheusMeterRegistry registry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(new PrometheusConventions());
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }

    public static MetricsServer start(PrometheusMeterRegistry registry, String host, int port, BooleanSupplier ready) {
        return start(registry, host, port, () -> Health.of(ready.getAsBoolean()));
    }

    /** Serves the registry, and the service's health with the lines an operator reads first. */
    public static MetricsServer start(PrometheusMeterRegistry registry, String host, int port, Supplier<Health> health) {
        JvmGcMetrics gc = new JvmGcMetrics();
        try {
            HttpEndpoint http = HttpEndpoint.start(host, port, 1, "metrics-http", Map.of(
                    "/metrics", exchange -> send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()),
                    "/health", exchange -> {
                        Health now = health.get();
                        send(exchange, now.up() ? 200 : 503, "text/plain; charset=utf-8", now.body());
                    }));
            gc.bindTo(registry);
            return new MetricsServer(http, gc);
        } catch (IOException e) {
            gc.close();
            throw new UncheckedIOException("Cannot serve metrics on " + host + ":" + port
                    + " (port busy? choose another with the metrics port option): " + e.getMessage(), e);
        }
    }

    public String url() {
        return http.url();
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        try (exchange) {
            HttpEndpoint.send(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
        http.close();
        gc.close();
    }
}
