package io.payments.app.service;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.payments.app.cli.ServiceSettings;
import io.payments.app.cli.VerboseOption;
import io.payments.app.metrics.MetricsServer;
import io.payments.app.metrics.MetricsSettings;
import io.payments.schemas.config.CommonSettings;
import io.payments.schemas.config.Setting;
import io.payments.schemas.config.Settings;
import io.payments.sink.SinkMain;
import io.payments.sink.config.SinkConfig;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code payments sink}: the PostgreSQL projection as a service. */
@Command(name = "sink", mixinStandardHelpOptions = true, subcommands = {SinkSkipCommand.class, SinkMigrateCommand.class},
        description = {"Projects the ledger into PostgreSQL exactly once, until Ctrl-C; migrates the schema first.",
                "Settings: --config, PAYMENTS_... variables, --set (docs/configuration.md, or --print-config); "
                        + "any kafka.* key goes to the consumer."})
public final class SinkCommand implements Callable<Integer> {

    /** Every setting it reads, for --print-config. */
    public static final List<Setting<?>> SETTINGS = ServiceSettings.declared(CommonSettings.SETTINGS, SinkConfig.SETTINGS,
            MetricsSettings.settings(MetricsSettings.SINK_PORT));

    @Mixin
    ServiceSettings settings;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Settings loaded = settings.load(Map.of());
        if (settings.printIfAsked(loaded, SETTINGS)) {
            return 0;
        }
        SinkConfig config = SinkConfig.from(loaded);
        MetricsSettings metricsAt = MetricsSettings.from(loaded, MetricsSettings.SINK_PORT);
        PrometheusMeterRegistry meters = MetricsServer.registry();
        AtomicReference<MetricsServer> metrics = new AtomicReference<>();
        try {
            SinkMain.run(config, meters, sink -> {
                if (metricsAt.enabled()) {
                    metrics.set(MetricsServer.start(meters, metricsAt.host(), metricsAt.port(), sink::health));
                }
                out.printf("Sink %s writing to %s%s. Ctrl-C stops it.%n", config.groupId(), config.postgresUrl(),
                        metrics.get() == null ? "" : "; metrics at " + metrics.get().url() + "/metrics");
                out.flush();
            });
        } finally {
            if (metrics.get() != null) {
                metrics.get().close();
            }
        }
        return 0;
    }
}
