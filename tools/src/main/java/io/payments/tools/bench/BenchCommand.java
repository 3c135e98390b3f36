package io.payments.tools.bench;

import io.payments.app.cli.VerboseOption;
import io.payments.producer.load.LoadGenerator;
import io.payments.runtime.LocalRuntime;
import io.payments.runtime.TemporaryDirectory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code payments bench}: benchmarks, each next to its peer on this machine in the same invocation. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures throughput on a fresh local runtime, each workload next to its peer, and prints both and "
                + "their ratio. Without a subcommand, runs all four in turn: producer, processor, sink, end-to-end.",
                "Each subcommand has its own sizes (payments bench processor --help)."},
        subcommands = {BenchCommand.Producer.class, BenchCommand.Processor.class, BenchCommand.Sink.class,
                BenchCommand.EndToEnd.class})
public final class BenchCommand implements java.util.concurrent.Callable<Integer> {

    @Option(names = "--quick", description = "Small runs of each, to check that they work (minutes, not an hour).")
    boolean quick;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String[] quickFlag = quick ? new String[] {"--quick"} : new String[0];
        for (String workload : List.of("producer", "processor", "sink", "end-to-end")) {
            spec.commandLine().getOut().printf("%n=== payments bench %s%s ===%n", workload, quick ? " --quick" : "");
            int exit = spec.commandLine().getSubcommands().get(workload).execute(quickFlag);
            if (exit != 0) {
                return exit;
            }
        }
        return 0;
    }

    @Command(name = "end-to-end", mixinStandardHelpOptions = true,
            description = {"The whole pipeline on this machine (load generator, processor, sink, broker, PostgreSQL): "
                    + "transfers/s from the first send until the last final status is committed in PostgreSQL, uniform and "
                    + "Zipf-skewed; then request->PostgreSQL latency percentiles at a fixed offered rate, from each "
                    + "transfer's own requestedAt to its commit.",
                    "--quick: 20,000 transfers among 2,000 accounts; latency: 10,000 at 2,000/s after a 1 s warm-up."})
    static final class EndToEnd extends BenchSubcommand {

        @Option(names = "--transfers", defaultValue = "1000000", description = "Transfers per throughput run (default: ${DEFAULT-VALUE}).")
        long transfers;

        @Option(names = "--latency-rate", defaultValue = "5000", description = "Offered rate of the latency run, transfers/s (default: ${DEFAULT-VALUE}).")
        int latencyRate;

        @Option(names = "--latency-transfers", defaultValue = "400000", description = "Transfers of the latency run (default: ${DEFAULT-VALUE}).")
        long latencyTransfers;

        @Option(names = "--latency-warmup", defaultValue = "20s", description = "The latency run's first part, not counted: "
                + "JIT compilation and cold caches (default: ${DEFAULT-VALUE}; both figures are printed).")
        String latencyWarmup;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A setting for the processor, the sink and the "
                + "client (repeatable), to see what a knob does, e.g. --set processor.commit.interval=50ms.")
        Map<String, String> overrides = new java.util.LinkedHashMap<>();

        @Override
        void shrink() {
            transfers = 20_000;
            accounts = 2_000;
            latencyRate = 2_000;
            latencyTransfers = 10_000;
            latencyWarmup = "1s";
        }

        @Override
        void measure(PrintWriter out) throws Exception {
            try (TemporaryDirectory work = TemporaryDirectory.create("payments-bench-")) {
                measure(out, work.path());
            }
        }

        private void measure(PrintWriter out, Path dir) throws Exception {
            out.println("Machine: " + MachineInfo.describe());
            out.printf("Workload: %,d transfers among %,d accounts (EUR and USD), %d partitions, processor 2 threads, "
                    + "sink 2 writers, everything on this machine; %d repetition(s) per skew%s%n", transfers, accounts,
                    partitions, repetitions, overrides.isEmpty() ? "" : "; settings " + overrides);
            out.println("Starting a local broker, registry and PostgreSQL in " + dir + " …");
            out.flush();
            try (LocalRuntime runtime = LocalRuntime.start(LocalRuntime.Options.ephemeral(dir))) {
                EndToEndBenchmark bench = new EndToEndBenchmark(runtime, dir, out);
                Map<LoadGenerator.Skew, Repetitions> throughput = new java.util.EnumMap<>(LoadGenerator.Skew.class);
                for (LoadGenerator.Skew skew : LoadGenerator.Skew.values()) {
                    List<Double> rates = new java.util.ArrayList<>();
                    for (int run = 1; run <= repetitions; run++) {
                        out.printf("%n%s, repetition %d of %d%n", skew, run, repetitions);
                        EndToEndBenchmark.Result result = bench.run(new EndToEndBenchmark.Workload(accounts, transfers, skew,
                                0, partitions, Duration.ZERO, overrides), "e2e" + System.currentTimeMillis());
                        rates.add(result.perSecond());
                        out.printf("  %,.0f transfers/s%n", result.perSecond());
                    }
                    throughput.put(skew, Repetitions.of(rates));
                }
                Duration warmup = io.payments.schemas.config.Settings.of(Map.of("warmup", latencyWarmup))
                        .duration("warmup", Duration.ZERO);
                out.printf("%nLatency run: %,d transfers at %,d/s (uniform), the first %d s are warm-up%n", latencyTransfers,
                        latencyRate, warmup.toSeconds());
                EndToEndBenchmark.Result latency = bench.run(new EndToEndBenchmark.Workload(accounts, latencyTransfers,
                        LoadGenerator.Skew.UNIFORM, latencyRate, partitions, warmup, overrides), "e2e" + System.currentTimeMillis());
                out.println();
                out.println("| end to end | transfers/s, median (min–max) of " + repetitions + " |");
                out.println("|---|---|");
                throughput.forEach((skew, rates) -> out.println("| " + skew.name().toLowerCase() + ", unthrottled | "
                        + rates.format("transfers/s") + " |"));
                out.println();
                out.printf("| request → PostgreSQL at %,d/s offered (achieved %,.0f/s) | p50 | p95 | p99 | max |%n",
                        latencyRate, latency.perSecond());
                out.println("|---|---|---|---|---|");
                out.println(latencyRow("after the " + warmup.toSeconds() + " s warm-up", latency.afterWarmup()));
                out.println(latencyRow("whole run, warm-up included", latency.all()));
                out.flush();
            }
        }
    }

    private static String latencyRow(String label, EndToEndBenchmark.Latency latency) {
        return String.format("| %s | %.0f ms | %.0f ms | %.0f ms | %.0f ms |", label, latency.p50(), latency.p95(),
                latency.p99(), latency.max());
    }

    @Command(name = "processor", mixinStandardHelpOptions = true,
            description = {"The ledger processor (transfers/s) next to a bare exactly_once_v2 Kafka Streams app that "
                    + "sums amounts by key in a persistent store with the record cache off (records/s), "
                    + "same broker, partitions, threads and commit interval; then the processor on as many commands "
                    + "as holds each followed by its whole post (holds/s), next to its transfers/s.",
                    "--quick: 50,000 transfers after 10,000 warm-up among 10,000 accounts."})
    static final class Processor extends BenchSubcommand {

        @Option(names = "--transfers", defaultValue = "1000000", description = "Measured transfers (and peer records; the hold run sends as "
                + "many commands: half as many holds, each with its post) (default: ${DEFAULT-VALUE}).")
        long transfers;

        @Option(names = "--warmup", defaultValue = "100000", description = "Transfers (and peer records) processed before the clock starts (default: ${DEFAULT-VALUE}).")
        long warmup;

        @Option(names = "--threads", defaultValue = "1", description = "Stream threads of each app (default: ${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--commit-interval-ms", defaultValue = "100", description = "Commit interval of each app (default: ${DEFAULT-VALUE}).")
        long commitIntervalMs;

        @Option(names = "--random-ids", description = "Transfer ids in random order (like UUIDv4) instead of increasing "
                + "order (like ULIDs, UUIDv7 or sequence numbers), which the requests store inserts more cheaply.")
        boolean randomIds;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A setting for the ledger processor only "
                + "(repeatable), to see what a knob does, e.g. --set kafka.linger.ms=5. The peer keeps Kafka Streams' defaults.")
        Map<String, String> overrides = new java.util.LinkedHashMap<>();

        @Override
        void shrink() {
            transfers = 50_000;
            warmup = 10_000;
            accounts = 10_000;
        }

        @Override
        void measure(PrintWriter out) throws Exception {
            ProcessorBenchmark.Workload workload = new ProcessorBenchmark.Workload(accounts, transfers, warmup,
                    partitions, threads, Duration.ofMillis(commitIntervalMs), randomIds, overrides);
            String described = String.format("%,d transfers after %,d warm-up among %,d accounts; %d partitions, "
                    + "%d thread(s), commit every %d ms; %s transfer ids%s", transfers, warmup, accounts, partitions,
                    threads, commitIntervalMs, randomIds ? "random" : "increasing",
                    overrides.isEmpty() ? "" : "; processor settings " + overrides);
            PeerComparison.run(out, described, repetitions, new PeerComparison.Labels("app",
                    "peer: sum by key, EOS v2, cache off", "records/s", "payments processor", "transfers/s", false),
                    (runtime, dir, runId) -> {
                        ProcessorBenchmark.Result result = new ProcessorBenchmark(runtime.bootstrapServers(),
                                runtime.registryUrl(), dir, out).run(workload, runId);
                        return new PeerComparison.Rates(result.peer().perSecond(), result.processor().perSecond(),
                                List.of(new PeerComparison.Variant("payments processor, hold then whole post", "holds/s",
                                        result.holdThenPost().perSecond())));
                    });
        }
    }

    @Command(name = "sink", mixinStandardHelpOptions = true,
            description = {"The PostgreSQL sink (ledger rows/s, balances included) next to a per-row JDBC batched "
                    + "upsert (the Kafka Connect JDBC sink's way: one INSERT ... ON CONFLICT per row, batches of 3,000, "
                    + "one connection) on the same rows.",
                    "--quick: 50,000 rows after 10,000 warm-up."})
    static final class Sink extends BenchSubcommand {

        @Option(names = "--entries", defaultValue = "1000000", description = "Measured ledger rows (default: ${DEFAULT-VALUE}).")
        long entries;

        @Option(names = "--warmup", defaultValue = "100000", description = "Rows written before the clock starts (default: ${DEFAULT-VALUE}).")
        long warmup;

        @Option(names = "--writers", defaultValue = "2", description = "Parallel connections of the sink (default: ${DEFAULT-VALUE}).")
        int writers;

        @Override
        void shrink() {
            entries = 50_000;
            warmup = 10_000;
        }

        @Override
        void measure(PrintWriter out) throws Exception {
            SinkBenchmark.Workload workload = new SinkBenchmark.Workload(entries, warmup, accounts, partitions, writers);
            PeerComparison.run(out, String.format("%,d ledger rows after %,d warm-up over %,d "
                    + "accounts; %d partitions, %d sink writer(s)", entries, warmup, accounts, partitions, writers),
                    repetitions, new PeerComparison.Labels("writer (ledger rows, balances included)",
                    "per-row JDBC batched upsert, batch 3,000, 1 connection", "rows/s", "payments sink", "rows/s", true),
                    (runtime, dir, runId) -> {
                        SinkBenchmark.Result result = new SinkBenchmark(runtime, out)
                                .run(workload, runId);
                        return new PeerComparison.Rates(result.baseline().perSecond(), result.sink().perSecond());
                    });
        }
    }

    @Command(name = "producer", mixinStandardHelpOptions = true,
            description = {"The client library's send rate (TransferClient: validated, keyed, Avro, acks=all, idempotent) next to "
                    + "Kafka's own ProducerPerformance with records of the same size on the same broker.",
                    "--quick: 50,000 records after 10,000 warm-up."})
    static final class Producer extends BenchSubcommand {

        @Option(names = "--records", defaultValue = "1000000", description = "Measured records (default: ${DEFAULT-VALUE}).")
        long records;

        @Option(names = "--warmup", defaultValue = "200000", description = "Records sent before the clock starts (default: ${DEFAULT-VALUE}).")
        long warmup;

        @Override
        void shrink() {
            records = 50_000;
            warmup = 10_000;
        }

        @Override
        void measure(PrintWriter out) throws Exception {
            ProducerBenchmark.Workload workload = new ProducerBenchmark.Workload(records, warmup, accounts, partitions);
            PeerComparison.run(out, String.format("%,d records after %,d warm-up, keys over %,d "
                    + "accounts; %d partitions; acks=all, idempotent", records, warmup, accounts, partitions), repetitions,
                    new PeerComparison.Labels("producer", "Kafka ProducerPerformance", "records/s",
                            "payments TransferClient", "records/s", false),
                    (runtime, dir, runId) -> {
                        ProducerBenchmark.Result result = new ProducerBenchmark(runtime, dir, out)
                                .run(workload, runId);
                        return new PeerComparison.Rates(result.peerRecordsPerSecond(), result.client().perSecond());
                    });
        }
    }
}
