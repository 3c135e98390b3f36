package io.payments.reconcile.config;

import io.payments.schemas.config.Setting;
import io.payments.schemas.config.Settings;
import io.payments.sink.config.SinkConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Configuration of {@code payments reconcile}. It reads what the sink reads and the database it
 * writes, so the sink's settings apply ({@link SinkConfig}: {@code sink.postgres.*}, the common
 * ones, {@code kafka.*}) and one properties file serves both; its own are below.
 */
public record ReconcileConfig(SinkConfig sink, boolean checkPostgres, Duration pendingGrace, int examples, Path workDir) {

    public static final Setting<Boolean> CHECK_POSTGRES = Setting.bool("reconcile.postgres", true)
            .doc("Also compare PostgreSQL with the log (check 5).");
    public static final Setting<Duration> PENDING_GRACE = Setting.duration("reconcile.pending.grace",
                    Duration.ofSeconds(60))
            .doc("A request newer than this at the snapshot may still be waiting for its result; an older one "
                    + "without a result is a violation. 0s when the pipeline is idle.");
    public static final Setting<Integer> EXAMPLES = Setting.integer("reconcile.examples", 10, 0, 10_000)
            .doc("Examples kept and printed per kind of violation.");
    public static final Setting<String> WORK_DIR = Setting.optionalString("reconcile.work.dir",
                    "the system temporary directory")
            .doc("Where facts are spilled to disk (a temporary RocksDB).");

    /** Reconcile's own settings, in the order the reference lists them. */
    public static final List<Setting<?>> SETTINGS = List.of(CHECK_POSTGRES, PENDING_GRACE, EXAMPLES, WORK_DIR);

    public static ReconcileConfig from(Settings settings) {
        String workDir = settings.get(WORK_DIR);
        return new ReconcileConfig(
                SinkConfig.from(settings),
                settings.get(CHECK_POSTGRES),
                settings.get(PENDING_GRACE),
                settings.get(EXAMPLES),
                Path.of(workDir == null ? System.getProperty("java.io.tmpdir") : workDir));
    }
}
