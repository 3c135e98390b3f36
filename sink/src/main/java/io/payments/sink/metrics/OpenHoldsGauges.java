package io.payments.sink.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.payments.sink.postgres.OpenHoldsQuery;
import io.payments.sink.postgres.OpenHoldsQuery.OpenHolds;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges of open holds per currency, read from PostgreSQL every {@code interval}
 * ({@code sink.holds.metrics.interval}): how many, the amount they hold, and the age of the oldest.
 * They are the projection's figures, so they lag the ledger by the sink's lag; they do not restart
 * at 0 with an instance, and every sink instance exports the same ones (the dashboard takes the
 * maximum over instances). Until the first reading, and for a currency without accounts or open
 * holds, there is no series; a currency's series stay once it has one.
 */
public final class OpenHoldsGauges implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpenHoldsGauges.class);

    private final DataSource dataSource;
    private final MeterRegistry registry;
    private final Duration interval;
    private final Map<String, OpenHolds> latest = new ConcurrentHashMap<>();
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService schedule;

    public OpenHoldsGauges(DataSource dataSource, MeterRegistry registry, Duration interval) {
        this.dataSource = dataSource;
        this.registry = registry;
        this.interval = interval;
    }

    /** Reads now, then every interval on a daemon thread of its own, until {@link #close}. */
    public synchronized void start() {
        if (schedule == null) {
            schedule = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "sink-open-holds");
                thread.setDaemon(true);
                return thread;
            });
            schedule.scheduleWithFixedDelay(this::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Reads the open holds once; when PostgreSQL does not answer, the last reading stands. */
    private void refresh() {
        try (Connection connection = dataSource.getConnection()) {
            for (OpenHolds holds : OpenHoldsQuery.read(connection)) {
                latest.put(holds.currency(), holds);
                if (registered.add(holds.currency())) {
                    register(holds.currency());
                }
            }
        } catch (Exception e) {
            // PostgreSQL being unreachable is payments_sink_up's to report.
            LOG.debug("Could not read the open holds: {}", e.getMessage());
        }
    }

    private void register(String currency) {
        gauge("payments.holds.open", currency, h -> h.count(),
                "Holds placed and not yet posted, voided or expired, as the projection holds them");
        gauge("payments.holds.open.minor.units", currency, h -> h.amountMinor().doubleValue(),
                "The amount open holds hold, in minor units");
        gauge("payments.holds.open.oldest.age.seconds", currency, this::oldestAgeSeconds,
                "Since the processor placed the oldest open hold (0 when none is open)");
    }

    private void gauge(String name, String currency, ToDoubleFunction<OpenHolds> value, String description) {
        Gauge.builder(name, () -> value.applyAsDouble(latest.get(currency))).description(description)
                .tags("currency", currency).register(registry);
    }

    private double oldestAgeSeconds(OpenHolds holds) {
        return holds.oldestPlacedAt() == null ? 0
                : Math.max(0, Duration.between(holds.oldestPlacedAt(), Instant.now()).toMillis() / 1000.0);
    }

    @Override
    public synchronized void close() {
        if (schedule != null) {
            schedule.shutdownNow();
        }
    }
}
