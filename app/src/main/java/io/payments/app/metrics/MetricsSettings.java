package io.payments.app.metrics;

import io.payments.schemas.config.Settings;

/**
 * Where a service serves {@code /metrics} and {@code /health}: {@code metrics.host} (127.0.0.1;
 * 0.0.0.0 in a container) and {@code metrics.port} (each service has its own default so they can
 * run side by side on one machine; 0 = off).
 */
public record MetricsSettings(String host, int port) {

    public static final int PROCESSOR_PORT = 9401;
    public static final int SINK_PORT = 9402;
    public static final int PRODUCER_PORT = 9403;

    public static MetricsSettings from(Settings settings, int defaultPort) {
        return new MetricsSettings(settings.string("metrics.host", "127.0.0.1"),
                settings.integer("metrics.port", defaultPort, 0, 65_535));
    }

    public boolean enabled() {
        return port > 0;
    }
}
