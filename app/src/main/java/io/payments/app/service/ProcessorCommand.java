package io.payments.app.service;

import io.payments.app.cli.ServiceCommand;
import io.payments.app.cli.ServiceSettings;
import io.payments.app.metrics.MetricsSettings;
import io.payments.app.metrics.ServedMetrics;
import io.payments.processor.ProcessorMain;
import io.payments.processor.config.ProcessorConfig;
import io.payments.schemas.config.CommonSettings;
import io.payments.schemas.config.Setting;
import io.payments.schemas.config.Settings;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code payments processor}: the ledger processor as a service. */
@Command(name = "processor", mixinStandardHelpOptions = true,
        description = {"Runs the exactly-once ledger processor (Kafka Streams) against your Kafka until Ctrl-C.",
                "Settings: --config, PAYMENTS_... variables, --set (docs/configuration.md, or --print-config); "
                        + "any kafka.* key goes to Kafka Streams and its clients."})
public final class ProcessorCommand extends ServiceCommand {

    /** Every setting it reads, for --print-config. */
    public static final List<Setting<?>> SETTINGS = ServiceSettings.declared(CommonSettings.SETTINGS, ProcessorConfig.SETTINGS,
            MetricsSettings.settings(MetricsSettings.PROCESSOR_PORT));

    public ProcessorCommand() {
        super(SETTINGS);
    }

    @Override
    protected int run(Settings loaded, PrintWriter out) throws Exception {
        ProcessorConfig config = ProcessorConfig.from(loaded);
        try (ServedMetrics metrics = new ServedMetrics(MetricsSettings.from(loaded, MetricsSettings.PROCESSOR_PORT))) {
            return ProcessorMain.run(config, metrics.meters(), service -> {
                metrics.serve(service::health);
                out.printf("Processor %s running against %s%s%s. Ctrl-C stops it.%n", config.applicationId(),
                        config.common().bootstrapServers(), config.httpPort() > 0
                                ? "; balances at http://" + config.httpHost() + ":" + config.httpPort() + "/accounts/{id}" : "",
                        metrics.where());
                out.flush();
            });
        }
    }
}
