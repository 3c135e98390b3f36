package io.payments.tools.chaos;

import com.zaxxer.hikari.HikariDataSource;
import io.payments.local.LoadRun;
import io.payments.local.LocalPipeline;
import io.payments.local.PipelineSettings;
import io.payments.processor.ProcessorMain;
import io.payments.processor.config.ProcessorConfig;
import io.payments.producer.client.TransferClient;
import io.payments.producer.load.LoadGenerator;
import io.payments.reconcile.Reconciler;
import io.payments.reconcile.audit.Findings;
import io.payments.reconcile.config.ReconcileConfig;
import io.payments.runtime.LocalRuntime;
import io.payments.runtime.LocalSecrets;
import io.payments.sink.SinkMain;
import io.payments.sink.postgres.CatchUp;
import io.payments.sink.postgres.Database;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;

/**
 * Runs the pipeline as separate processes (the broker, two processors, two sinks, PostgreSQL),
 * sends transfers through it while it kills and pauses them, waits until everything has been
 * processed and written, then reconciles the log and PostgreSQL.
 */
final class ChaosRun {

    record Options(int accounts, long transfers, int rate, int faults, int partitions, long seed, Duration sessionTimeout) {
    }

    /** What happened: the faults injected (with their time), and what reconciliation found. */
    record Outcome(List<String> faults, Map<Fault, Integer> counts, Findings findings, Duration reconcileTime, long sent,
                   long failedSends) {
    }

    private static final Duration QUIESCE_TIMEOUT = Duration.ofMinutes(10);

    private final Path dir;
    private final PrintWriter out;
    private final long started = System.nanoTime();
    private final List<String> faultLog = Collections.synchronizedList(new ArrayList<>());

    ChaosRun(Path dir, PrintWriter out) {
        this.dir = dir;
        this.out = out;
    }

    /** The share of the load that places holds, so faults land between holds, posts, voids and expiries too. */
    private static final double HOLD_SHARE = 0.05;

    Outcome run(Options options) throws Exception {
        say("starting the broker, the registry and PostgreSQL in %s", dir);
        try (LocalRuntime runtime = LocalRuntime.start(LocalRuntime.Options.ephemeral(dir.resolve("runtime"))
                .withSeparateKafkaController())) {
            PipelineSettings common = PipelineSettings.on(runtime.bootstrapServers(), runtime.registryUrl())
                    .topics("", options.partitions());
            PipelineSettings sinkSettings = common.sinkGroup("chaos-sink")
                    .postgres(runtime.postgres().jdbcUrl(), runtime.postgres().user(), runtime.postgres().password());
            LocalPipeline.createTopics(common);
            // Migrated once up front, so the two sinks do not race to create the schema.
            Database.connect(sinkSettings.sinkConfig()).close();
            List<ServiceProcess> processors = new ArrayList<>();
            List<ServiceProcess> sinks = new ArrayList<>();
            for (int i = 1; i <= 2; i++) {
                PipelineSettings processor = common.processor("chaos-processor", dir.resolve("processor-" + i))
                        .with(ProcessorConfig.HTTP_PORT, 0).with(LocalSecrets.of(dir));
                processors.add(service("processor-" + i, ProcessorMain.class, processor, options));
                sinks.add(service("sink-" + i, SinkMain.class, sinkSettings, options));
            }
            List<ServiceProcess> all = new ArrayList<>(processors);
            all.addAll(sinks);
            try {
                for (ServiceProcess service : all) {
                    service.start();
                }
                say("started processor-1, processor-2, sink-1, sink-2 (separate JVMs; logs in %s)", dir.resolve("logs"));
                LoadGenerator generator = new LoadGenerator();
                LoadGenerator.Options load = new LoadGenerator.Options(options.accounts(), options.transfers(), null,
                        options.rate(), LoadGenerator.Skew.ZIPF, 1.1, List.of("EUR", "USD"), 0.01, 0.01, options.seed(),
                        "chaos-", true, HOLD_SHARE);
                try (TransferClient setup = TransferClient.connect(common.clientConfig(true))) {
                    say("opening and funding %,d accounts", options.accounts());
                    generator.setUp(setup, load);
                }
                say("sending %,d transfers at %,d/s while injecting %d faults", options.transfers(), options.rate(),
                        options.faults());
                LoadRun sending = LoadRun.start("chaos-load", common.clientConfig(false),
                        client -> generator.sendTransfers(client, load));
                Map<Fault, Integer> counts = injectFaults(options, runtime, processors, sinks, all, generator);
                sending.join(0);
                say("all transfers sent (%,d requests, %,d failed sends); waiting until the processors and the sinks "
                        + "have caught up", generator.sent(), generator.failed());
                awaitQuiet(sinkSettings, all);
                say("reconciling the log and PostgreSQL");
                PipelineSettings reconcile = sinkSettings.with(Map.of("reconcile.pending.grace", "0s",
                        "reconcile.work.dir", dir.resolve("reconcile").toString()));
                long reconcileStart = System.nanoTime();
                Findings findings = new Reconciler(ReconcileConfig.from(reconcile.settings())).run((phase, done, total) -> { });
                return new Outcome(List.copyOf(faultLog), counts, findings, Duration.ofNanos(System.nanoTime() - reconcileStart),
                        generator.sent(), generator.failed());
            } finally {
                for (ServiceProcess service : all) {
                    service.close();
                }
            }
        }
    }

    private ServiceProcess service(String name, Class<?> main, PipelineSettings settings, Options options)
            throws IOException {
        // Short sessions, so a paused instance is replaced (and fenced) within seconds.
        PipelineSettings withTimeouts = settings.with(Map.of(
                "kafka.session.timeout.ms", Long.toString(options.sessionTimeout().toMillis()),
                "kafka.heartbeat.interval.ms", Long.toString(options.sessionTimeout().toMillis() / 4)));
        Path config = dir.resolve(name + ".properties");
        Files.createDirectories(dir);
        Files.writeString(config, withTimeouts.asMap().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n")));
        return new ServiceProcess(name, main, config, dir.resolve("logs"));
    }

    /** Faults at a steady pace over the load, each kind in turn (shuffled), until as many as asked were injected. */
    private Map<Fault, Integer> injectFaults(Options options, LocalRuntime runtime, List<ServiceProcess> processors,
                                             List<ServiceProcess> sinks, List<ServiceProcess> all,
                                             LoadGenerator generator) throws Exception {
        Random random = new Random(options.seed());
        Duration loadTime = Duration.ofMillis(options.transfers() * 1000 / Math.max(1, options.rate()));
        long pauseMs = Math.max(3_000, loadTime.toMillis() / (options.faults() + 1));
        Map<Fault, Integer> counts = new EnumMap<>(Fault.class);
        List<Fault> plan = new ArrayList<>();
        for (int injected = 0; injected < options.faults(); injected++) {
            if (plan.isEmpty()) {
                plan.addAll(List.of(Fault.values()));
                Collections.shuffle(plan, random);
            }
            Thread.sleep(pauseMs);
            Fault fault = plan.remove(0);
            counts.merge(fault, 1, Integer::sum);
            switch (fault) {
                case KILL_PROCESSOR -> restart(processors.get(random.nextInt(processors.size())), fault, generator);
                case KILL_SINK -> restart(sinks.get(random.nextInt(sinks.size())), fault, generator);
                case KILL_BROKER -> {
                    long down = System.nanoTime();
                    runtime.broker().kill();
                    // As in production, the controller (still up) fences the dead broker before it returns.
                    runtime.broker().awaitFenced(Duration.ofSeconds(60));
                    runtime.broker().start();
                    log(fault, "broker", String.format("SIGKILL, fenced by the controller, restarted, down %.1f s",
                            (System.nanoTime() - down) / 1e9), generator.sent());
                }
                case PAUSE_ZOMBIE -> {
                    ServiceProcess victim = all.get(random.nextInt(all.size()));
                    Duration frozen = options.sessionTimeout().plusSeconds(4);
                    victim.pause();
                    Thread.sleep(frozen.toMillis());
                    victim.resume();
                    log(fault, victim.name(), String.format("SIGSTOP for %d s (session timeout %d s), then SIGCONT",
                            frozen.toSeconds(), options.sessionTimeout().toSeconds()), generator.sent());
                }
            }
            for (ServiceProcess service : all) {
                if (!service.isAlive()) {
                    throw new IllegalStateException(service.name() + " exited on its own after " + fault
                            + "; see its log in " + dir.resolve("logs"));
                }
            }
        }
        return counts;
    }

    private void restart(ServiceProcess victim, Fault fault, LoadGenerator generator) throws Exception {
        victim.kill();
        Thread.sleep(1_000);
        victim.start();
        log(fault, victim.name(), "SIGKILL, restarted after 1 s", generator.sent());
    }

    private void log(Fault fault, String victim, String what, long sent) {
        String line = String.format("%s  +%6.1f s  %-14s %-12s %s  (%,d requests sent)",
                LocalTime.now().truncatedTo(ChronoUnit.MILLIS), (System.nanoTime() - started) / 1e9, fault, victim, what,
                sent);
        faultLog.add(line);
        out.println("  fault " + faultLog.size() + ": " + line);
        out.flush();
    }

    /** Until the processors have committed past every input and the sinks have written everything. */
    /**
     * Until the processors and sinks have caught up and every hold has ended (those the load left to
     * expire, by their processors' expiry records): only then is every decision in PostgreSQL.
     */
    private void awaitQuiet(PipelineSettings sinkSettings, List<ServiceProcess> all) throws Exception {
        long deadline = System.nanoTime() + QUIESCE_TIMEOUT.toNanos();
        try (Admin admin = LocalPipeline.admin(sinkSettings);
             HikariDataSource db = Database.connect(sinkSettings.sinkConfig())) {
            while (true) {
                try (var connection = db.getConnection()) {
                    if (CatchUp.pipelineCaughtUp(connection, admin, sinkSettings.topics(), "chaos-processor")) {
                        long[] holds = holds(connection);
                        if (holds[1] == 0) {
                            say("%,d holds, every one ended (posted, voided or expired)", holds[0]);
                            return;
                        }
                    }
                }
                for (ServiceProcess service : all) {
                    if (!service.isAlive()) {
                        throw new IllegalStateException(service.name() + " exited on its own; see its log in "
                                + dir.resolve("logs"));
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("The pipeline did not catch up within " + QUIESCE_TIMEOUT.toMinutes()
                            + " minutes; see the logs in " + dir.resolve("logs"));
                }
                Thread.sleep(500);
            }
        }
    }

    /** The holds in PostgreSQL, and how many of them are still open. */
    private static long[] holds(Connection connection) throws SQLException {
        try (var statement = connection.createStatement(); var rows = statement.executeQuery(
                "SELECT count(*), count(*) FILTER (WHERE status = 'HELD') FROM holds")) {
            rows.next();
            return new long[] {rows.getLong(1), rows.getLong(2)};
        }
    }

    private void say(String format, Object... args) {
        out.printf("%s  +%6.1f s  %s%n", LocalTime.now().truncatedTo(ChronoUnit.MILLIS), (System.nanoTime() - started) / 1e9,
                String.format(format, args));
        out.flush();
    }
}
