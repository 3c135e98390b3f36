package io.payments.processor.health;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A transient outage the processor is waiting out (the schema registry unreachable or answering
 * 5xx, 429, 401 or 403): each failed attempt waits longer, doubling from 200 ms up to the cap,
 * is counted, and is reported in {@code /health} until a quiet period has passed.
 */
public final class TransientTrouble {

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);

    private final Duration maxBackoff;
    private final Counter errors;
    private volatile String cause;
    private volatile Instant since;
    private volatile Instant last;
    private volatile int attempts;

    public TransientTrouble(MeterRegistry registry, Duration maxBackoff) {
        this.maxBackoff = maxBackoff;
        this.errors = Counter.builder("payments.processor.transient.errors")
                .description("Failures the processor retries with backoff instead of dead-lettering a record "
                        + "(the schema registry unreachable or answering 5xx, 429, 401 or 403)")
                .register(registry);
    }

    /** Records a failed attempt and returns how long to wait before the next. */
    public synchronized Duration failed(String what) {
        Instant now = Instant.now();
        if (last == null || now.isAfter(last.plus(quiet()))) {
            since = now;
            attempts = 0;
        }
        cause = what;
        last = now;
        attempts++;
        errors.increment();
        long factor = 1L << Math.min(attempts - 1, 20);
        Duration backoff = FIRST_BACKOFF.multipliedBy(factor);
        return backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff;
    }

    /** A line for {@code /health} while failures keep coming, empty once they have stopped for a while. */
    public Optional<String> detail() {
        Instant lastFailure = last;
        if (lastFailure == null || Instant.now().isAfter(lastFailure.plus(quiet()))) {
            return Optional.empty();
        }
        return Optional.of("retrying since " + since + " (" + attempts + " attempts, the last at " + lastFailure + "): "
                + cause);
    }

    /** Failures further apart than this are separate outages. */
    private Duration quiet() {
        return maxBackoff.multipliedBy(3);
    }
}
