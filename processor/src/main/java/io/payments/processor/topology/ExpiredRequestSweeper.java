package io.payments.processor.topology;

import io.payments.avro.RequestState;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the requests store bounded: each call looks at entries from where the previous call
 * stopped and deletes those first seen longer than {@link LedgerTopology.Options#dedupKept()} ago,
 * in stream time (the Kafka timestamps of the task's records), except a request whose hold is
 * still open, which stays until the hold ends and its id expires. Decisions never depend on the
 * sweep: a lookup treats an expired entry as absent whether or not it was swept yet.
 *
 * <p>The work follows the need. Entries can only expire as stream time advances, so each call
 * looks at as many entries as it takes to pass over the whole store {@value #PASSES_PER_KEEP}
 * times per kept period of stream time (at most {@code batch} per call, the rest carried over).
 * Two passes then take at most a quarter of that period, so every entry is deleted within a
 * quarter period after it expires and the store holds at most 1.25 kept periods' worth of ids. A
 * pass's pace is set by the store's size when the pass began (or its size now, if larger), so
 * deletions during a pass do not slow it down. A task whose stream time stands still, idle or
 * not, sweeps nothing; after a (re)start, one full pass runs first. (A fixed 10,000 entries per
 * task per second cost a twelfth of the stream thread in profiles, and an idle processor as much.)
 */
final class ExpiredRequestSweeper {

    static final int PASSES_PER_KEEP = 8;

    private final KeyValueStore<String, RequestState> requests;
    private final long keepMillis;
    private final int batch;
    private String cursor;
    /** Stream time of the previous call; negative before the first. */
    private long previousStreamTime = -1;
    /** Entries owed a look, never more than one pass over the store. */
    private double owed;
    /** The store's size when the current pass began. */
    private long passSize;

    ExpiredRequestSweeper(KeyValueStore<String, RequestState> requests, long keepMillis, int batch) {
        this.requests = requests;
        this.keepMillis = keepMillis;
        this.batch = batch;
    }

    /** Returns how many entries were deleted. */
    int sweep(long streamTime) {
        if (streamTime < 0) {
            return 0; // no record yet: nothing can be judged expired
        }
        long size = requests.approximateNumEntries();
        if (cursor == null) {
            passSize = size;
        }
        long pass = Math.max(passSize, size);
        if (previousStreamTime < 0) {
            owed = pass;
        } else if (streamTime > previousStreamTime) {
            owed = Math.min(pass, owed + (double) PASSES_PER_KEEP * pass * (streamTime - previousStreamTime) / keepMillis);
        }
        previousStreamTime = Math.max(previousStreamTime, streamTime);
        int toLook = (int) Math.min(batch, Math.ceil(owed));
        if (toLook == 0) {
            return 0;
        }
        List<String> expired = new ArrayList<>();
        int looked = 0;
        try (KeyValueIterator<String, RequestState> entries =
                     cursor == null ? requests.all() : requests.range(cursor, null)) {
            while (entries.hasNext() && looked < toLook) {
                KeyValue<String, RequestState> entry = entries.next();
                looked++;
                if (streamTime - entry.value.getFirstSeenAt() > keepMillis && !HoldMapping.openHold(entry.value)) {
                    expired.add(entry.key);
                }
            }
            cursor = entries.hasNext() ? entries.peekNextKey() : null;
        }
        owed = Math.max(0, owed - looked);
        expired.forEach(requests::delete);
        return expired.size();
    }
}
