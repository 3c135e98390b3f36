package io.payments.tools.bench;

import io.payments.runtime.LocalRuntime;
import io.payments.runtime.TemporaryDirectory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a workload next to its peer, several times on one fresh local runtime, and prints each
 * repetition, then the median and range of both and of their ratio, with the machine.
 */
final class PeerComparison {

    /** One repetition's throughput, per second, of the peer and of the project's component. */
    record Rates(double peer, double ours) {
    }

    /** One repetition, on its own topics (named after runId) of the shared runtime. */
    interface Repetition {
        Rates run(LocalRuntime runtime, Path dir, String runId) throws Exception;
    }

    /** How the table names things; the ratio reads as a percentage, or as a multiple ("2.17x"). */
    record Labels(String column, String peer, String peerUnit, String ours, String oursUnit, boolean ratioAsMultiple) {
    }

    private PeerComparison() {
    }

    static void run(PrintWriter out, String workload, int repetitions, Labels labels, Repetition repetition)
            throws Exception {
        try (TemporaryDirectory work = TemporaryDirectory.create("payments-bench-")) {
            run(out, workload, repetitions, labels, repetition, work.path());
        }
    }

    private static void run(PrintWriter out, String workload, int repetitions, Labels labels, Repetition repetition, Path dir)
            throws Exception {
        out.println("Machine: " + MachineInfo.describe());
        out.println("Workload: " + workload + "; " + repetitions + " repetition(s)");
        out.println("Starting a local broker, registry and PostgreSQL in " + dir + " …");
        out.flush();
        try (LocalRuntime runtime = LocalRuntime.start(LocalRuntime.Options.ephemeral(dir))) {
            List<Double> peer = new ArrayList<>();
            List<Double> ours = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            for (int run = 1; run <= repetitions; run++) {
                out.printf("%nRepetition %d of %d%n", run, repetitions);
                Rates rates = repetition.run(runtime, dir, "bench" + System.currentTimeMillis());
                peer.add(rates.peer());
                ours.add(rates.ours());
                ratios.add(rates.ours() / rates.peer());
                out.printf("  %s %,.0f %s, %s %,.0f %s: %s%n", labels.peer(), rates.peer(), labels.peerUnit(), labels.ours(),
                        rates.ours(), labels.oursUnit(), ratio(rates.ours() / rates.peer(), labels.ratioAsMultiple()));
            }
            Repetitions ratio = Repetitions.of(ratios);
            out.println();
            out.println("| " + labels.column() + " | throughput, median (min–max) of " + repetitions + " |");
            out.println("|---|---|");
            out.println("| " + labels.peer() + " | " + Repetitions.of(peer).format(labels.peerUnit()) + " |");
            out.println("| " + labels.ours() + " | " + Repetitions.of(ours).format(labels.oursUnit()) + " |");
            out.printf("%nRatio: %s / %s = %s (median; %s–%s)%n", labels.ours(), labels.peer(),
                    ratio(ratio.median(), labels.ratioAsMultiple()), ratio(ratio.min(), labels.ratioAsMultiple()),
                    ratio(ratio.max(), labels.ratioAsMultiple()));
            out.flush();
        }
    }

    private static String ratio(double value, boolean asMultiple) {
        return asMultiple ? String.format("%.2fx", value) : String.format("%.0f %%", 100 * value);
    }
}
