package io.payments.local;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.payments.processor.ProcessorService;
import io.payments.processor.config.ProcessorConfig;
import io.payments.schemas.topics.Topics;
import io.payments.sink.config.SinkConfig;
import io.payments.sink.consumer.SinkService;
import io.payments.sink.postgres.CatchUp;
import io.payments.sink.postgres.Database;
import java.sql.Connection;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;

/**
 * The processor and the sink of one pipeline, in this JVM, on the broker and PostgreSQL its
 * settings name: the topics created (with broker timestamps), the processor started, the
 * database migrated and the sink running on a thread of its own. Closing stops them, newest first.
 */
public final class LocalPipeline implements AutoCloseable {

    private final PipelineSettings settings;
    private final Topics topics;
    private final ProcessorConfig processorConfig;
    private final ProcessorService processor;
    private final HikariDataSource database;
    private final SinkService sink;
    private final Admin admin;
    private final Deque<AutoCloseable> running;

    private LocalPipeline(PipelineSettings settings, ProcessorService processor, HikariDataSource database, SinkService sink,
                          Admin admin, Deque<AutoCloseable> running) {
        this.settings = settings;
        this.topics = settings.topics();
        this.processorConfig = settings.processorConfig();
        this.processor = processor;
        this.database = database;
        this.sink = sink;
        this.admin = admin;
        this.running = running;
    }

    /** Starts the pipeline; its meters go to {@code meters}. On a failure, what was started is stopped again. */
    public static LocalPipeline start(PipelineSettings settings, MeterRegistry meters) {
        createTopics(settings);
        Deque<AutoCloseable> running = new ArrayDeque<>();
        try {
            ProcessorService processor = ProcessorService.start(settings.processorConfig(), meters);
            running.push(processor);
            SinkConfig sinkConfig = settings.sinkConfig();
            HikariDataSource database = Database.connect(sinkConfig, meters);
            running.push(database);
            SinkService sink = new SinkService(sinkConfig, database, meters);
            Thread sinkThread = new Thread(sink, "local-sink");
            sinkThread.start();
            running.push(() -> {
                sink.close();
                sinkThread.join(15_000);
            });
            Admin admin = admin(settings);
            running.push(admin);
            return new LocalPipeline(settings, processor, database, sink, admin, running);
        } catch (RuntimeException e) {
            closeAll(running, e);
            throw e;
        }
    }

    /** Creates the topics (idempotent) and gives the processor's inputs broker timestamps, as {@code payments topics create} does. */
    public static Topics createTopics(PipelineSettings settings) {
        try (Admin admin = admin(settings)) {
            settings.topics().ensureCreated(admin);
            settings.topics().useBrokerTimestamps(admin);
            return settings.topics();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not set up the topics: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while setting up the topics", e);
        }
    }

    /** An admin client on the pipeline's broker; the caller closes it. */
    public static Admin admin(PipelineSettings settings) {
        return Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                settings.asMap().get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)));
    }

    public PipelineSettings settings() {
        return settings;
    }

    public Topics topics() {
        return topics;
    }

    public ProcessorService processor() {
        return processor;
    }

    public ProcessorConfig processorConfig() {
        return processorConfig;
    }

    public SinkService sink() {
        return sink;
    }

    /** The sink's connection pool, for reading the projection. */
    public HikariDataSource database() {
        return database;
    }

    /**
     * Whether everything committed to the inputs so far has been processed and written: the
     * processor's group has committed past every input, and the sink's stored offsets reach the
     * end of every output ({@link CatchUp#pipelineCaughtUp}).
     */
    public boolean caughtUp() throws Exception {
        try (Connection connection = database.getConnection()) {
            return CatchUp.pipelineCaughtUp(connection, admin, topics, processorConfig.applicationId());
        }
    }

    @Override
    public void close() {
        closeAll(running, null);
    }

    private static void closeAll(Deque<AutoCloseable> running, RuntimeException cause) {
        RuntimeException failure = cause;
        while (!running.isEmpty()) {
            try {
                running.pop().close();
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                if (failure == null) {
                    failure = new IllegalStateException("Stopping the local pipeline failed: " + e.getMessage(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null && cause == null) {
            throw failure;
        }
    }
}
