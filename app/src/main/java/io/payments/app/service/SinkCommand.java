package io.payments.app.service;

import io.payments.app.cli.ServiceCommand;
import io.payments.app.cli.ServiceSettings;
import io.payments.app.metrics.MetricsSettings;
import io.payments.app.metrics.ServedMetrics;
import io.payments.schemas.config.CommonSettings;
import io.payments.schemas.config.Setting;
import io.payments.schemas.config.Settings;
import io.payments.sink.SinkMain;
import io.payments.sink.config.SinkConfig;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code payments sink}: the PostgreSQL projection as a service. */
@Command(name = "sink", mixinStandardHelpOptions = true, subcommands = {SinkSkipCommand.class, SinkMigrateCommand.class},
        description = {"Projects the ledger into PostgreSQL exactly once, until Ctrl-C; migrates the schema first.",
                "Settings: --config, PAYMENTS_... variables, --set (docs/configuration.md, or --print-config); "
                        + "any kafka.* key goes to the consumer."})
public final class SinkCommand extends ServiceCommand {

    /** Every setting it reads, for --print-config. */
    public static final List<Setting<?>> SETTINGS = ServiceSettings.declared(CommonSettings.SETTINGS, SinkConfig.SETTINGS,
            MetricsSettings.settings(MetricsSettings.SINK_PORT));

    public SinkCommand() {
        super(SETTINGS);
    }

    @Override
    protected int run(Settings loaded, PrintWriter out) throws Exception {
        SinkConfig config = SinkConfig.from(loaded);
        try (ServedMetrics metrics = new ServedMetrics(MetricsSettings.from(loaded, MetricsSettings.SINK_PORT))) {
            SinkMain.run(config, metrics.meters(), sink -> {
                metrics.serve(sink::health);
                out.printf("Sink %s writing to %s%s. Ctrl-C stops it.%n", config.groupId(), config.postgresUrl(),
                        metrics.where());
                out.flush();
            });
        }
        return 0;
    }
}
