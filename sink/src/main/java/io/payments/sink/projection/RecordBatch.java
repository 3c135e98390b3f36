package io.payments.sink.projection;

import io.payments.avro.LedgerEntry;
import io.payments.avro.TransferResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * What one transaction writes: the ledger entries and results read from some partitions, and
 * for each of those partitions the next offset expected in {@code sink_offsets} (what this sink
 * last read or wrote there) and the next offset after this batch. {@link TableRows} derives the
 * rows of each table from it.
 */
public final class RecordBatch {

    /** The offsets a batch moves a partition between. */
    public record OffsetMove(long expected, long next) {
    }

    private final List<LedgerEntry> entries = new ArrayList<>();
    private final List<TransferResult> results = new ArrayList<>();
    private final Map<TopicPartition, OffsetMove> offsets = new TreeMap<>(
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));

    /** @throws UnstorableRowException for an entry whose account version is below 1 (V1's CHECK) */
    public void add(LedgerEntry entry) {
        if (entry.getAccountVersion() < 1) {
            throw new UnstorableRowException("ledger entry of transfer " + entry.getTransferId() + " on "
                    + entry.getAccountId() + " has account version " + entry.getAccountVersion()
                    + "; the processor numbers an account's entries from 1");
        }
        entries.add(entry);
    }

    public void add(TransferResult result) {
        results.add(result);
    }

    public void move(TopicPartition partition, long expected, long next) {
        offsets.put(partition, new OffsetMove(expected, next));
    }

    public List<LedgerEntry> entries() {
        return entries;
    }

    public List<TransferResult> results() {
        return results;
    }

    /** The offset moves, by topic then partition. */
    public Map<TopicPartition, OffsetMove> offsets() {
        return offsets;
    }

    /** Ledger entries and results in the batch: what {@code payments.sink.rows} counts. */
    public int recordCount() {
        return entries.size() + results.size();
    }
}
