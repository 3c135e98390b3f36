package io.payments.tools.chaos;

import io.payments.app.cli.VerboseOption;
import io.payments.tools.cli.SkewedLoadOptions;
import io.payments.reconcile.report.ReconcileReport;
import io.payments.runtime.TemporaryDirectory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code payments chaos}: the pipeline as separate processes, killed and paused under load, then reconciled. */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = {"Runs the broker, two processors and two sinks as separate processes on a fresh local runtime, "
                + "sends transfers while SIGKILLing and restarting a random processor, a random sink and the broker, and "
                + "pausing one instance (SIGSTOP past its session timeout, then SIGCONT) so it is fenced as a zombie; "
                + "then waits until everything is written and runs the reconciliation. Prints each fault with its time.",
                "Exit code 0 when the reconciliation finds no violation, 3 when it does."})
public final class ChaosCommand implements Callable<Integer> {

    @Option(names = "--transfers", defaultValue = "1000000", description = "Transfers to send (default: ${DEFAULT-VALUE}).")
    long transfers;

    @Mixin
    SkewedLoadOptions load = new SkewedLoadOptions(3000);

    @Option(names = "--faults", defaultValue = "20", description = "Faults to inject, the kinds in turn (default: ${DEFAULT-VALUE}).")
    int faults;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions of every topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--seed", defaultValue = "7", description = "Seed of the load and of the fault choices (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--session-timeout", defaultValue = "6", description = "Session timeout of the processors and sinks, "
            + "seconds; a paused one is frozen 4 s longer (default: ${DEFAULT-VALUE}).")
    int sessionTimeoutSeconds;

    @Option(names = "--dir", description = "Work directory, kept afterwards (default: a temporary one, removed when the "
            + "run passes and kept, with the services' logs, when it does not).")
    Path dir;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (dir != null) {
            return report(out, run(dir, out));
        }
        try (TemporaryDirectory work = TemporaryDirectory.create("payments-chaos-")) {
            try {
                int exit = report(out, run(work.path(), out));
                if (exit != 0) {
                    work.keep();
                    out.println("The services' logs stay in " + work.path().resolve("logs"));
                }
                return exit;
            } catch (Exception e) {
                work.keep();
                throw e;
            }
        }
    }

    private ChaosRun.Outcome run(Path work, PrintWriter out) throws Exception {
        return new ChaosRun(work, out).run(new ChaosRun.Options(load.accounts(), transfers, load.rate(), faults, partitions, seed,
                Duration.ofSeconds(sessionTimeoutSeconds)));
    }

    private static int report(PrintWriter out, ChaosRun.Outcome outcome) {
        out.println();
        out.printf("Faults injected: %d  %s%n", outcome.faults().size(), outcome.counts());
        outcome.faults().forEach(line -> out.println("  " + line));
        out.printf("Requests sent: %,d (%,d failed to send)%n%n", outcome.sent(), outcome.failedSends());
        ReconcileReport.printText(out, outcome.findings(), outcome.reconcileTime());
        return outcome.findings().violations() == 0 && outcome.failedSends() == 0 ? 0 : 3;
    }
}
