package io.payments.processor.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.payments.avro.LedgerEntry;
import io.payments.avro.Leg;
import io.payments.avro.Outcome;
import io.payments.avro.RejectReason;
import io.payments.avro.RequestType;
import io.payments.avro.TransferResult;
import io.payments.schemas.serde.DecodeFailure;
import io.payments.schemas.topics.DeadLetterReason;
import io.payments.schemas.topics.PaymentTopic;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;

/**
 * The processor's own meters, counted from what it writes: results by type, outcome, reason and
 * whether they answer a retry; legs and amounts by leg and currency (money in flight is
 * debits − credits − refunds); request→result latency; dead letters by reason. Labels are
 * bounded enums and currency codes, never an account or transfer id. Meters are counted when a
 * record is handed to Kafka Streams, so a task that crashes before its commit counts again on
 * replay: they are for watching, the ledger is for counting.
 */
public final class LedgerMeters {

    /** The Kafka Streams configuration key under which the dead-letter handler finds these meters. */
    public static final String CONFIG_KEY = "payments.ledger.meters";

    private static final String DEAD_LETTERS = "payments.dead.letters";
    private static final String DEAD_LETTERS_HELP = "Records sent to payments.dead-letters, by reason";

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    // Looked up on every record written: keyed by enums, not by strings built per record.
    private final Map<ResultKey, Counter> results = new ConcurrentHashMap<>();
    private final Map<LegKey, LegMeters> legs = new ConcurrentHashMap<>();
    private final Timer applied;
    private final Counter deadLettersDropped;

    private record ResultKey(RequestType type, Outcome outcome, RejectReason reason, boolean duplicate) {
    }

    private record LegKey(Leg leg, String currency) {
    }

    private record LegMeters(Counter entries, AtomicLong movedMinorUnits) {
    }

    public LedgerMeters(MeterRegistry registry) {
        this.registry = registry;
        this.applied = Timer.builder("payments.request.applied")
                .description("From a request's requestedAt to its final result (retries excluded)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
        this.deadLettersDropped = Counter.builder("payments.dead.letters.dropped")
                .description("Dead letters that could not be written even cut to size (the dead-letter topic's "
                        + "max.message.bytes lowered while the processor runs); the original stays at its offset")
                .register(registry);
        // Every reason from the start, at 0: an absent series cannot be alerted on.
        for (DecodeFailure failure : DecodeFailure.values()) {
            counter(DEAD_LETTERS, DEAD_LETTERS_HELP, "reason", failure.name());
        }
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            counter(DEAD_LETTERS, DEAD_LETTERS_HELP, "reason", reason.name());
        }
        for (PaymentTopic input : PaymentTopic.PROCESSOR_INPUTS) {
            wrongPartition(input, 0);
        }
    }

    /**
     * Counts an input record found on another partition than its key's: a command (answered
     * WRONG_PARTITION) or a credits-topic record (dead-lettered).
     */
    public void wrongPartition(PaymentTopic topic) {
        wrongPartition(topic, 1);
    }

    private void wrongPartition(PaymentTopic topic, int count) {
        counter("payments.wrong.partition.records", "Input records on another partition than their key's, by topic",
                "topic", topic.baseName()).increment(count);
    }

    /** Counts a record the processor writes, if it is a result or a ledger entry. */
    public void observe(SpecificRecord value) {
        if (value instanceof TransferResult result) {
            results.computeIfAbsent(new ResultKey(result.getRequestType(), result.getOutcome(), result.getReason(),
                    result.getDuplicate()), this::resultCounter).increment();
            if (!result.getDuplicate()) {
                applied.record(Math.max(0, result.getDecidedAt() - result.getRequestedAt()), TimeUnit.MILLISECONDS);
            }
        } else if (value instanceof LedgerEntry entry) {
            LegMeters meters = legs.computeIfAbsent(new LegKey(entry.getLeg(), entry.getCurrency()), this::legMeters);
            meters.entries().increment();
            meters.movedMinorUnits().updateAndGet(total -> saturatingAdd(total, entry.getAmountMinor()));
        }
    }

    private Counter resultCounter(ResultKey key) {
        return counter("payments.requests", "Final results written, one per request", "type", key.type().name(),
                "outcome", key.outcome().name(), "reason", key.reason() == null ? "NONE" : key.reason().name(),
                "duplicate", Boolean.toString(key.duplicate()));
    }

    public void deadLetter(String reason) {
        counter(DEAD_LETTERS, DEAD_LETTERS_HELP, "reason", reason).increment();
    }

    /** A dead letter that could not be written even cut to size; alert on any. */
    public void deadLetterDropped() {
        deadLettersDropped.increment();
    }

    /**
     * Amounts moved are summed as exact long minor units; the registry reads the sum only when it
     * exports it (Prometheus's format is a float). A sum past the 64-bit range stays at the maximum.
     */
    private LegMeters legMeters(LegKey key) {
        String leg = key.leg().name();
        AtomicLong moved = new AtomicLong();
        FunctionCounter.builder("payments.moved.minor.units", moved, AtomicLong::get)
                .description("Absolute amounts of the ledger entries written, in minor units")
                .tags("leg", leg, "currency", key.currency()).register(registry);
        return new LegMeters(counter("payments.legs", "Ledger entries written", "leg", leg, "currency", key.currency()),
                moved);
    }

    private static long saturatingAdd(long total, long signedAmount) {
        try {
            return Math.addExact(total, Math.absExact(signedAmount));
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private Counter counter(String name, String description, String... tags) {
        return counters.computeIfAbsent(name + String.join("|", tags),
                key -> Counter.builder(name).description(description).tags(tags).register(registry));
    }
}
