package io.payments.processor.topology;

import io.payments.avro.TransferState;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the requests store bounded: each call looks at up to {@code batch} entries from where
 * the previous call stopped and deletes those first seen longer than the retention ago (in stream
 * time, the Kafka timestamps of the task's records), so the work per call stays small however
 * large the store. Decisions never depend on the sweep: a lookup treats an expired entry as
 * absent whether or not it was swept yet. Entries are kept for {@link LedgerTopology.Options#dedupKept()}.
 */
final class ExpiredRequestSweeper {

    private final KeyValueStore<String, TransferState> requests;
    private final long keepMillis;
    private final int batch;
    private String cursor;

    ExpiredRequestSweeper(KeyValueStore<String, TransferState> requests, long keepMillis, int batch) {
        this.requests = requests;
        this.keepMillis = keepMillis;
        this.batch = batch;
    }

    /** Returns how many entries were deleted. */
    int sweep(long streamTime) {
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, TransferState> entries =
                     cursor == null ? requests.all() : requests.range(cursor, null)) {
            int looked = 0;
            while (entries.hasNext() && looked < batch) {
                KeyValue<String, TransferState> entry = entries.next();
                looked++;
                if (streamTime - entry.value.getFirstSeenAt() > keepMillis) {
                    expired.add(entry.key);
                }
            }
            cursor = entries.hasNext() ? entries.peekNextKey() : null;
        }
        expired.forEach(requests::delete);
        return expired.size();
    }
}
