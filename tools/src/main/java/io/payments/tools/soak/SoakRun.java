package io.payments.tools.soak;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.payments.local.LoadRun;
import io.payments.local.LocalPipeline;
import io.payments.local.PipelineSettings;
import io.payments.processor.ProcessorService;
import io.payments.processor.config.ProcessorConfig;
import io.payments.processor.topology.LedgerTopology;
import io.payments.producer.client.TransferClient;
import io.payments.producer.load.LoadGenerator;
import io.payments.runtime.LocalRuntime;
import io.payments.schemas.topics.GroupProgress;
import io.payments.schemas.topics.PaymentTopic;
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
import java.util.List;
import java.util.stream.Stream;
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
            PipelineSettings settings = PipelineSettings.on(runtime)
                    .with(ProcessorConfig.STATE_DIR, dir.resolve("processor")).with(ProcessorConfig.THREADS, 2)
                    .with(ProcessorConfig.DEDUP_RETENTION, options.dedupRetention().toSeconds() + "s");
            LoadGenerator generator = new LoadGenerator();
            LoadGenerator.Options load = new LoadGenerator.Options(options.accounts(), 0, options.duration(), options.rate(),
                    LoadGenerator.Skew.ZIPF, 1.1, List.of("EUR", "USD"), 0.01, 0.01, 11, "soak-", true);
            try (LocalPipeline pipeline = LocalPipeline.start(settings, new SimpleMeterRegistry());
                 Admin admin = LocalPipeline.admin(settings);
                 TransferClient setup = TransferClient.connect(settings.clientConfig(true))) {
                out.printf("Opening and funding %,d accounts …%n", options.accounts());
                out.flush();
                generator.setUp(setup, load);
                out.printf("Sending %,d transfers/s for %d s; request ids are remembered for %d s; a sample every %d s:%n%n",
                        options.rate(), options.duration().toSeconds(), options.dedupRetention().toSeconds(),
                        options.sampleInterval().toSeconds());
                out.println(SoakSample.header());
                out.flush();
                long started = System.nanoTime();
                LoadRun sending = LoadRun.start("soak-load", settings.clientConfig(false),
                        client -> generator.sendTransfers(client, load));
                List<SoakSample> samples = new ArrayList<>();
                while (sending.isRunning()) {
                    sending.join(options.sampleInterval().toMillis());
                    SoakSample sample = sample(pipeline, admin, generator, started);
                    samples.add(sample);
                    out.println(sample.row());
                    out.flush();
                }
                sending.throwIfFailed();
                return samples;
            }
        }
    }

    private static SoakSample sample(LocalPipeline pipeline, Admin admin, LoadGenerator generator, long started)
            throws Exception {
        ProcessorService processor = pipeline.processor();
        if (processor.state() != KafkaStreams.State.RUNNING && processor.state() != KafkaStreams.State.REBALANCING) {
            throw new IllegalStateException("The processor stopped: " + processor.state());
        }
        return new SoakSample((System.nanoTime() - started) / 1_000_000_000L, generator.sent(), oldGenAfterGc(),
                heapUsed(), size(pipeline.processorConfig().stateDir()), dedupEntries(processor),
                GroupProgress.lag(admin, pipeline.processorConfig().applicationId(), pipeline.topics(),
                        PaymentTopic.PROCESSOR_INPUTS), pipeline.sink().lag());
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
