package io.payments.tools.bench;

import io.payments.app.cli.VerboseOption;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The options every {@code payments bench} workload has: its sizes, repetitions and {@code --quick}. */
abstract class BenchSubcommand implements Callable<Integer> {

    @Option(names = "--accounts", defaultValue = "100000", description = "Accounts the workload spreads over (default: ${DEFAULT-VALUE}).")
    int accounts;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions of every topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--repetitions", defaultValue = "3", description = "Runs of each; the median and range are reported (default: ${DEFAULT-VALUE}).")
    int repetitions;

    @Option(names = "--quick", description = "A small run with 1 repetition, to check that it works (its sizes are in the description above).")
    boolean quick;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        if (quick) {
            repetitions = 1;
            shrink();
        }
        measure(spec.commandLine().getOut());
        return 0;
    }

    /** Sets the sizes of {@code --quick}. */
    abstract void shrink();

    abstract void measure(PrintWriter out) throws Exception;
}
