package io.payments.sink.consumer;

import io.payments.avro.LedgerEntry;
import io.payments.sink.projection.LedgerWriter;
import io.payments.sink.projection.RecordBatch;
import io.payments.sink.projection.StaleOffsetsException;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;

/**
 * PostgreSQL as the sink sees it, in memory: stored offsets moved by compare-and-set with the
 * batch, all or nothing. A test makes it fail: the next writes or claims with a chosen
 * SQLException, or every write of an entry it refuses for its content (SQLSTATE 22021).
 */
final class FakeLedgerWriter implements LedgerWriter {

    private final Map<TopicPartition, Long> stored = new HashMap<>();
    private final List<RecordBatch> committed = new ArrayList<>();
    private final Deque<SQLException> writeFailures = new ArrayDeque<>();
    private final Deque<SQLException> claimFailures = new ArrayDeque<>();
    private final List<Long> claimTimes = new ArrayList<>();
    private final Supplier<Long> clock;
    private Predicate<LedgerEntry> refused = entry -> false;
    private int trials;

    FakeLedgerWriter(Supplier<Long> clock) {
        this.clock = clock;
    }

    synchronized void failNextWrite(SQLException failure) {
        writeFailures.add(failure);
    }

    synchronized void failNextClaim(SQLException failure) {
        claimFailures.add(failure);
    }

    synchronized void refuse(Predicate<LedgerEntry> entries) {
        refused = entries;
    }

    /** Another instance wrote the partition up to {@code offset}. */
    synchronized void store(TopicPartition partition, long offset) {
        stored.put(partition, offset);
    }

    synchronized Long stored(TopicPartition partition) {
        return stored.get(partition);
    }

    /** The transfer ids of the entries committed, in the order they were. */
    synchronized List<String> committedTransfers() {
        return committed.stream().flatMap(batch -> batch.entries().stream()).map(LedgerEntry::getTransferId).toList();
    }

    synchronized int trials() {
        return trials;
    }

    /** When each claim was tried, in milliseconds of the test's clock. */
    synchronized List<Long> claimTimes() {
        return List.copyOf(claimTimes);
    }

    @Override
    public synchronized Map<TopicPartition, Long> claim(Collection<TopicPartition> partitions) throws SQLException {
        claimTimes.add(clock.get());
        if (!claimFailures.isEmpty()) {
            throw claimFailures.poll();
        }
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (TopicPartition partition : partitions) {
            offsets.put(partition, stored.computeIfAbsent(partition, p -> 0L));
        }
        return offsets;
    }

    @Override
    public synchronized void write(RecordBatch batch) throws SQLException {
        check(batch);
        batch.offsets().forEach((partition, move) -> stored.put(partition, move.next()));
        committed.add(batch);
    }

    @Override
    public synchronized void trial(RecordBatch batch) throws SQLException {
        trials++;
        check(batch);
    }

    private void check(RecordBatch batch) throws SQLException {
        if (!writeFailures.isEmpty()) {
            throw writeFailures.poll();
        }
        batch.offsets().forEach((partition, move) -> {
            if (!Objects.equals(stored.get(partition), move.expected())) {
                throw new StaleOffsetsException("The stored offset of " + partition + " moved under this sink");
            }
        });
        for (LedgerEntry entry : batch.entries()) {
            if (refused.test(entry)) {
                throw new SQLException("ERROR: invalid byte sequence for encoding \"UTF8\": 0x00", "22021");
            }
        }
    }
}
