package io.payments.processor.config;

import io.payments.processor.errors.DeadLetterHandler;
import io.payments.processor.legs.LegKeys;
import io.payments.processor.store.LedgerRocksDbConfig;
import io.payments.processor.topology.LedgerTopology;
import io.payments.schemas.config.CommonSettings;
import io.payments.schemas.config.Setting;
import io.payments.schemas.config.Settings;
import io.payments.schemas.topics.PaymentTopic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The processor's configuration: its own settings below (each declared once; docs/configuration.md
 * is generated from them), the common ones ({@link CommonSettings}), and any {@code kafka.*} key
 * for Kafka Streams and its clients.
 */
public record ProcessorConfig(CommonSettings common, String applicationId, Path stateDir, int threads,
                              int standbyReplicas, Duration commitInterval, LedgerTopology.Options topology,
                              LegKeys legKeys, String httpHost, String httpAdvertisedHost, int httpPort, String httpToken,
                              Duration maxRetryBackoff,
                              Duration stallCheckInterval, Duration stallAlertAfter, Map<String, Object> kafkaOverrides) {

    private static final LedgerTopology.Options DEFAULTS = LedgerTopology.Options.DEFAULT;

    public static final Setting<String> APPLICATION_ID = Setting.string("processor.application.id", "payments-processor")
            .doc("The Kafka Streams application id: instances with the same id share the partitions.");
    public static final Setting<String> STATE_DIR = Setting.string("processor.state.dir", "data/processor")
            .doc("Where the RocksDB stores live.");
    public static final Setting<Integer> THREADS = Setting.integer("processor.threads", 1, 1, 64)
            .doc("Stream threads.");
    public static final Setting<Integer> STANDBY_REPLICAS = Setting.integer("processor.standby.replicas", 0, 0, 8)
            .doc("Warm copies of each task's stores on other instances.");
    public static final Setting<Duration> COMMIT_INTERVAL = Setting.duration("processor.commit.interval",
                    Duration.ofMillis(100))
            .doc("How often the transaction commits: results become visible to `read_committed` readers at commits.");
    public static final Setting<Duration> DEDUP_RETENTION = Setting.duration("processor.dedup.retention",
                    DEFAULTS.dedupRetention())
            .doc("How long a request id is remembered, on the broker's clock (the LogAppendTime of the commands).");
    public static final Setting<Duration> DEDUP_SWEEP_INTERVAL = Setting.interval("processor.dedup.sweep.interval",
                    DEFAULTS.sweepInterval())
            .doc("How often the sweep that deletes expired ids runs. It passes over the store eight times per kept "
                    + "period of broker time (the retention plus its grace), so an id is gone within a quarter period "
                    + "after it expires and a task holds at most 1.25 periods' worth, as long as the batch keeps up with "
                    + "that pace; while no command arrives it sweeps nothing.");
    public static final Setting<Integer> DEDUP_SWEEP_BATCH = Setting.integer("processor.dedup.sweep.batch",
                    DEFAULTS.sweepBatch(), 1, 10_000_000)
            .doc("The most ids the sweep looks at per task each time.");
    public static final Setting<Duration> HOLD_EXPIRY_INTERVAL = Setting.interval("processor.hold.expiry.interval",
                    DEFAULTS.holdExpiryInterval())
            .doc("How often each task looks for open holds whose deadline has come, on the wall clock, and writes "
                    + "their expiry records; a hold expires at most about this long after its deadline (a post or void "
                    + "after the deadline is refused all the same).");
    public static final Setting<Boolean> PUBLISH_BALANCES = Setting.bool("processor.publish.balances",
                    DEFAULTS.publishBalances())
            .doc("Also write every balance change to `payments.balances`.");
    public static final Setting<Integer> ACCOUNTS_CACHE_SIZE = Setting.integer("processor.accounts.cache.size",
                    DEFAULTS.accountCacheSize(), 0, 100_000_000)
            .doc("Accounts per task held in memory in front of RocksDB (0 = off); the store stays the source of truth.");
    public static final Setting<String> HTTP_HOST = Setting.string("processor.http.host", "127.0.0.1")
            .doc("Where the balance query API listens (`0.0.0.0` in a container).");
    public static final Setting<String> HTTP_ADVERTISED_HOST = Setting.optionalString("processor.http.advertised.host",
                    "the http host")
            .doc("The name other instances reach this one by, when the API binds to all interfaces (`0.0.0.0`).");
    public static final Setting<Integer> HTTP_PORT = Setting.integer("processor.http.port", 8082, 0, 65_535)
            .doc("The balance query API's port; 0 turns it off.");
    public static final Setting<String> HTTP_TOKEN = Setting.secret("processor.http.token")
            .describeDefault("none (required while the API is on)")
            .doc("The bearer token every balance query must carry, at least 16 characters, the same on every instance.");
    public static final Setting<Duration> RETRY_BACKOFF_MAX = Setting.duration("processor.retry.backoff.max",
                    Duration.ofSeconds(10))
            .doc("The longest wait between attempts while the schema registry cannot answer "
                    + "(unreachable, 5xx, 429, 401, 403).");
    public static final Setting<Duration> STALL_CHECK_INTERVAL = Setting.interval("processor.stall.check.interval",
                    Duration.ofSeconds(5))
            .doc("How often the input partitions are checked for records held back by an open transaction.");
    public static final Setting<Duration> STALL_ALERT_AFTER = Setting.duration("processor.stall.alert.after",
                    Duration.ofSeconds(30))
            .doc("How long such a record may stand before `/health` names it.");

    /** The processor's own settings, in the order the reference lists them. */
    public static final List<Setting<?>> SETTINGS = List.of(APPLICATION_ID, STATE_DIR, THREADS, STANDBY_REPLICAS,
            COMMIT_INTERVAL, DEDUP_RETENTION, DEDUP_SWEEP_INTERVAL, DEDUP_SWEEP_BATCH, HOLD_EXPIRY_INTERVAL, PUBLISH_BALANCES,
            ACCOUNTS_CACHE_SIZE, LegKeys.SECRET, LegKeys.PREVIOUS_SECRETS, HTTP_HOST, HTTP_ADVERTISED_HOST, HTTP_PORT,
            HTTP_TOKEN, RETRY_BACKOFF_MAX, STALL_CHECK_INTERVAL, STALL_ALERT_AFTER);

    public static ProcessorConfig from(Settings settings) {
        CommonSettings common = CommonSettings.from(settings);
        String httpHost = settings.get(HTTP_HOST);
        String advertisedHost = settings.get(HTTP_ADVERTISED_HOST);
        return new ProcessorConfig(
                common,
                settings.get(APPLICATION_ID),
                Path.of(settings.get(STATE_DIR)),
                settings.get(THREADS),
                settings.get(STANDBY_REPLICAS),
                settings.get(COMMIT_INTERVAL),
                new LedgerTopology.Options(
                        settings.get(DEDUP_RETENTION),
                        settings.get(DEDUP_SWEEP_INTERVAL),
                        settings.get(DEDUP_SWEEP_BATCH),
                        settings.get(PUBLISH_BALANCES),
                        settings.get(ACCOUNTS_CACHE_SIZE),
                        common.topics().layout().partitions(),
                        settings.get(HOLD_EXPIRY_INTERVAL)),
                LegKeys.parse(settings.get(LegKeys.SECRET), settings.get(LegKeys.PREVIOUS_SECRETS)),
                httpHost,
                advertisedHost == null ? httpHost : advertisedHost,
                settings.get(HTTP_PORT),
                settings.get(HTTP_TOKEN),
                settings.get(RETRY_BACKOFF_MAX),
                settings.get(STALL_CHECK_INTERVAL),
                settings.get(STALL_ALERT_AFTER),
                settings.kafkaOverrides());
    }

    /** Kafka Streams' configuration: exactly-once v2, dead letters, then any kafka.* override. */
    public Properties streamsProperties() {
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, common.bootstrapServers());
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        properties.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        properties.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbyReplicas);
        properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
        // Process whatever is fetched without waiting for every input partition of a task. How a
        // task's commands and credits interleave is timing on any cluster (it decides only which
        // of two racing transfers sees the funds first), and the wait's bookkeeping showed in profiles.
        properties.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        // Each transfer writes four records and two changelog entries: larger producer batches
        // mean fewer requests per commit.
        properties.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 128 * 1024);
        properties.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, LedgerRocksDbConfig.class.getName());
        properties.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
        properties.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
        properties.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        properties.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
        properties.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG,
                common.topics().name(PaymentTopic.DEAD_LETTERS));
        if (httpPort > 0) {
            properties.put(StreamsConfig.APPLICATION_SERVER_CONFIG, httpAdvertisedHost + ":" + httpPort);
        }
        properties.putAll(kafkaOverrides);
        return properties;
    }
}
