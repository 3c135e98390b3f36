package io.payments.app.produce;

import io.payments.app.cli.ServiceCommand;
import io.payments.app.cli.ServiceSettings;
import io.payments.app.metrics.MetricsSettings;
import io.payments.app.metrics.ServedMetrics;
import io.payments.producer.client.TransferClient;
import io.payments.producer.load.LoadGenerator;
import io.payments.schemas.config.CommonSettings;
import io.payments.schemas.config.Setting;
import io.payments.schemas.config.Settings;
import io.payments.schemas.failure.Health;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code payments produce}: the load generator. */
@Command(name = "produce", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Opens accounts (customers in each currency, funded by one settlement account per currency), "
                + "then sends transfers to payments.commands and reports the achieved rate and send latencies.",
                "Connection settings come from --config, PAYMENTS_... variables and --set (bootstrap.servers, "
                        + "schema.registry.url, topics.prefix, any kafka.* producer setting)."})
public final class ProduceCommand extends ServiceCommand {

    /** Every setting it reads, for --print-config. */
    public static final List<Setting<?>> SETTINGS = ServiceSettings.declared(CommonSettings.SETTINGS, TransferClient.Config.SETTINGS,
            MetricsSettings.settings(MetricsSettings.PRODUCER_PORT));

    @Mixin
    LoadOptions load;

    @Option(names = "--duration", paramLabel = "DURATION", description = "Send for this long instead of --transfers, e.g. 30s, 10m.")
    String duration;

    @Option(names = "--no-setup-wait", description = "Send transfers without waiting for the accounts to be opened and funded "
            + "(for measuring the producer alone; without a running processor nothing would answer).")
    boolean noSetupWait;

    @Option(names = "--id-prefix", defaultValue = "", description = "Put before every transfer id, so a second run sends new transfers instead of retries of the first.")
    String idPrefix;

    @Option(names = "--manifest", paramLabel = "FILE", description = "Write what was sent (counts per account, expected totals) as JSON.")
    Path manifest;

    public ProduceCommand() {
        super(SETTINGS);
    }

    @Override
    protected Map<String, String> overrides() {
        return Map.of(TransferClient.Config.FOLLOW_RESULTS.key(), Boolean.toString(!noSetupWait));
    }

    @Override
    protected int run(Settings loaded, PrintWriter out) throws Exception {
        LoadGenerator.Options options = load.options(
                duration == null ? null : Settings.of(Map.of("duration", duration)).duration("duration", null), 0,
                idPrefix, !noSetupWait);
        LoadGenerator generator = new LoadGenerator();
        long started = System.nanoTime();
        try (ServedMetrics metrics = new ServedMetrics(MetricsSettings.from(loaded, MetricsSettings.PRODUCER_PORT));
             TransferClient client = TransferClient.connect(TransferClient.Config.from(loaded))) {
            generator.bindTo(metrics.meters());
            client.bindTo(metrics.meters());
            metrics.serve(() -> Health.of(generator.failed() == 0));
            try (LoadProgress progress = LoadProgress.start(generator, out)) {
                generator.run(client, options);
            }
        }
        LoadReport.print(generator, Duration.ofNanos(System.nanoTime() - started), out);
        if (manifest != null) {
            LoadReport.writeManifest(generator, manifest);
            out.println("Manifest: " + manifest.toAbsolutePath());
        }
        return generator.failed() == 0 ? 0 : 1;
    }
}
