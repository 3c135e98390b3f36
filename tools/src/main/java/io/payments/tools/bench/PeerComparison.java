package io.payments.tools.bench;

import io.payments.runtime.LocalRuntime;
import io.payments.runtime.TemporaryDirectory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a workload next to its peer, several times on one fresh local runtime, and prints each
 * repetition, then the median and range of both and of their ratio, with the machine. A workload
 * may also measure variants of its own (the processor's hold-then-post), each printed with its
 * ratio to the component's main figure.
 */
final class PeerComparison {

    /** A variant of the component's workload, measured in the same repetition. */
    record Variant(String label, String unit, double perSecond) {
    }

    /** One repetition's throughput, per second, of the peer and of the project's component, and its variants. */
    record Rates(double peer, double ours, List<Variant> variants) {
        Rates(double peer, double ours) {
            this(peer, ours, List.of());
        }
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
            Map<String, List<Variant>> variants = new LinkedHashMap<>();
            Map<String, List<Double>> variantRatios = new LinkedHashMap<>();
            for (int run = 1; run <= repetitions; run++) {
                out.printf("%nRepetition %d of %d%n", run, repetitions);
                Rates rates = repetition.run(runtime, dir, "bench" + System.currentTimeMillis());
                peer.add(rates.peer());
                ours.add(rates.ours());
                ratios.add(rates.ours() / rates.peer());
                out.printf("  %s %,.0f %s, %s %,.0f %s: %s%n", labels.peer(), rates.peer(), labels.peerUnit(), labels.ours(),
                        rates.ours(), labels.oursUnit(), ratio(rates.ours() / rates.peer(), labels.ratioAsMultiple()));
                for (Variant variant : rates.variants()) {
                    variants.computeIfAbsent(variant.label(), label -> new ArrayList<>()).add(variant);
                    variantRatios.computeIfAbsent(variant.label(), label -> new ArrayList<>())
                            .add(variant.perSecond() / rates.ours());
                    out.printf("  %s %,.0f %s: %s of %s%n", variant.label(), variant.perSecond(), variant.unit(),
                            ratio(variant.perSecond() / rates.ours(), false), labels.ours());
                }
            }
            out.println();
            out.println("| " + labels.column() + " | throughput, median (min–max) of " + repetitions + " |");
            out.println("|---|---|");
            out.println("| " + labels.peer() + " | " + Repetitions.of(peer).format(labels.peerUnit()) + " |");
            out.println("| " + labels.ours() + " | " + Repetitions.of(ours).format(labels.oursUnit()) + " |");
            variants.forEach((label, measured) -> out.println("| " + label + " | " + Repetitions.of(measured.stream()
                    .map(Variant::perSecond).toList()).format(measured.get(0).unit()) + " |"));
            out.println();
            printRatio(out, labels.ours(), labels.peer(), Repetitions.of(ratios), labels.ratioAsMultiple());
            variantRatios.forEach((label, measured) -> printRatio(out, label, labels.ours(), Repetitions.of(measured),
                    false));
            out.flush();
        }
    }

    private static void printRatio(PrintWriter out, String measured, String against, Repetitions ratio,
                                   boolean asMultiple) {
        out.printf("Ratio: %s / %s = %s (median; %s–%s)%n", measured, against, ratio(ratio.median(), asMultiple),
                ratio(ratio.min(), asMultiple), ratio(ratio.max(), asMultiple));
    }

    private static String ratio(double value, boolean asMultiple) {
        return asMultiple ? String.format("%.2fx", value) : String.format("%.0f %%", 100 * value);
    }
}
