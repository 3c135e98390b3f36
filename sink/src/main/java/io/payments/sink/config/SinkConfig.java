package io.payments.sink.config;

import io.payments.schemas.config.CommonSettings;
import io.payments.schemas.config.Setting;
import io.payments.schemas.config.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The sink's configuration: its own settings below (each declared once; docs/configuration.md is
 * generated from them), the common ones ({@link CommonSettings}), and any {@code kafka.*} key for
 * the consumer. {@code payments reconcile}, {@code rebuild}, {@code sink migrate} and
 * {@code sink skip} read the same settings.
 */
public record SinkConfig(CommonSettings common, String groupId, String postgresUrl, String postgresUser,
                         String postgresPassword, int writers, int maxPollRecords, Duration maxBackoff,
                         Duration holdsMetricsInterval, Map<String, Object> kafkaOverrides) {

    public static final Setting<String> GROUP_ID = Setting.string("sink.group.id", "payments-sink")
            .doc("The consumer group: instances with the same group share the partitions.");
    public static final Setting<String> POSTGRES_URL = Setting.string("sink.postgres.url",
                    "jdbc:postgresql://127.0.0.1:15432/payments")
            .doc("The JDBC URL of the projection's database.");
    public static final Setting<String> POSTGRES_USER = Setting.string("sink.postgres.user", "postgres")
            .doc("The user the sink logs in as (docs/security.md, \"Least privilege\").");
    public static final Setting<String> POSTGRES_PASSWORD = Setting.secret("sink.postgres.password")
            .doc("That user's password.");
    public static final Setting<Integer> WRITERS = Setting.integer("sink.writers", 2, 1, 64)
            .doc("Connections written on in parallel: each partition always on the same one, each in its own "
                    + "transaction with its partitions' offsets.");
    public static final Setting<Integer> MAX_POLL_RECORDS = Setting.integer("sink.max.poll.records", 5000, 1, 1_000_000)
            .doc("The largest batch.");
    public static final Setting<Duration> RETRY_BACKOFF_MAX = Setting.duration("sink.retry.backoff.max",
                    Duration.ofSeconds(10))
            .doc("The longest wait between attempts while PostgreSQL is unreachable.");
    public static final Setting<Duration> HOLDS_METRICS_INTERVAL = Setting.interval("sink.holds.metrics.interval",
                    Duration.ofSeconds(10))
            .doc("How often the sink reads the open holds per currency from PostgreSQL for its gauges "
                    + "(payments_holds_open, _open_minor_units, _open_oldest_age_seconds); one indexed query each time.");

    /** The sink's own settings, in the order the reference lists them. */
    public static final List<Setting<?>> SETTINGS = List.of(GROUP_ID, POSTGRES_URL, POSTGRES_USER, POSTGRES_PASSWORD,
            WRITERS, MAX_POLL_RECORDS, RETRY_BACKOFF_MAX, HOLDS_METRICS_INTERVAL);

    public static SinkConfig from(Settings settings) {
        return new SinkConfig(
                CommonSettings.from(settings),
                settings.get(GROUP_ID),
                settings.get(POSTGRES_URL),
                settings.get(POSTGRES_USER),
                settings.get(POSTGRES_PASSWORD),
                settings.get(WRITERS),
                settings.get(MAX_POLL_RECORDS),
                settings.get(RETRY_BACKOFF_MAX),
                settings.get(HOLDS_METRICS_INTERVAL),
                settings.kafkaOverrides());
    }
}
