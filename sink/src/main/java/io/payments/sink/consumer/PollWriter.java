package io.payments.sink.consumer;

import io.payments.schemas.failure.Causes;
import io.payments.schemas.failure.FailureClass;
import io.payments.sink.postgres.PostgresErrors;
import io.payments.sink.projection.StaleOffsetsException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a poll ({@link WriterPool}) and decides what a failed write means by its failure class
 * (docs/failures.md, "Failure classes"): a record PostgreSQL refuses for its content is isolated, so that only
 * its partition stops ({@link RecordIsolation}); an outage, or offsets another instance moved, is
 * waited out with backoff while keeping the group membership, then everything is read again from
 * the stored offsets, so no batch is skipped and offsets never run ahead of rows; a bug stops the
 * sink.
 */
final class PollWriter {

    private static final Logger LOG = LoggerFactory.getLogger(PollWriter.class);
    /** The first wait after a failed write; each failed retry doubles it, up to {@code sink.retry.backoff.max}. */
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);

    private final Consumer<byte[], byte[]> consumer;
    private final WriterPool pool;
    private final RecordIsolation isolation;
    private final Positions positions;
    private final StoppedPartitions stopped;
    private final SinkHealth health;
    private final SinkMetrics metrics;
    private final Duration maxBackoff;
    private final BooleanSupplier running;
    private final Time time;

    PollWriter(Consumer<byte[], byte[]> consumer, WriterPool pool, RecordIsolation isolation, Positions positions,
               StoppedPartitions stopped, SinkHealth health, SinkMetrics metrics, Duration maxBackoff,
               BooleanSupplier running, Time time) {
        this.consumer = consumer;
        this.pool = pool;
        this.isolation = isolation;
        this.positions = positions;
        this.stopped = stopped;
        this.health = health;
        this.metrics = metrics;
        this.maxBackoff = maxBackoff;
        this.running = running;
        this.time = time;
    }

    /**
     * Writes the poll; returns once it is written, or PostgreSQL answers again and the consumer is
     * back at the stored offsets, or the sink is closing.
     *
     * @throws SinkStoppedException when PostgreSQL refused the write in a way no record should cause
     */
    void write(ConsumerRecords<byte[], byte[]> records) {
        Exception failure = attempt(records);
        if (failure == null) {
            health.databaseAnswered();
            return;
        }
        if (failure instanceof StaleOffsetsException) {
            // Another instance wrote the partitions since this one read them, before or during an isolation.
            metrics.staleOffsets.increment();
            LOG.warn("{}; rereading from the stored offsets", failure.getMessage());
        } else if (PostgresErrors.classify(failure) == FailureClass.BUG) {
            throw new SinkStoppedException("The sink stopped: PostgreSQL refused a write in a way no record should "
                    + "cause (" + PostgresErrors.describe(failure) + "), a bug or a broken invariant of the "
                    + "projection; nothing of the failed batch was written", failure);
        } else {
            health.databaseFailed();
            LOG.warn("Writing to PostgreSQL failed ({}); retrying from the stored offsets", PostgresErrors.describe(failure));
        }
        rewindAfterBackoff();
    }

    /** The next wait: twice this one, at most {@code max}. */
    private static Duration nextBackoff(Duration backoff, Duration max) {
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(max) > 0 ? max : doubled;
    }

    /** Writes the poll, isolating a record PostgreSQL refuses; returns null when written, else the failure. */
    private Exception attempt(ConsumerRecords<byte[], byte[]> records) {
        try {
            pool.write(records);
            return null;
        } catch (StaleOffsetsException e) {
            return e;
        } catch (Exception e) {
            metrics.postgresErrors.increment();
            if (PostgresErrors.classify(e) != FailureClass.RECORD) {
                return e;
            }
            try {
                isolation.isolate(records);
                return null;
            } catch (StaleOffsetsException stale) {
                return stale;
            } catch (Exception again) {
                metrics.postgresErrors.increment();
                return again;
            }
        }
    }

    /** Waits, reading nothing, then moves the consumer back to the stored offsets; again with a longer wait while PostgreSQL fails. */
    private void rewindAfterBackoff() {
        Duration backoff = FIRST_BACKOFF;
        while (running.getAsBoolean()) {
            consumer.pause(consumer.assignment());
            try {
                pollWhilePaused(backoff);
                positions.rewind(consumer.assignment());
                health.databaseAnswered();
                return;
            } catch (Exception e) {
                metrics.postgresErrors.increment();
                backoff = nextBackoff(backoff, maxBackoff);
                LOG.warn("PostgreSQL still unavailable ({}); next attempt in {} ms", Causes.root(e).getMessage(),
                        backoff.toMillis());
            } finally {
                consumer.resume(stopped.resumable(consumer.assignment()));
            }
        }
    }

    /** Keeps the group membership alive (poll returns nothing while paused) during a wait. */
    private void pollWhilePaused(Duration wait) {
        long until = time.nanoseconds() + wait.toNanos();
        while (time.nanoseconds() < until && running.getAsBoolean()) {
            consumer.poll(Duration.ofMillis(Math.min(100, Math.max(1, (until - time.nanoseconds()) / 1_000_000))));
        }
    }
}
