package io.payments.sink.config;

import io.payments.schemas.config.CommonSettings;
import io.payments.schemas.config.Settings;
import java.time.Duration;
import java.util.Map;

/**
 * The sink's configuration. Keys (file, {@code PAYMENTS_…} environment, or flags):
 * <ul>
 *   <li>{@code sink.group.id} (payments-sink): instances with the same group share the partitions.</li>
 *   <li>{@code sink.postgres.url} (jdbc:postgresql://127.0.0.1:15432/payments), {@code sink.postgres.user}
 *       (postgres), {@code sink.postgres.password} (empty).</li>
 *   <li>{@code sink.writers} (2): partitions are written on this many connections in parallel, each
 *       partition always on the same one, each in its own transaction with its offsets.</li>
 *   <li>{@code sink.max.poll.records} (5000): the largest batch.</li>
 *   <li>{@code sink.retry.backoff.max} (10s): longest wait between attempts while PostgreSQL is unreachable.</li>
 *   <li>plus the common keys ({@link CommonSettings}) and any {@code kafka.*} key for the consumer.</li>
 * </ul>
 */
public record SinkConfig(CommonSettings common, String groupId, String postgresUrl, String postgresUser,
                         String postgresPassword, int writers, int maxPollRecords, Duration maxBackoff,
                         Map<String, Object> kafkaOverrides) {

    public static SinkConfig from(Settings settings) {
        return new SinkConfig(
                CommonSettings.from(settings),
                settings.string("sink.group.id", "payments-sink"),
                settings.string("sink.postgres.url", "jdbc:postgresql://127.0.0.1:15432/payments"),
                settings.string("sink.postgres.user", "postgres"),
                settings.string("sink.postgres.password", ""),
                settings.integer("sink.writers", 2, 1, 64),
                settings.integer("sink.max.poll.records", 5000, 1, 1_000_000),
                settings.duration("sink.retry.backoff.max", Duration.ofSeconds(10)),
                settings.kafkaOverrides());
    }
}
