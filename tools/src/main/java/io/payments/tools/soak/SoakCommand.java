package io.payments.tools.soak;

import io.payments.app.cli.VerboseOption;
import io.payments.tools.cli.SkewedLoadOptions;
import io.payments.processor.topology.LedgerTopology;
import io.payments.runtime.TemporaryDirectory;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code payments soak}: a long run at a fixed rate, sampled, to show that memory, disk, remembered ids and lag stay bounded. */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = {"Runs the pipeline on a fresh local runtime at a fixed rate for a long time and samples, at "
                + "intervals, the heap's live set, the processor's RocksDB files, the remembered request ids and the lag "
                + "of the processor and the sink; then says whether each stayed bounded.",
                "Exit code 0 when all stayed bounded, 3 when one grew."})
public final class SoakCommand implements Callable<Integer> {

    @Option(names = "--duration", defaultValue = "1800", description = "Seconds of load (default: ${DEFAULT-VALUE}, 30 minutes).")
    long durationSeconds;

    @Mixin
    SkewedLoadOptions load = new SkewedLoadOptions(1000);

    @Option(names = "--dedup-retention", defaultValue = "300", description = "Seconds a request id is remembered; "
            + "shorter than the run, so expiry shows (default: ${DEFAULT-VALUE}).")
    long retentionSeconds;

    @Option(names = "--sample-interval", defaultValue = "60", description = "Seconds between samples (default: ${DEFAULT-VALUE}).")
    long sampleSeconds;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<SoakSample> samples;
        try (TemporaryDirectory work = TemporaryDirectory.create("payments-soak-")) {
            samples = new SoakRun(work.path(), out).run(new SoakRun.Options(Duration.ofSeconds(durationSeconds), load.rate(),
                    load.accounts(), Duration.ofSeconds(retentionSeconds), Duration.ofSeconds(sampleSeconds)));
        }
        long keptSeconds = new LedgerTopology.Options(Duration.ofSeconds(retentionSeconds), Duration.ofSeconds(1), 1,
                false, 0, 1).dedupKept().toSeconds();
        SoakVerdict verdict = SoakVerdict.of(samples, load.rate(), keptSeconds, sampleSeconds);
        out.println();
        verdict.lines().forEach(out::println);
        out.flush();
        return verdict.bounded() ? 0 : 3;
    }
}
