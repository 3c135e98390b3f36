package io.payments.sink;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.payments.schemas.config.Settings;
import io.payments.sink.config.SinkConfig;
import io.payments.sink.consumer.SinkService;
import io.payments.sink.postgres.Database;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/** Runs the sink as a process of its own: {@code SinkMain [config.properties]}, {@code PAYMENTS_…} variables on top. */
public final class SinkMain {

    private SinkMain() {
    }

    public static void main(String[] args) {
        run(SinkConfig.from(Settings.load(args.length > 0 ? Path.of(args[0]) : null, System.getenv(), Map.of())),
                Metrics.globalRegistry, sink -> { });
    }

    /**
     * Migrates the schema and runs the sink on this thread until the JVM shuts down; {@code started}
     * sees the sink first.
     */
    public static void run(SinkConfig config, MeterRegistry meters, Consumer<SinkService> started) {
        try (HikariDataSource dataSource = Database.connect(config, meters)) {
            SinkService sink = new SinkService(config, dataSource, meters);
            Thread main = Thread.currentThread();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                sink.close();
                try {
                    main.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "sink-shutdown"));
            started.accept(sink);
            sink.run();
        }
    }
}
