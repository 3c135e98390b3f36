package io.payments.sink.consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.payments.avro.LedgerEntry;
import io.payments.avro.TransferResult;
import io.payments.schemas.failure.FailureClass;
import io.payments.schemas.failure.Health;
import io.payments.schemas.registry.SchemaRegistries;
import io.payments.schemas.serde.AvroDeserializer;
import io.payments.schemas.serde.PaymentSerdes;
import io.payments.schemas.serde.StrictStringDeserializer;
import io.payments.schemas.serde.WireFormatException;
import io.payments.schemas.topics.PaymentTopic;
import io.payments.schemas.topics.Topics;
import io.payments.sink.config.SinkConfig;
import io.payments.sink.postgres.LedgerRows;
import io.payments.sink.postgres.PostgresErrors;
import io.payments.sink.postgres.PostgresLedgerWriter;
import io.payments.sink.postgres.StaleOffsetsException;
import io.payments.sink.postgres.UnstorableRowException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Projects the ledger into PostgreSQL exactly once: the Kafka consumer's documented pattern of
 * storing offsets outside Kafka. Each poll's records are written with the partitions' next
 * offsets in one transaction per writer (partitions are spread over the writers, each partition
 * always on the same one); on assignment the consumer seeks to the offsets PostgreSQL holds.
 * When a write fails, nothing is skipped. PostgreSQL unreachable: the sink waits with backoff,
 * then rereads from the stored offsets. A record it cannot decode, or whose rows PostgreSQL
 * refuses for their content, stops its partition at that record with an error; the other
 * partitions go on. Any other refusal is a bug: the sink stops ({@link SinkStoppedException}).
 */
public final class SinkService implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SinkService.class);

    private final SinkConfig config;
    private final PostgresLedgerWriter writer;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String entriesTopic;
    private final String resultsTopic;
    private final AvroDeserializer<SpecificRecord> entries;
    private final AvroDeserializer<SpecificRecord> results;
    private final StrictStringDeserializer keys = new StrictStringDeserializer();
    private final ExecutorService writers;
    private final Map<TopicPartition, Long> expected = new ConcurrentHashMap<>();
    private final Map<TopicPartition, String> stopped = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final SinkMetrics metrics;
    private final KafkaClientMetrics consumerMetrics;
    private volatile boolean assigned;
    private volatile long lag = -1;
    private volatile boolean databaseUp = true;

    public SinkService(SinkConfig config, javax.sql.DataSource dataSource, MeterRegistry meters) {
        this.config = config;
        this.metrics = new SinkMetrics(meters, this::healthy, () -> stopped.size());
        this.writer = new PostgresLedgerWriter(dataSource);
        Topics topics = config.common().topics();
        this.entriesTopic = topics.name(PaymentTopic.LEDGER_ENTRIES);
        this.resultsTopic = topics.name(PaymentTopic.TRANSFER_RESULTS);
        var registry = SchemaRegistries.connect(config.common().schemaRegistryUrl());
        // Without the enums' default symbols: a leg, outcome or kind this release does not know stops its
        // partition as unreadable, rather than reaching the projection's CHECKs as UNKNOWN.
        this.entries = new AvroDeserializer<>(registry, PaymentSerdes.withoutEnumDefaults(
                PaymentTopic.LEDGER_ENTRIES.valueSchema()));
        this.results = new AvroDeserializer<>(registry, PaymentSerdes.withoutEnumDefaults(
                PaymentTopic.TRANSFER_RESULTS.valueSchema()));
        Map<String, Object> consumerConfig = new HashMap<>(config.kafkaOverrides());
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.common().bootstrapServers());
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords());
        consumerConfig.putIfAbsent(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 64 * 1024);
        consumerConfig.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        this.consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.consumerMetrics = new KafkaClientMetrics(consumer);
        consumerMetrics.bindTo(meters);
        this.writers = Executors.newFixedThreadPool(config.writers(), runnable -> {
            Thread thread = new Thread(runnable, "sink-writer");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void run() {
        consumer.subscribe(List.of(entriesTopic, resultsTopic), new SeekToStoredOffsets());
        try {
            while (running.get()) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (!records.isEmpty() || positionMovedWithoutRecords()) {
                    writeWithRetries(records);
                }
                lag = currentLag();
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
            consumerMetrics.close();
            writers.shutdownNow();
        }
    }

    /**
     * Writes the poll. What happens when PostgreSQL says no depends on the failure's class: a
     * record it refuses for its content stops that record's partition only ({@link #isolate});
     * an outage is waited out with backoff, rereading everything from the stored offsets; a bug
     * stops the sink.
     */
    private void writeWithRetries(ConsumerRecords<byte[], byte[]> records) {
        Duration backoff = Duration.ofMillis(200);
        try {
            write(records);
            databaseUp = true;
            return;
        } catch (StaleOffsetsException e) {
            metrics.staleOffsets.increment();
            LOG.warn("{}; rereading from the stored offsets", e.getMessage());
        } catch (Exception e) {
            metrics.postgresErrors.increment();
            Exception failure = e;
            if (PostgresErrors.classify(failure) == FailureClass.RECORD) {
                try {
                    isolate(records);
                    databaseUp = true;
                    return;
                } catch (StaleOffsetsException stale) {
                    failure = stale;
                } catch (Exception again) {
                    metrics.postgresErrors.increment();
                    failure = again;
                }
            }
            if (failure instanceof StaleOffsetsException) {
                // Another writer took the partitions while this one was isolating the record.
                metrics.staleOffsets.increment();
                LOG.warn("{}; rereading from the stored offsets", failure.getMessage());
            } else if (PostgresErrors.classify(failure) == FailureClass.BUG) {
                throw new SinkStoppedException("The sink stopped: PostgreSQL refused a write in a way no record should "
                        + "cause (" + PostgresErrors.describe(failure) + "), a bug or a broken invariant of the "
                        + "projection; nothing of the failed batch was written", failure);
            } else {
                databaseUp = false;
                LOG.warn("Writing to PostgreSQL failed ({}); retrying from the stored offsets", PostgresErrors.describe(failure));
            }
        }
        while (running.get()) {
            consumer.pause(consumer.assignment());
            try {
                pollWhilePaused(backoff);
                rewindToStoredOffsets(consumer.assignment());
                databaseUp = true;
                return;
            } catch (Exception e) {
                metrics.postgresErrors.increment();
                LOG.warn("PostgreSQL still unavailable ({}); next attempt in {} ms", rootMessage(e), backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : backoff.multipliedBy(2);
            } finally {
                Set<TopicPartition> resumable = new HashSet<>(consumer.assignment());
                resumable.removeAll(stopped.keySet());
                consumer.resume(resumable);
            }
        }
    }

    /**
     * After PostgreSQL refused a batch for a record's content: writes the poll again one partition
     * per transaction, and bisects a partition it still refuses down to the record, so that the
     * records before it are written and only that partition stops, at that record. A transient
     * failure or a bug met here is thrown, to be handled as in {@link #writeWithRetries}.
     */
    private void isolate(ConsumerRecords<byte[], byte[]> records) throws Exception {
        Map<TopicPartition, Long> stored = writer.claim(consumer.assignment());
        for (TopicPartition partition : consumer.assignment()) {
            Long from = stored.get(partition);
            long next = consumer.position(partition);
            if (stopped.containsKey(partition) || from == next) {
                expected.put(partition, from);
                continue;
            }
            if (!from.equals(expected.get(partition))) {
                // Not where this poll's records start: read them again from the stored offset.
                expected.put(partition, from);
                consumer.seek(partition, from);
                continue;
            }
            LedgerRows rows = new LedgerRows();
            List<ConsumerRecord<byte[], byte[]>> decoded = addPartition(rows, partition, from, records.records(partition), next);
            try {
                writer.write(rows);
                expected.put(partition, rows.offsets().get(partition).next());
                metrics.rows.increment(rows.rowCount());
            } catch (Exception e) {
                if (PostgresErrors.classify(e) != FailureClass.RECORD) {
                    throw e;
                }
                bisect(partition, from, decoded, e);
            }
        }
    }

    /**
     * Finds the first record whose rows PostgreSQL refuses, by trial transactions that are rolled
     * back (about log2 of the batch's size of them), writes the records before it and stops the
     * partition there.
     */
    private void bisect(TopicPartition partition, long from, List<ConsumerRecord<byte[], byte[]>> records, Exception refused)
            throws Exception {
        int good = 0;
        int bad = records.size();
        Exception failure = refused;
        while (bad - good > 1) {
            int middle = (good + bad) >>> 1;
            try {
                writer.trial(prefix(partition, from, records, middle));
                good = middle;
            } catch (Exception e) {
                if (PostgresErrors.classify(e) != FailureClass.RECORD) {
                    throw e;
                }
                bad = middle;
                failure = e;
            }
        }
        long culprit = records.get(bad - 1).offset();
        if (culprit != from) {
            LedgerRows before = prefix(partition, from, records, bad - 1);
            writer.write(before);
            metrics.rows.increment(before.rowCount());
        }
        expected.put(partition, culprit);
        stop(partition, culprit, "PostgreSQL refused its rows (" + PostgresErrors.describe(failure) + ")",
                "Fix the cause and restart the sink, or skip this one record: payments sink skip --topic "
                        + partition.topic() + " --partition " + partition.partition() + " --offset " + culprit
                        + " --reason \"…\" (it records the skip in sink_skipped_records).");
    }

    /** The rows of the first {@code length} records, moving the offset to the record after them. */
    private LedgerRows prefix(TopicPartition partition, long from, List<ConsumerRecord<byte[], byte[]>> records, int length) {
        LedgerRows rows = new LedgerRows();
        for (ConsumerRecord<byte[], byte[]> record : records.subList(0, length)) {
            add(rows, record);
        }
        rows.move(partition, from, records.get(length).offset());
        return rows;
    }

    /** Keeps the group membership alive (poll returns nothing while paused) during a wait. */
    private void pollWhilePaused(Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < until && running.get()) {
            consumer.poll(Duration.ofMillis(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000))));
        }
    }

    private void rewindToStoredOffsets(Collection<TopicPartition> partitions) throws SQLException {
        Map<TopicPartition, Long> stored = writer.claim(partitions);
        stored.forEach((partition, offset) -> {
            expected.put(partition, offset);
            consumer.seek(partition, offset);
        });
    }

    /**
     * Whether the consumer stepped past offsets that held no record for us: an aborted
     * transaction's records and the markers. Stored too, or a partition whose tail is an aborted
     * transaction would never look caught up.
     */
    private boolean positionMovedWithoutRecords() {
        for (TopicPartition partition : consumer.assignment()) {
            Long from = expected.get(partition);
            if (from != null && !stopped.containsKey(partition) && consumer.position(partition) != from) {
                return true;
            }
        }
        return false;
    }

    private void write(ConsumerRecords<byte[], byte[]> records) throws Exception {
        Map<Integer, LedgerRows> byWriter = new HashMap<>();
        for (TopicPartition partition : consumer.assignment()) {
            Long from = expected.get(partition);
            if (from == null || stopped.containsKey(partition)) {
                continue;
            }
            LedgerRows rows = byWriter.computeIfAbsent(partition.partition() % config.writers(), k -> new LedgerRows());
            // The consumer's position, not the last record's offset + 1: it is past transaction
            // markers too, so a caught-up sink stores the partition's end offset.
            addPartition(rows, partition, from, records.records(partition), consumer.position(partition));
        }
        List<Future<?>> writes = new ArrayList<>();
        for (LedgerRows rows : byWriter.values()) {
            if (!rows.offsets().isEmpty()) {
                writes.add(writers.submit(() -> {
                    metrics.transaction.recordCallable(() -> {
                        writer.write(rows);
                        return null;
                    });
                    metrics.batchRows.record(rows.rowCount());
                    metrics.committed(rows.results(), System.currentTimeMillis());
                    return null;
                }));
            }
        }
        Exception failure = null;
        for (Future<?> write : writes) {
            try {
                write.get();
            } catch (java.util.concurrent.ExecutionException e) {
                failure = failure == null ? (Exception) e.getCause() : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
        for (LedgerRows rows : byWriter.values()) {
            rows.offsets().forEach((partition, move) -> expected.put(partition, move.next()));
            metrics.rows.increment(rows.rowCount());
        }
    }

    /**
     * Adds a partition's records to the rows, up to the first one that cannot be decoded (which
     * stops the partition there), and the move of its offset; returns the records added.
     */
    private List<ConsumerRecord<byte[], byte[]>> addPartition(LedgerRows rows, TopicPartition partition, long from,
                                                              List<ConsumerRecord<byte[], byte[]>> records, long next) {
        List<ConsumerRecord<byte[], byte[]>> added = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                add(rows, record);
                added.add(record);
            } catch (WireFormatException e) {
                stop(partition, record.offset(), e.getMessage(), "Nothing after it is written until the record can be "
                        + "read (register its schema or deploy a sink that knows it) and the sink is restarted.");
                next = record.offset();
                break;
            } catch (UnstorableRowException e) {
                stop(partition, record.offset(), e.getMessage(), "Only the processor writes this topic: find who wrote "
                        + "the record, then skip it (payments sink skip) and restart the sink.");
                next = record.offset();
                break;
            }
        }
        if (next != from) {
            rows.move(partition, from, next);
        }
        return added;
    }

    /** Decodes the record, its key strictly too (the key is not stored, but bytes that are not UTF-8 are not the processor's). */
    private void add(LedgerRows rows, ConsumerRecord<byte[], byte[]> record) {
        keys.deserialize(record.topic(), record.key());
        if (record.topic().equals(entriesTopic)) {
            rows.add((LedgerEntry) entries.deserialize(record.topic(), record.value()));
        } else {
            rows.add((TransferResult) results.deserialize(record.topic(), record.value()));
        }
    }

    /** Stops one partition at a record, with one log line naming topic, partition, offset, the reason and the way out. */
    private void stop(TopicPartition partition, long offset, String reason, String wayOut) {
        String message = "Partition " + partition + " stopped at offset " + offset + ": " + reason + ". " + wayOut;
        LOG.error(message);
        stopped.put(partition, message);
        consumer.pause(List.of(partition));
    }

    /** Committed records not yet written, over the assigned partitions; -1 until known. */
    public long lag() {
        return lag;
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

    /** Partitions this sink stopped on a record it could not read, with the reason. */
    public Map<TopicPartition, String> stoppedPartitions() {
        return Map.copyOf(stopped);
    }

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
        return assigned && databaseUp;
    }

    /** Up as {@link #healthy}, with a line for PostgreSQL being retried and one per stopped partition. */
    public Health health() {
        List<String> details = new ArrayList<>();
        if (!databaseUp) {
            details.add("PostgreSQL is not answering; retrying with backoff up to " + config.maxBackoff().toSeconds()
                    + " s, nothing is skipped");
        }
        if (!assigned) {
            details.add("no partitions assigned yet");
        }
        stopped.values().stream().sorted().forEach(details::add);
        return new Health(healthy(), details);
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }

    /** On assignment, read position from PostgreSQL, never from Kafka's committed offsets. */
    private final class SeekToStoredOffsets implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            while (running.get()) {
                try {
                    rewindToStoredOffsets(partitions);
                    assigned = !consumer.assignment().isEmpty();
                    return;
                } catch (SQLException e) {
                    databaseUp = false;
                    metrics.postgresErrors.increment();
                    LOG.warn("Cannot read the stored offsets from PostgreSQL ({}); retrying", e.getMessage());
                    try {
                        Thread.sleep(1_000);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            partitions.forEach(expected::remove);
            partitions.forEach(stopped::remove);
            partitions.forEach(metrics::unassigned);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            onPartitionsRevoked(partitions);
        }
    }

}
