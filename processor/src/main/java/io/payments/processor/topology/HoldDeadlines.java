package io.payments.processor.topology;

import io.payments.avro.HoldExpiry;
import io.payments.avro.RequestState;
import io.payments.ledger.Hold;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A task's open holds with a deadline, in deadline order, and the wall-clock look at them that
 * writes an expiry record for each one due. The expiry itself is decided when that record comes
 * back on the task's own partition of payments.credits, by the hold the requests store keeps and
 * the record's broker time: this index only says where to look, so an entry left behind, or a
 * record written twice, expires nothing twice.
 *
 * <p>Keys are the deadline as 19 digits, U+0000, then the hold's key in the requests store, so
 * the store's byte order is deadline order and a look reads only the entries that are due.
 */
final class HoldDeadlines {

    private static final String SEPARATOR = "\u0000";
    private static final int DIGITS = 19;

    private final KeyValueStore<String, Long> index;
    private final KeyValueStore<String, RequestState> requests;
    /** Expiry records written and not yet read back, by hold key: when each was written (wall clock). */
    private final Map<String, Long> written = new HashMap<>();
    private final long rewriteAfterMillis;

    /** @param rewriteAfterMillis how long an expiry record may take to come back before a look writes another */
    HoldDeadlines(KeyValueStore<String, Long> index, KeyValueStore<String, RequestState> requests, long rewriteAfterMillis) {
        this.index = index;
        this.requests = requests;
        this.rewriteAfterMillis = rewriteAfterMillis;
    }

    /** Adds a hold just placed, unless it has no deadline. */
    void add(String holdKey, Hold hold) {
        if (hold.deadline() != Hold.NO_DEADLINE) {
            index.put(key(hold.deadline(), holdKey), hold.deadline());
        }
    }

    /** Removes a hold that ended. */
    void remove(String holdKey, Hold hold) {
        if (hold.deadline() != Hold.NO_DEADLINE) {
            index.delete(key(hold.deadline(), holdKey));
        }
        written.remove(holdKey);
    }

    /**
     * Writes, through {@code expiry}, an expiry record for each open hold whose deadline is at or
     * before {@code now} (wall clock, milliseconds since the Unix epoch), unless one was written
     * for it less than the rewrite interval ago.
     */
    void expireDue(long now, Consumer<HoldExpiry> expiry) {
        List<String> stale = new ArrayList<>();
        try (KeyValueIterator<String, Long> due = index.range(key(0, ""), key(now, "\uffff"))) {
            while (due.hasNext()) {
                KeyValue<String, Long> entry = due.next();
                String holdKey = entry.key.substring(DIGITS + SEPARATOR.length());
                RequestState state = requests.get(holdKey);
                if (state == null || !HoldMapping.openHold(state)) {
                    stale.add(entry.key);
                    continue;
                }
                Long before = written.get(holdKey);
                if (before == null || now - before >= rewriteAfterMillis) {
                    written.put(holdKey, now);
                    expiry.accept(new HoldExpiry(state.getSourceAccountId(), state.getRequestId(), entry.value, null, null));
                }
            }
        }
        stale.forEach(index::delete);
    }

    private static String key(long deadline, String holdKey) {
        String digits = Long.toString(deadline);
        return "0".repeat(DIGITS - digits.length()) + digits + SEPARATOR + holdKey;
    }
}
