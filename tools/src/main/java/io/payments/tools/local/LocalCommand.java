package io.payments.tools.local;

import io.payments.app.cli.VerboseOption;
import io.payments.local.LocalPipeline;
import io.payments.local.PipelineSettings;
import io.payments.runtime.LocalRuntime;
import io.payments.runtime.LocalSecrets;
import io.payments.schemas.topics.PaymentTopic;
import io.payments.schemas.topics.Topics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code payments local}: the runtime alone (broker, registry, PostgreSQL, topics) until Ctrl-C. */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = {"Runs the local runtime alone: a real Kafka broker (KRaft), the schema registry and PostgreSQL.",
                "Creates the payments topics, prints the addresses and runs until Ctrl-C. "
                        + "A second run on the same data dir resumes on its data."})
public final class LocalCommand implements Runnable {

    @Mixin
    RuntimeOptions runtimeOptions;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions of every payments topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = runtimeOptions.dataDirectory();
        out.println("Starting the local runtime in " + dir + " …");
        long started = System.nanoTime();
        LocalRuntime runtime = LocalRuntime.start(runtimeOptions.on(dir));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Stopping the local runtime …");
            runtime.close();
            out.println("Stopped.");
            out.flush();
            stopped.countDown();
        }, "payments-local-shutdown"));
        PipelineSettings settings = PipelineSettings.on(runtime).topics("", partitions);
        LocalPipeline.createTopics(settings);
        Topics topics = settings.topics();
        printAddresses(out, runtime, topics, dir, (System.nanoTime() - started) / 1_000_000);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void printAddresses(PrintWriter out, LocalRuntime runtime, Topics topics, Path dir, long millis) {
        var pg = runtime.postgres();
        out.printf("Up in %.1f s:%n", millis / 1000.0);
        out.printf("  Kafka broker     %s   (log: %s)%n", runtime.bootstrapServers(), runtime.broker().logFile());
        out.printf("  Schema registry  %s%n", runtime.registryUrl());
        out.printf("  PostgreSQL       %s   (user %s)%n", pg.jdbcUrl(), pg.user());
        if (pg.isEmbedded()) {
            out.printf("                   psql -h 127.0.0.1 -p %d -U %s payments%n", pg.port(), pg.user());
        }
        out.printf("  Topics           %s (%d partitions each)%n", Arrays.stream(PaymentTopic.values())
                .map(topics::name).collect(Collectors.joining(", ")), topics.layout().partitions());
        out.printf("  Data             %s%n", dir);
        runtime.processorSecrets();
        out.printf("  Processor keys   %s   (./payments processor --config %s)%n", dir.resolve(LocalSecrets.FILE),
                dir.resolve(LocalSecrets.FILE));
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }
}
