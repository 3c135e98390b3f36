package io.payments.app.service;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.payments.app.cli.ServiceSettings;
import io.payments.app.cli.VerboseOption;
import io.payments.app.metrics.MetricsServer;
import io.payments.app.metrics.MetricsSettings;
import io.payments.processor.ProcessorMain;
import io.payments.processor.config.ProcessorConfig;
import io.payments.schemas.config.CommonSettings;
import io.payments.schemas.config.Setting;
import io.payments.schemas.config.Settings;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code payments processor}: the ledger processor as a service. */
@Command(name = "processor", mixinStandardHelpOptions = true,
        description = {"Runs the exactly-once ledger processor (Kafka Streams) against your Kafka until Ctrl-C.",
                "Settings: --config, PAYMENTS_... variables, --set (docs/configuration.md, or --print-config); "
                        + "any kafka.* key goes to Kafka Streams and its clients."})
public final class ProcessorCommand implements Callable<Integer> {

    /** Every setting it reads, for --print-config. */
    public static final List<Setting<?>> SETTINGS = ServiceSettings.declared(CommonSettings.SETTINGS, ProcessorConfig.SETTINGS,
            MetricsSettings.settings(MetricsSettings.PROCESSOR_PORT));

    @Mixin
    ServiceSettings settings;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Settings loaded = settings.load(Map.of());
        if (settings.printIfAsked(loaded, SETTINGS)) {
            return 0;
        }
        ProcessorConfig config = ProcessorConfig.from(loaded);
        MetricsSettings metricsAt = MetricsSettings.from(loaded, MetricsSettings.PROCESSOR_PORT);
        PrometheusMeterRegistry meters = MetricsServer.registry();
        AtomicReference<MetricsServer> metrics = new AtomicReference<>();
        try {
            return ProcessorMain.run(config, meters, service -> {
                if (metricsAt.enabled()) {
                    metrics.set(MetricsServer.start(meters, metricsAt.host(), metricsAt.port(), service::health));
                }
                out.printf("Processor %s running against %s%s%s. Ctrl-C stops it.%n", config.applicationId(),
                        config.common().bootstrapServers(), config.httpPort() > 0
                                ? "; balances at http://" + config.httpHost() + ":" + config.httpPort() + "/accounts/{id}" : "",
                        metrics.get() == null ? "" : "; metrics at " + metrics.get().url() + "/metrics");
                out.flush();
            });
        } finally {
            if (metrics.get() != null) {
                metrics.get().close();
            }
        }
    }
}
