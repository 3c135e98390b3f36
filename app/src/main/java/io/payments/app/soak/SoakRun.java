package io.payments.app.soak;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.payments.processor.ProcessorService;
import io.payments.processor.config.ProcessorConfig;
import io.payments.processor.topology.LedgerTopology;
import io.payments.producer.client.TransferClient;
import io.payments.producer.load.LoadGenerator;
import io.payments.runtime.LocalRuntime;
import io.payments.schemas.config.CommonSettings;
import io.payments.schemas.config.Settings;
import io.payments.schemas.topics.GroupProgress;
import io.payments.schemas.topics.PaymentTopic;
import io.payments.schemas.topics.Topics;
import io.payments.sink.config.SinkConfig;
import io.payments.sink.consumer.SinkService;
import io.payments.sink.postgres.Database;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * The pipeline (processor, sink, load generator, in one JVM; broker and PostgreSQL beside it)
 * at a fixed rate for a long time, sampled at intervals: the heap's live set (old generation
 * after the last collection), the processor's RocksDB files, the remembered request ids (counted
 * exactly, not RocksDB's estimate) and the lag of the processor and the sink.
 */
final class SoakRun {

    record Options(Duration duration, int rate, int accounts, Duration dedupRetention, Duration sampleInterval) {
    }


    private final Path dir;
    private final PrintWriter out;

    SoakRun(Path dir, PrintWriter out) {
        this.dir = dir;
        this.out = out;
    }

    List<SoakSample> run(Options options) throws Exception {
        out.println("Starting the broker, the registry and PostgreSQL in " + dir + " …");
        out.flush();
        try (LocalRuntime runtime = LocalRuntime.start(LocalRuntime.Options.ephemeral(dir.resolve("runtime")))) {
            Map<String, String> settings = new HashMap<>(Map.of(
                    "bootstrap.servers", runtime.bootstrapServers(),
                    "schema.registry.url", runtime.registryUrl(),
                    "processor.state.dir", dir.resolve("processor").toString(),
                    "processor.threads", "2",
                    "processor.http.port", "0",
                    "processor.dedup.retention", options.dedupRetention().toSeconds() + "s",
                    "sink.postgres.url", runtime.postgres().jdbcUrl(),
                    "sink.postgres.user", runtime.postgres().user(),
                    "sink.postgres.password", runtime.postgres().password()));
            settings.putAll(runtime.processorSecrets());
            Topics topics = CommonSettings.from(Settings.of(settings)).topics();
            ProcessorConfig processorConfig = ProcessorConfig.from(Settings.of(settings));
            SinkConfig sinkConfig = SinkConfig.from(Settings.of(settings));
            Map<String, Object> adminConfig = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers());
            LoadGenerator generator = new LoadGenerator();
            LoadGenerator.Options load = new LoadGenerator.Options(options.accounts(), 0, options.duration(), options.rate(),
                    LoadGenerator.Skew.ZIPF, 1.1, List.of("EUR", "USD"), 0.01, 0.01, 11, "soak-", true);
            try (Admin admin = Admin.create(adminConfig);
                 ProcessorService processor = ProcessorService.start(processorConfig);
                 HikariDataSource db = Database.connect(sinkConfig);
                 SinkService sink = new SinkService(sinkConfig, db, new SimpleMeterRegistry())) {
                Thread sinkThread = new Thread(sink, "soak-sink");
                sinkThread.start();
                try (TransferClient setup = TransferClient.connect(TransferClient.Config.from(Settings.of(settings)))) {
                    out.printf("Opening and funding %,d accounts …%n", options.accounts());
                    out.flush();
                    generator.setUp(setup, load);
                }
                Map<String, String> sending = new HashMap<>(settings);
                sending.put("client.follow.results", "false");
                AtomicReference<Exception> failure = new AtomicReference<>();
                Thread sender = new Thread(() -> {
                    try (TransferClient client = TransferClient.connect(TransferClient.Config.from(Settings.of(sending)))) {
                        generator.sendTransfers(client, load);
                    } catch (Exception e) {
                        failure.set(e);
                    }
                }, "soak-load");
                out.printf("Sending %,d transfers/s for %d s; request ids are remembered for %d s; a sample every %d s:%n%n",
                        options.rate(), options.duration().toSeconds(), options.dedupRetention().toSeconds(),
                        options.sampleInterval().toSeconds());
                out.println(SoakSample.header());
                out.flush();
                long started = System.nanoTime();
                sender.start();
                List<SoakSample> samples = new ArrayList<>();
                while (sender.isAlive()) {
                    sender.join(options.sampleInterval().toMillis());
                    if (processor.state() != KafkaStreams.State.RUNNING && processor.state() != KafkaStreams.State.REBALANCING) {
                        throw new IllegalStateException("The processor stopped: " + processor.state());
                    }
                    SoakSample sample = new SoakSample((System.nanoTime() - started) / 1_000_000_000L, generator.sent(),
                            oldGenAfterGc(), heapUsed(), size(processorConfig.stateDir()), dedupEntries(processor),
                            GroupProgress.lag(admin, processorConfig.applicationId(), topics, PaymentTopic.PROCESSOR_INPUTS),
                            sink.lag());
                    samples.add(sample);
                    out.println(sample.row());
                    out.flush();
                }
                if (failure.get() != null) {
                    throw failure.get();
                }
                sink.close();
                sinkThread.join(15_000);
                return samples;
            }
        }
    }

    /** The live set: old-generation occupancy right after the last collection that covered it. */
    private static long oldGenAfterGc() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null
                    && (pool.getName().contains("Old") || pool.getName().contains("Tenured"))) {
                bytes += pool.getCollectionUsage().getUsed();
            }
        }
        return bytes;
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long size(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Counted by iterating the local requests stores: RocksDB's own estimate does not see deletions until compaction. */
    private static long dedupEntries(ProcessorService processor) {
        try (KeyValueIterator<Object, Object> all = processor.streams().store(StoreQueryParameters.fromNameAndType(
                LedgerTopology.REQUESTS_STORE, QueryableStoreTypes.keyValueStore())).all()) {
            long count = 0;
            while (all.hasNext()) {
                all.next();
                count++;
            }
            return count;
        } catch (RuntimeException e) {
            // The stores are being restored or moved: no sample this time.
            return -1;
        }
    }
}
