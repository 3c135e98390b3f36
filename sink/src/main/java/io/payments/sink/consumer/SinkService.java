package io.payments.sink.consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.payments.schemas.failure.Health;
import io.payments.sink.config.SinkConfig;
import io.payments.sink.metrics.OpenHoldsGauges;
import io.payments.sink.postgres.PostgresLedgerWriter;
import io.payments.sink.projection.LedgerWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.utils.Time;

/**
 * Projects the ledger into PostgreSQL exactly once: the Kafka consumer's documented pattern of
 * storing offsets outside Kafka. Each poll's records are written with the partitions' next
 * offsets in one transaction per writer ({@link WriterPool}); on assignment the consumer seeks to
 * the offsets PostgreSQL holds ({@link SeekToStoredOffsets}). When a write fails, nothing is
 * skipped ({@link PollWriter}): PostgreSQL unreachable, the sink waits with backoff, then rereads
 * from the stored offsets; a record it cannot decode, or whose rows PostgreSQL refuses for their
 * content, stops its partition at that record ({@link StoppedPartitions}); the other partitions go
 * on. Any other refusal is a bug: the sink stops ({@link SinkStoppedException}).
 */
public final class SinkService implements Runnable, AutoCloseable {

    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

    private final Consumer<byte[], byte[]> consumer;
    private final KafkaClientMetrics consumerMetrics;
    private final BatchAssembler assembler;
    private final StoppedPartitions stopped;
    private final Positions positions;
    private final SinkHealth health;
    private final SinkMetrics metrics;
    private final WriterPool pool;
    private final PollWriter writes;
    private final SeekToStoredOffsets seekToStoredOffsets;
    private final OpenHoldsGauges openHolds;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile long lag = -1;

    /**
     * A sink on its own Kafka consumer (configured from {@code config}) writing to {@code dataSource},
     * with the gauges of open holds read from it ({@link OpenHoldsGauges}).
     */
    public SinkService(SinkConfig config, DataSource dataSource, MeterRegistry meters) {
        this(config, SinkConsumers.create(config), new PostgresLedgerWriter(dataSource), meters, Time.SYSTEM,
                new OpenHoldsGauges(dataSource, meters, config.holdsMetricsInterval()));
    }

    /**
     * A sink on the given consumer and writer. The consumer must not commit offsets to Kafka (the
     * sink reads its position from the writer) and should read committed records only; the sink
     * subscribes it and closes it when {@link #run} ends.
     */
    public SinkService(SinkConfig config, Consumer<byte[], byte[]> consumer, LedgerWriter writer, MeterRegistry meters) {
        this(config, consumer, writer, meters, Time.SYSTEM, null);
    }

    /**
     * The same on a clock of the test's (backoff and retry waits are measured on it), with the gauges
     * of open holds, or none when null.
     */
    SinkService(SinkConfig config, Consumer<byte[], byte[]> consumer, LedgerWriter writer, MeterRegistry meters,
                Time time, OpenHoldsGauges openHolds) {
        this.consumer = consumer;
        this.openHolds = openHolds;
        this.stopped = new StoppedPartitions(consumer);
        this.health = new SinkHealth(config.maxBackoff(), stopped);
        this.metrics = new SinkMetrics(meters, health::up, stopped::count);
        this.assembler = new BatchAssembler(config, stopped);
        this.positions = new Positions(consumer, writer);
        WriteContext context = new WriteContext(consumer, writer, assembler, positions, stopped, metrics);
        this.pool = new WriterPool(config.writers(), context);
        this.writes = new PollWriter(consumer, pool, new RecordIsolation(context), positions, stopped, health, metrics,
                config.maxBackoff(), running::get, time);
        this.seekToStoredOffsets = new SeekToStoredOffsets(consumer, positions, stopped, health, metrics, running::get, time);
        this.consumerMetrics = new KafkaClientMetrics(consumer);
        consumerMetrics.bindTo(meters);
    }

    /** Subscribes and writes what it reads until {@link #close}; then closes the consumer. */
    @Override
    public void run() {
        subscribe();
        if (openHolds != null) {
            openHolds.start();
        }
        try {
            while (running.get()) {
                pollOnce();
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } finally {
            if (openHolds != null) {
                openHolds.close();
            }
            consumer.close(Duration.ofSeconds(5));
            consumerMetrics.close();
            pool.close();
        }
    }

    /** Subscribes the consumer to the sink's topics, its position read from PostgreSQL on each assignment. */
    void subscribe() {
        consumer.subscribe(assembler.topics(), seekToStoredOffsets);
    }

    /** One turn of the loop: a poll, written when it holds records or moved a position past records not for the sink. */
    void pollOnce() {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL_TIMEOUT);
        if (!records.isEmpty() || positions.movedWithoutRecords(stopped)) {
            writes.write(records);
        }
        lag = currentLag();
    }

    /** Committed records not yet written, over the assigned partitions; -1 until known. */
    public long lag() {
        return lag;
    }

    /** Partitions this sink stopped on a record it could not read or store, with the reason. */
    public Map<TopicPartition, String> stoppedPartitions() {
        return stopped.reasons();
    }

    /** Ledger entries and results written so far. */
    public long rowsWritten() {
        return (long) metrics.rows.count();
    }

    /** PostgreSQL errors so far (each retried). */
    public long failures() {
        return (long) metrics.postgresErrors.count();
    }

    /**
     * True when partitions are assigned and the last write or check of PostgreSQL succeeded:
     * {@code payments_sink_up}. A stopped partition does not make the sink unhealthy (the others
     * go on); it is counted in {@code payments_sink_stopped_partitions} and named in {@link #health}.
     */
    public boolean healthy() {
        return health.up();
    }

    /** Up as {@link #healthy}, with a line for PostgreSQL being retried and one per stopped partition. */
    public Health health() {
        return health.report();
    }

    /** Makes {@link #run} return: wakes the consumer up from its poll. */
    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
    }

    private long currentLag() {
        long total = 0;
        for (TopicPartition partition : consumer.assignment()) {
            var partitionLag = consumer.currentLag(partition);
            if (partitionLag.isEmpty()) {
                total = -1;
            } else {
                metrics.lag(partition, partitionLag.getAsLong());
                total = total < 0 ? total : total + partitionLag.getAsLong();
            }
        }
        return consumer.assignment().isEmpty() ? -1 : total;
    }
}
