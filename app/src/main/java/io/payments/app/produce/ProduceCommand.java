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

    @Option(names = "--transfers", defaultValue = "200000", description = "Transfers to send (default: ${DEFAULT-VALUE}); ignored with --duration.")
    long transfers;

    @Option(names = "--duration", paramLabel = "DURATION", description = "Send for this long instead of a count, e.g. 30s, 10m.")
    String duration;

    @Option(names = "--rate", defaultValue = "0", description = "Target transfers per second; 0 sends as fast as the broker takes them (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--accounts", defaultValue = "10000", description = "Customer accounts to open and fund (default: ${DEFAULT-VALUE}).")
    int accounts;

    @Option(names = "--skew", defaultValue = "UNIFORM", description = "How accounts are picked: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    LoadGenerator.Skew skew;

    @Option(names = "--zipf-exponent", defaultValue = "1.1", description = "Exponent s of the Zipf skew: higher means hotter hot accounts (default: ${DEFAULT-VALUE}).")
    double zipfExponent;

    @Option(names = "--currencies", defaultValue = "EUR,USD", split = ",", description = "Currencies of the accounts, assigned in turn (default: ${DEFAULT-VALUE}).")
    List<String> currencies;

    @Option(names = "--duplicates", defaultValue = "0.01", description = "Share of sends that resend an earlier request byte for byte, as a retry would (default: ${DEFAULT-VALUE}).")
    double duplicates;

    @Option(names = "--invalid", defaultValue = "0.01", description = "Share of transfers the ledger must refuse: unknown destination, insufficient funds, currency mismatch (default: ${DEFAULT-VALUE}).")
    double invalid;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed: the same seed sends the same run (default: ${DEFAULT-VALUE}).")
    long seed;

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
        checkOptions();
        LoadGenerator.Options options = new LoadGenerator.Options(accounts, transfers,
                duration == null ? null : Settings.of(Map.of("duration", duration)).duration("duration", null), rate,
                skew, zipfExponent, currencies, duplicates, invalid, seed, idPrefix, !noSetupWait);
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

    private void checkOptions() {
        if (accounts < 2) {
            throw new IllegalArgumentException("--accounts must be at least 2, got " + accounts);
        }
        if (accounts < 2 * currencies.size()) {
            throw new IllegalArgumentException("--accounts must be at least twice the number of --currencies ("
                    + currencies.size() + "), so each currency has two accounts to move money between");
        }
        if (duplicates < 0 || invalid < 0 || duplicates + invalid > 1) {
            throw new IllegalArgumentException("--duplicates and --invalid are shares between 0 and 1, together at most 1");
        }
        if (rate < 0) {
            throw new IllegalArgumentException("--rate must be 0 (unthrottled) or a positive number of transfers per second");
        }
    }
}
