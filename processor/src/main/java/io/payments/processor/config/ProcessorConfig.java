package io.payments.processor.config;

import io.payments.processor.errors.DeadLetterHandler;
import io.payments.processor.legs.LegKeys;
import io.payments.processor.store.LedgerRocksDbConfig;
import io.payments.processor.topology.LedgerTopology;
import io.payments.schemas.config.CommonSettings;
import io.payments.schemas.config.Settings;
import io.payments.schemas.topics.PaymentTopic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The processor's configuration. Keys (file, {@code PAYMENTS_…} environment, or flags):
 * <ul>
 *   <li>{@code processor.application.id} (payments-processor): the Kafka Streams application id;
 *       instances with the same id share the work.</li>
 *   <li>{@code processor.state.dir} (data/processor): where the RocksDB stores live.</li>
 *   <li>{@code processor.threads} (1), {@code processor.standby.replicas} (0)</li>
 *   <li>{@code processor.commit.interval} (100ms): how often the transaction commits; results
 *       become visible to read_committed readers at commits.</li>
 *   <li>{@code processor.dedup.retention} (7d): how long a request id is remembered.</li>
 *   <li>{@code processor.dedup.sweep.interval} (1s), {@code processor.dedup.sweep.batch} (10000):
 *       how often the expiry sweep runs and the most entries it looks at per task each time.</li>
 *   <li>{@code processor.accounts.cache.size} (100000): accounts per task held in memory in front of the store.</li>
 *   <li>{@code processor.publish.balances} (false): also write every balance change to payments.balances.</li>
 *   <li>{@code processor.leg.secret} (required) and {@code processor.leg.secrets.previous} (none): the key that signs
 *       the legs on payments.credits and the earlier keys still accepted ({@link LegKeys}).</li>
 *   <li>{@code processor.http.host} (127.0.0.1), {@code processor.http.port} (8082; 0 = off): the balance query API.</li>
 *   <li>{@code processor.http.advertised.host} (the http host): the name other instances reach this one by, when
 *       it binds to all interfaces (0.0.0.0) in a container.</li>
 *   <li>{@code processor.http.token} (none; required while the port is on): the bearer token every balance query
 *       must carry, the same on every instance.</li>
 *   <li>{@code processor.retry.backoff.max} (10s): the longest wait between attempts while the schema registry
 *       cannot answer (unreachable, 5xx, 429, 401, 403).</li>
 *   <li>{@code processor.stall.check.interval} (5s), {@code processor.stall.alert.after} (30s): how often the
 *       input partitions are checked for records held back by an open transaction, and how long one may stand
 *       before {@code /health} names it.</li>
 *   <li>plus the common keys ({@link CommonSettings}) and any {@code kafka.*} key for Kafka Streams and its clients.</li>
 * </ul>
 */
public record ProcessorConfig(CommonSettings common, String applicationId, Path stateDir, int threads,
                              int standbyReplicas, Duration commitInterval, LedgerTopology.Options topology,
                              LegKeys legKeys, String httpHost, String httpAdvertisedHost, int httpPort, String httpToken,
                              Duration maxRetryBackoff,
                              Duration stallCheckInterval, Duration stallAlertAfter, Map<String, Object> kafkaOverrides) {

    public static ProcessorConfig from(Settings settings) {
        LedgerTopology.Options defaults = LedgerTopology.Options.DEFAULT;
        return new ProcessorConfig(
                CommonSettings.from(settings),
                settings.string("processor.application.id", "payments-processor"),
                Path.of(settings.string("processor.state.dir", "data/processor")),
                settings.integer("processor.threads", 1, 1, 64),
                settings.integer("processor.standby.replicas", 0, 0, 8),
                settings.duration("processor.commit.interval", Duration.ofMillis(100)),
                new LedgerTopology.Options(
                        settings.duration("processor.dedup.retention", defaults.dedupRetention()),
                        settings.duration("processor.dedup.sweep.interval", defaults.sweepInterval()),
                        settings.integer("processor.dedup.sweep.batch", defaults.sweepBatch(), 1, 10_000_000),
                        settings.bool("processor.publish.balances", defaults.publishBalances()),
                        settings.integer("processor.accounts.cache.size", defaults.accountCacheSize(), 0, 100_000_000),
                        CommonSettings.from(settings).topics().layout().partitions()),
                LegKeys.parse(settings.string(LegKeys.SETTING, ""), settings.string(LegKeys.PREVIOUS_SETTING, "")),
                settings.string("processor.http.host", "127.0.0.1"),
                settings.string("processor.http.advertised.host", settings.string("processor.http.host", "127.0.0.1")),
                settings.integer("processor.http.port", 8082, 0, 65_535),
                settings.string("processor.http.token", ""),
                settings.duration("processor.retry.backoff.max", Duration.ofSeconds(10)),
                settings.duration("processor.stall.check.interval", Duration.ofSeconds(5)),
                settings.duration("processor.stall.alert.after", Duration.ofSeconds(30)),
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
