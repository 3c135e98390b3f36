package io.payments.app.bench;

import io.payments.app.cli.VerboseOption;
import io.payments.runtime.LocalRuntime;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code payments bench}: benchmarks, each next to its peer on this machine in the same invocation. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measures throughput on a fresh local runtime, each workload next to its peer, and prints both and their ratio.",
        subcommands = {BenchCommand.Producer.class, BenchCommand.Processor.class, BenchCommand.Sink.class})
public final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "processor", mixinStandardHelpOptions = true,
            description = {"The ledger processor (transfers/s) next to a bare exactly_once_v2 Kafka Streams app that "
                    + "sums amounts by key in a persistent store with the record cache off (records/s), "
                    + "same broker, partitions, threads and commit interval."})
    static final class Processor implements java.util.concurrent.Callable<Integer> {

        @Option(names = "--transfers", defaultValue = "1000000", description = "Measured transfers (and peer records) (default: ${DEFAULT-VALUE}).")
        long transfers;

        @Option(names = "--warmup", defaultValue = "100000", description = "Transfers (and peer records) processed before the clock starts (default: ${DEFAULT-VALUE}).")
        long warmup;

        @Option(names = "--accounts", defaultValue = "100000", description = "Accounts, picked uniformly (default: ${DEFAULT-VALUE}).")
        int accounts;

        @Option(names = "--partitions", defaultValue = "6", description = "Partitions of every topic (default: ${DEFAULT-VALUE}).")
        int partitions;

        @Option(names = "--threads", defaultValue = "1", description = "Stream threads of each app (default: ${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--commit-interval-ms", defaultValue = "100", description = "Commit interval of each app (default: ${DEFAULT-VALUE}).")
        long commitIntervalMs;

        @Option(names = "--repetitions", defaultValue = "3", description = "Runs of each app; the median and range are reported (default: ${DEFAULT-VALUE}).")
        int repetitions;

        @Option(names = "--quick", description = "A small run (50,000 transfers, 10,000 warm-up, 10,000 accounts, 1 repetition) to check that it works.")
        boolean quick;

        @Mixin
        VerboseOption verbose;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            if (quick) {
                transfers = 50_000;
                warmup = 10_000;
                accounts = 10_000;
                repetitions = 1;
            }
            Path dir = Files.createTempDirectory("payments-bench-");
            out.println("Machine: " + MachineInfo.describe());
            out.printf("Workload: %,d transfers after %,d warm-up among %,d accounts; %d partitions, %d thread(s), "
                    + "commit every %d ms; %d repetition(s)%n", transfers, warmup, accounts, partitions, threads,
                    commitIntervalMs, repetitions);
            out.println("Starting a local broker, registry and PostgreSQL in " + dir + " …");
            out.flush();
            try (LocalRuntime runtime = LocalRuntime.start(LocalRuntime.Options.ephemeral(dir))) {
                ProcessorBenchmark benchmark = new ProcessorBenchmark(runtime.bootstrapServers(), runtime.registryUrl(), dir, out);
                ProcessorBenchmark.Workload workload = new ProcessorBenchmark.Workload(accounts, transfers, warmup,
                        partitions, threads, Duration.ofMillis(commitIntervalMs));
                List<Double> peer = new ArrayList<>();
                List<Double> ours = new ArrayList<>();
                List<Double> ratios = new ArrayList<>();
                for (int run = 1; run <= repetitions; run++) {
                    out.printf("%nRepetition %d of %d%n", run, repetitions);
                    ProcessorBenchmark.Result result = benchmark.run(workload, "bench" + System.currentTimeMillis());
                    peer.add(result.peer().perSecond());
                    ours.add(result.processor().perSecond());
                    ratios.add(result.processor().perSecond() / result.peer().perSecond());
                    out.printf("  peer %,.0f records/s, processor %,.0f transfers/s: %.0f %%%n", peer.get(run - 1),
                            ours.get(run - 1), 100 * ratios.get(run - 1));
                }
                Repetitions ratio = Repetitions.of(ratios);
                out.println();
                out.println("| app | throughput, median (min–max) of " + repetitions + " |");
                out.println("|---|---|");
                out.println("| peer: sum by key, EOS v2, cache off | " + Repetitions.of(peer).format("records/s") + " |");
                out.println("| payments processor | " + Repetitions.of(ours).format("transfers/s") + " |");
                out.printf("%nRatio: processor transfers/s = %.0f %% of the peer's records/s (median; %.0f–%.0f %%)%n",
                        100 * ratio.median(), 100 * ratio.min(), 100 * ratio.max());
            }
            return 0;
        }
    }

    @Command(name = "sink", mixinStandardHelpOptions = true,
            description = {"The PostgreSQL sink (ledger rows/s, balances included) next to a per-row JDBC batched "
                    + "upsert (the Kafka Connect JDBC sink's way: one INSERT ... ON CONFLICT per row, batches of 3,000, "
                    + "one connection) on the same rows."})
    static final class Sink implements java.util.concurrent.Callable<Integer> {

        @Option(names = "--entries", defaultValue = "1000000", description = "Measured ledger rows (default: ${DEFAULT-VALUE}).")
        long entries;

        @Option(names = "--warmup", defaultValue = "100000", description = "Rows written before the clock starts (default: ${DEFAULT-VALUE}).")
        long warmup;

        @Option(names = "--accounts", defaultValue = "100000", description = "Accounts the rows spread over (default: ${DEFAULT-VALUE}).")
        int accounts;

        @Option(names = "--partitions", defaultValue = "6", description = "Partitions of the ledger topic (default: ${DEFAULT-VALUE}).")
        int partitions;

        @Option(names = "--writers", defaultValue = "2", description = "Parallel connections of the sink (default: ${DEFAULT-VALUE}).")
        int writers;

        @Option(names = "--repetitions", defaultValue = "3", description = "Runs of each; median and range reported (default: ${DEFAULT-VALUE}).")
        int repetitions;

        @Option(names = "--quick", description = "A small run (50,000 rows, 10,000 warm-up, 1 repetition) to check that it works.")
        boolean quick;

        @Mixin
        VerboseOption verbose;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            if (quick) {
                entries = 50_000;
                warmup = 10_000;
                repetitions = 1;
            }
            Path dir = Files.createTempDirectory("payments-bench-");
            out.println("Machine: " + MachineInfo.describe());
            out.printf("Workload: %,d ledger rows after %,d warm-up over %,d accounts; %d partitions, %d sink writer(s); "
                    + "%d repetition(s)%n", entries, warmup, accounts, partitions, writers, repetitions);
            out.flush();
            try (LocalRuntime runtime = LocalRuntime.start(LocalRuntime.Options.ephemeral(dir))) {
                SinkBenchmark benchmark = new SinkBenchmark(runtime, out);
                List<Double> baseline = new ArrayList<>();
                List<Double> ours = new ArrayList<>();
                List<Double> ratios = new ArrayList<>();
                for (int run = 1; run <= repetitions; run++) {
                    out.printf("%nRepetition %d of %d%n", run, repetitions);
                    SinkBenchmark.Result result = benchmark.run(new SinkBenchmark.Workload(entries, warmup, accounts,
                            partitions, writers), "bench" + System.currentTimeMillis());
                    baseline.add(result.baseline().perSecond());
                    ours.add(result.sink().perSecond());
                    ratios.add(result.sink().perSecond() / result.baseline().perSecond());
                    out.printf("  per-row upsert %,.0f rows/s, sink %,.0f rows/s: %.2fx%n", baseline.get(run - 1),
                            ours.get(run - 1), ratios.get(run - 1));
                }
                Repetitions ratio = Repetitions.of(ratios);
                out.println();
                out.println("| writer | ledger rows/s (balances included), median (min–max) of " + repetitions + " |");
                out.println("|---|---|");
                out.println("| per-row JDBC batched upsert, batch 3,000, 1 connection | " + Repetitions.of(baseline).format("rows/s") + " |");
                out.println("| payments sink, " + writers + " writer(s) | " + Repetitions.of(ours).format("rows/s") + " |");
                out.printf("%nRatio: sink = %.2fx the per-row upsert (median; %.2f–%.2fx)%n", ratio.median(), ratio.min(), ratio.max());
            }
            return 0;
        }
    }

    @Command(name = "producer", mixinStandardHelpOptions = true,
            description = {"The client library's send rate (TransferClient: validated, keyed, Avro, acks=all, idempotent) next to "
                    + "Kafka's own ProducerPerformance with records of the same size on the same broker."})
    static final class Producer implements java.util.concurrent.Callable<Integer> {

        @Option(names = "--records", defaultValue = "1000000", description = "Measured records (default: ${DEFAULT-VALUE}).")
        long records;

        @Option(names = "--warmup", defaultValue = "200000", description = "Records sent before the clock starts (default: ${DEFAULT-VALUE}).")
        long warmup;

        @Option(names = "--accounts", defaultValue = "100000", description = "Accounts the keys spread over (default: ${DEFAULT-VALUE}).")
        int accounts;

        @Option(names = "--partitions", defaultValue = "6", description = "Partitions (default: ${DEFAULT-VALUE}).")
        int partitions;

        @Option(names = "--repetitions", defaultValue = "3", description = "Runs of each; median and range reported (default: ${DEFAULT-VALUE}).")
        int repetitions;

        @Option(names = "--quick", description = "A small run (50,000 records, 10,000 warm-up, 1 repetition) to check that it works.")
        boolean quick;

        @Mixin
        VerboseOption verbose;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            if (quick) {
                records = 50_000;
                warmup = 10_000;
                repetitions = 1;
            }
            Path dir = Files.createTempDirectory("payments-bench-");
            out.println("Machine: " + MachineInfo.describe());
            out.printf("Workload: %,d records after %,d warm-up, keys over %,d accounts; %d partitions; %d repetition(s)%n",
                    records, warmup, accounts, partitions, repetitions);
            out.flush();
            try (LocalRuntime runtime = LocalRuntime.start(LocalRuntime.Options.ephemeral(dir))) {
                ProducerBenchmark benchmark = new ProducerBenchmark(runtime, dir, out);
                List<Double> peer = new ArrayList<>();
                List<Double> ours = new ArrayList<>();
                List<Double> ratios = new ArrayList<>();
                int recordSize = 0;
                for (int run = 1; run <= repetitions; run++) {
                    out.printf("%nRepetition %d of %d%n", run, repetitions);
                    ProducerBenchmark.Result result = benchmark.run(new ProducerBenchmark.Workload(records, warmup, accounts,
                            partitions), "bench" + System.currentTimeMillis());
                    recordSize = result.recordSize();
                    peer.add(result.peerRecordsPerSecond());
                    ours.add(result.client().perSecond());
                    ratios.add(result.client().perSecond() / result.peerRecordsPerSecond());
                    out.printf("  ProducerPerformance %,.0f records/s, TransferClient %,.0f records/s: %.0f %%%n",
                            peer.get(run - 1), ours.get(run - 1), 100 * ratios.get(run - 1));
                }
                Repetitions ratio = Repetitions.of(ratios);
                out.println();
                out.println("| producer (" + recordSize + "-byte records, acks=all, idempotent) | records/s, median (min–max) of " + repetitions + " |");
                out.println("|---|---|");
                out.println("| Kafka ProducerPerformance | " + Repetitions.of(peer).format("records/s") + " |");
                out.println("| payments TransferClient | " + Repetitions.of(ours).format("records/s") + " |");
                out.printf("%nRatio: TransferClient = %.0f %% of ProducerPerformance (median; %.0f–%.0f %%)%n",
                        100 * ratio.median(), 100 * ratio.min(), 100 * ratio.max());
            }
            return 0;
        }
    }
}
