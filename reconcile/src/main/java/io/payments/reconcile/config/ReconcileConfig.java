package io.payments.reconcile.config;

import io.payments.schemas.config.Settings;
import io.payments.sink.config.SinkConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Configuration of {@code payments reconcile} and {@code payments rebuild}. They read what the
 * sink reads and the database it writes, so the sink's keys apply ({@code sink.postgres.url},
 * {@code .user}, {@code .password}, the common keys, {@code kafka.*}) and one properties file
 * serves all three. Own keys:
 * <ul>
 *   <li>{@code reconcile.postgres} (true): also compare PostgreSQL with the log (check 5).</li>
 *   <li>{@code reconcile.pending.grace} (60s): a request newer than this at the snapshot may still be
 *       waiting for its result; an older one without a result is a violation.</li>
 *   <li>{@code reconcile.examples} (10): examples kept and printed per violation kind.</li>
 *   <li>{@code reconcile.work.dir} (the system temporary directory): where facts are spilled to disk.</li>
 * </ul>
 */
public record ReconcileConfig(SinkConfig sink, boolean checkPostgres, Duration pendingGrace, int examples, Path workDir) {

    public static ReconcileConfig from(Settings settings) {
        return new ReconcileConfig(
                SinkConfig.from(settings),
                settings.bool("reconcile.postgres", true),
                settings.duration("reconcile.pending.grace", Duration.ofSeconds(60)),
                settings.integer("reconcile.examples", 10, 0, 10_000),
                Path.of(settings.string("reconcile.work.dir", System.getProperty("java.io.tmpdir"))));
    }
}
