package io.payments.app.metrics;

import io.payments.schemas.config.Setting;
import io.payments.schemas.config.Settings;
import java.util.List;

/**
 * Where a service serves {@code /metrics} and {@code /health}. Each service has its own default
 * port, so they can run side by side on one machine.
 */
public record MetricsSettings(String host, int port) {

    public static final int PROCESSOR_PORT = 9401;
    public static final int SINK_PORT = 9402;
    public static final int PRODUCER_PORT = 9403;

    public static final Setting<String> HOST = Setting.string("metrics.host", "127.0.0.1")
            .doc("Where `/metrics` and `/health` listen (`0.0.0.0` in a container).");
    /** Its default is each service's own ({@link #settings(int)}). */
    public static final Setting<Integer> PORT = Setting.integer("metrics.port", 0, 0, 65_535)
            .describeDefault(PROCESSOR_PORT + " (processor), " + SINK_PORT + " (sink), " + PRODUCER_PORT + " (produce)")
            .doc("The port of `/metrics` and `/health`; 0 turns them off.");

    /** Both settings as the reference lists them, the port's default per service. */
    public static final List<Setting<?>> SETTINGS = List.of(HOST, PORT);

    /** Both settings as a service with this default port reads them. */
    public static List<Setting<?>> settings(int defaultPort) {
        return List.of(HOST, PORT.withDefault(defaultPort));
    }

    public static MetricsSettings from(Settings settings, int defaultPort) {
        return new MetricsSettings(settings.get(HOST), settings.get(PORT.withDefault(defaultPort)));
    }

    public boolean enabled() {
        return port > 0;
    }
}
