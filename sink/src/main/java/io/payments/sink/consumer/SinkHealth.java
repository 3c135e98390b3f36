package io.payments.sink.consumer;

import io.payments.schemas.failure.Health;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the sink is up ({@code payments_sink_up}): partitions assigned and the last write or
 * read of PostgreSQL succeeded. A stopped partition does not make it unhealthy (the others go on);
 * {@link #report} names each.
 */
final class SinkHealth {

    private final Duration maxBackoff;
    private final StoppedPartitions stopped;
    private volatile boolean assigned;
    private volatile boolean databaseUp = true;

    SinkHealth(Duration maxBackoff, StoppedPartitions stopped) {
        this.maxBackoff = maxBackoff;
        this.stopped = stopped;
    }

    void assigned(boolean anyPartition) {
        assigned = anyPartition;
    }

    void databaseAnswered() {
        databaseUp = true;
    }

    void databaseFailed() {
        databaseUp = false;
    }

    boolean up() {
        return assigned && databaseUp;
    }

    /** Up as {@link #up}, with a line for PostgreSQL being retried and one per stopped partition. */
    Health report() {
        List<String> details = new ArrayList<>();
        if (!databaseUp) {
            details.add("PostgreSQL is not answering; retrying with backoff up to " + maxBackoff.toSeconds()
                    + " s, nothing is skipped");
        }
        if (!assigned) {
            details.add("no partitions assigned yet");
        }
        stopped.reasons().values().stream().sorted().forEach(details::add);
        return new Health(up(), details);
    }
}
