package io.payments.app.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.payments.schemas.failure.Health;
import java.util.function.Supplier;

/**
 * A long-running service's meters, served on {@code /metrics} and {@code /health} once the
 * service is up, unless {@code metrics.port} is 0. Closing it stops serving.
 */
public final class ServedMetrics implements AutoCloseable {

    private final MetricsSettings at;
    private final PrometheusMeterRegistry meters = MetricsServer.registry();
    private MetricsServer server;

    public ServedMetrics(MetricsSettings at) {
        this.at = at;
    }

    /** The registry to bind the service's meters to. */
    public PrometheusMeterRegistry meters() {
        return meters;
    }

    /** Serves the meters and the service's health, when the port is on. */
    public void serve(Supplier<Health> health) {
        if (at.enabled()) {
            server = MetricsServer.start(meters, at.host(), at.port(), health);
        }
    }

    /** "; metrics at URL/metrics" while served, else nothing: the end of a service's started line. */
    public String where() {
        return server == null ? "" : "; metrics at " + server.url() + "/metrics";
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
