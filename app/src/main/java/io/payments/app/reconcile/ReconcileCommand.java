package io.payments.app.reconcile;

import io.payments.app.cli.ServiceCommand;
import io.payments.app.cli.ServiceSettings;
import io.payments.reconcile.Reconciler;
import io.payments.reconcile.audit.Findings;
import io.payments.reconcile.config.ReconcileConfig;
import io.payments.reconcile.report.ReconcileReport;
import io.payments.schemas.config.CommonSettings;
import io.payments.schemas.config.Setting;
import io.payments.schemas.config.Settings;
import io.payments.sink.config.SinkConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code payments reconcile}: replays the topics and audits every decision; exit code 0 only without violations. */
@Command(name = "reconcile", mixinStandardHelpOptions = true,
        description = {"Replays payments.commands, .credits, .ledger-entries, .transfer-results (and .dead-letters) up to "
                + "their committed ends at the start, re-checks every request, entry and decision, and compares "
                + "PostgreSQL with the log. Exit code 0 when there is no violation, 3 when there are.",
                "Settings: the sink's (--config, PAYMENTS_... variables, --set; sink.postgres.*), see "
                        + "docs/reconciliation.md."})
public final class ReconcileCommand extends ServiceCommand {

    /** Every setting it reads, for --print-config. */
    public static final List<Setting<?>> SETTINGS = ServiceSettings.declared(CommonSettings.SETTINGS, SinkConfig.SETTINGS,
            ReconcileConfig.SETTINGS);

    /** Distinct from 1 (an error) and 2 (a usage error, picocli's). */
    static final int VIOLATIONS_FOUND = 3;

    @Option(names = "--json", description = "Print the report as JSON on standard output (progress still goes to standard error).")
    boolean json;

    @Option(names = "--no-postgres", description = "Check the log only; do not compare PostgreSQL with it.")
    boolean noPostgres;

    @Option(names = "--pending-grace", paramLabel = "DURATION", description = "Requests newer than this may still await "
            + "their result (default: the reconcile.pending.grace setting); 0s when the pipeline is idle.")
    String pendingGrace;

    @Option(names = "--examples", paramLabel = "N", description = "Examples shown per kind of violation (default: the reconcile.examples setting).")
    Integer examples;

    public ReconcileCommand() {
        super(SETTINGS);
    }

    @Override
    protected Map<String, String> overrides() {
        Map<String, String> flags = new HashMap<>();
        if (noPostgres) {
            flags.put(ReconcileConfig.CHECK_POSTGRES.key(), "false");
        }
        if (pendingGrace != null) {
            flags.put(ReconcileConfig.PENDING_GRACE.key(), pendingGrace);
        }
        if (examples != null) {
            flags.put(ReconcileConfig.EXAMPLES.key(), examples.toString());
        }
        return flags;
    }

    @Override
    protected int run(Settings loaded, PrintWriter out) throws Exception {
        PrintWriter err = err();
        ReconcileConfig config = ReconcileConfig.from(loaded);
        long started = System.nanoTime();
        ReadingProgress progress = new ReadingProgress(err);
        Findings findings = new Reconciler(config).run(progress);
        progress.finish();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        if (json) {
            ReconcileReport.printJson(out, findings, took);
        } else {
            ReconcileReport.printText(out, findings, took);
        }
        return findings.violations() == 0 ? 0 : VIOLATIONS_FOUND;
    }
}
