package io.payments.app.bench;

import io.payments.app.cli.VerboseOption;
import java.time.Duration;
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
            if (quick) {
                transfers = 50_000;
                warmup = 10_000;
                accounts = 10_000;
                repetitions = 1;
            }
            ProcessorBenchmark.Workload workload = new ProcessorBenchmark.Workload(accounts, transfers, warmup,
                    partitions, threads, Duration.ofMillis(commitIntervalMs));
            PeerComparison.run(spec.commandLine().getOut(), String.format("%,d transfers after %,d warm-up among %,d "
                    + "accounts; %d partitions, %d thread(s), commit every %d ms", transfers, warmup, accounts, partitions,
                    threads, commitIntervalMs), repetitions, new PeerComparison.Labels("app",
                    "peer: sum by key, EOS v2, cache off", "records/s", "payments processor", "transfers/s", false),
                    (runtime, dir, runId) -> {
                        ProcessorBenchmark.Result result = new ProcessorBenchmark(runtime.bootstrapServers(),
                                runtime.registryUrl(), dir, spec.commandLine().getOut()).run(workload, runId);
                        return new PeerComparison.Rates(result.peer().perSecond(), result.processor().perSecond());
                    });
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
            if (quick) {
                entries = 50_000;
                warmup = 10_000;
                repetitions = 1;
            }
            SinkBenchmark.Workload workload = new SinkBenchmark.Workload(entries, warmup, accounts, partitions, writers);
            PeerComparison.run(spec.commandLine().getOut(), String.format("%,d ledger rows after %,d warm-up over %,d "
                    + "accounts; %d partitions, %d sink writer(s)", entries, warmup, accounts, partitions, writers),
                    repetitions, new PeerComparison.Labels("writer (ledger rows, balances included)",
                    "per-row JDBC batched upsert, batch 3,000, 1 connection", "rows/s", "payments sink", "rows/s", true),
                    (runtime, dir, runId) -> {
                        SinkBenchmark.Result result = new SinkBenchmark(runtime, spec.commandLine().getOut())
                                .run(workload, runId);
                        return new PeerComparison.Rates(result.baseline().perSecond(), result.sink().perSecond());
                    });
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
            if (quick) {
                records = 50_000;
                warmup = 10_000;
                repetitions = 1;
            }
            ProducerBenchmark.Workload workload = new ProducerBenchmark.Workload(records, warmup, accounts, partitions);
            PeerComparison.run(spec.commandLine().getOut(), String.format("%,d records after %,d warm-up, keys over %,d "
                    + "accounts; %d partitions; acks=all, idempotent", records, warmup, accounts, partitions), repetitions,
                    new PeerComparison.Labels("producer", "Kafka ProducerPerformance", "records/s",
                            "payments TransferClient", "records/s", false),
                    (runtime, dir, runId) -> {
                        ProducerBenchmark.Result result = new ProducerBenchmark(runtime, dir, spec.commandLine().getOut())
                                .run(workload, runId);
                        return new PeerComparison.Rates(result.peerRecordsPerSecond(), result.client().perSecond());
                    });
            return 0;
        }
    }
}
