package io.payments.app.reconcile;

import io.payments.app.cli.ServiceCommand;
import io.payments.app.cli.ServiceSettings;
import io.payments.reconcile.rebuild.ProjectionRebuild;
import io.payments.schemas.config.CommonSettings;
import io.payments.schemas.config.Setting;
import io.payments.schemas.config.Settings;
import io.payments.sink.config.SinkConfig;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code payments rebuild}: the projection rebuilt from the log in a new schema, compared with the live one. */
@Command(name = "rebuild", mixinStandardHelpOptions = true,
        description = {"Replays payments.ledger-entries and .transfer-results from the beginning into a new PostgreSQL "
                + "schema through the sink's own code, up to their committed ends at the start, and compares it table "
                + "by table with the live schema. Exit code 0 when they are identical, 3 when they differ.",
                "Settings: the sink's (--config, PAYMENTS_... variables, --set; sink.postgres.*)."})
public final class RebuildCommand extends ServiceCommand {

    /** Every setting it reads, for --print-config. */
    public static final List<Setting<?>> SETTINGS = ServiceSettings.declared(CommonSettings.SETTINGS, SinkConfig.SETTINGS);

    @Option(names = "--swap", description = "Then make the rebuilt schema the live one (the old one is kept, renamed). "
            + "Stop the sink first.")
    boolean swap;

    @Option(names = "--keep", description = "Keep the rebuilt schema even when it is identical (it is always kept when "
            + "the tables differ, for inspection).")
    boolean keep;

    public RebuildCommand() {
        super(SETTINGS);
    }

    @Override
    protected int run(Settings loaded, PrintWriter out) throws Exception {
        ProjectionRebuild rebuild = new ProjectionRebuild(SinkConfig.from(loaded));
        ReadingProgress progress = new ReadingProgress(err());
        ProjectionRebuild.Outcome outcome = rebuild.run(progress);
        progress.finish();
        out.printf("Rebuilt schema %s, compared with %s:%n", outcome.rebuiltSchema(), outcome.liveSchema());
        out.printf("  %-18s %12s %12s %10s %12s%n", "table", "live rows", "rebuilt", "only live", "only rebuilt");
        for (ProjectionRebuild.TableDiff table : outcome.tables()) {
            out.printf("  %-18s %,12d %,12d %,10d %,12d%n", table.table(), table.liveRows(), table.rebuiltRows(),
                    table.onlyLive(), table.onlyRebuilt());
            table.examples().forEach(example -> out.println("      " + example));
        }
        out.println(outcome.identical() ? "Identical." : "The tables differ (see the rows above).");
        if (swap) {
            String previous = rebuild.swap(outcome);
            out.printf("Swapped: %s is now the rebuilt projection; the old one is kept as %s.%n", outcome.liveSchema(),
                    previous);
        } else if (outcome.identical() && !keep) {
            rebuild.discard(outcome);
        } else {
            out.printf("The rebuilt schema %s is kept; DROP SCHEMA %s CASCADE removes it.%n", outcome.rebuiltSchema(),
                    outcome.rebuiltSchema());
        }
        return outcome.identical() ? 0 : ReconcileCommand.VIOLATIONS_FOUND;
    }
}
