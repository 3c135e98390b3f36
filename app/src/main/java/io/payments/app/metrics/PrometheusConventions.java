package io.payments.app.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.List;
import java.util.Set;

/**
 * Keeps the meters the Kafka and JVM binders bring within Prometheus's conventions, so
 * {@code promtool check metrics} passes on a scrape. Left out: meters without help text (a few
 * Kafka admin-client latencies) and meters counted in nanoseconds or milliseconds (Kafka's
 * io-time and txn-*-time totals, the process CPU time): Prometheus wants seconds and a filter
 * cannot rescale values; {@code process_cpu_usage} and Kafka Streams' latency averages remain.
 * Gauges named like a histogram's {@code _count} are renamed ({@code connection.count} →
 * {@code connections}).
 */
final class PrometheusConventions implements MeterFilter {

    private static final Set<String> SUB_SECOND_UNITS = Set.of("ns", "ms");

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        boolean undocumented = id.getDescription() == null || id.getDescription().isBlank();
        boolean subSecond = id.getBaseUnit() != null && SUB_SECOND_UNITS.contains(id.getBaseUnit())
                || List.of(id.getName().split("\\.")).stream().anyMatch(SUB_SECOND_UNITS::contains);
        return undocumented || subSecond ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        String name = id.getName();
        if (id.getType() == Meter.Type.GAUGE && name.endsWith(".count")) {
            return id.withName(name.substring(0, name.length() - ".count".length()) + "s");
        }
        return id;
    }
}
