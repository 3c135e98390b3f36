package io.payments.local;

import io.payments.processor.config.ProcessorConfig;
import io.payments.producer.client.TransferClient;
import io.payments.runtime.LocalRuntime;
import io.payments.schemas.config.CommonSettings;
import io.payments.schemas.config.Setting;
import io.payments.schemas.config.Settings;
import io.payments.schemas.topics.Topics;
import io.payments.sink.config.SinkConfig;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The settings of one pipeline, every service's from one place: the broker and registry, the
 * topics, PostgreSQL, the processor's identity, state and secrets. Immutable; each method returns
 * a copy with more set. The keys are the services' own (docs/configuration.md), so what
 * is built here is what a properties file would say.
 */
public final class PipelineSettings {

    private final Map<String, String> values;

    private PipelineSettings(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /** A pipeline on a broker and a registry, with the services' defaults for everything else. */
    public static PipelineSettings on(String bootstrapServers, String registryUrl) {
        return new PipelineSettings(Map.of()).with(CommonSettings.BOOTSTRAP_SERVERS, bootstrapServers)
                .with(CommonSettings.SCHEMA_REGISTRY_URL, registryUrl);
    }

    /**
     * A pipeline on a local runtime: its broker, registry, PostgreSQL (the default database) and
     * the processor secrets kept in its data directory; the balance API on no port.
     */
    public static PipelineSettings on(LocalRuntime runtime) {
        return on(runtime.bootstrapServers(), runtime.registryUrl())
                .postgres(runtime.postgres().jdbcUrl(), runtime.postgres().user(), runtime.postgres().password())
                .with(runtime.processorSecrets())
                .with(ProcessorConfig.HTTP_PORT, 0);
    }

    public PipelineSettings postgres(String jdbcUrl, String user, String password) {
        return with(SinkConfig.POSTGRES_URL, jdbcUrl).with(SinkConfig.POSTGRES_USER, user).with(SinkConfig.POSTGRES_PASSWORD, password);
    }

    /** Topic names prefixed (e.g. {@code run7.}; empty for the standard names), and their partition count. */
    public PipelineSettings topics(String prefix, int partitions) {
        return with(CommonSettings.TOPICS_PREFIX, prefix).with(CommonSettings.TOPICS_PARTITIONS, partitions);
    }

    /** The processor's application id (its group, changelogs and transactional ids) and its state directory. */
    public PipelineSettings processor(String applicationId, Path stateDir) {
        return with(ProcessorConfig.APPLICATION_ID, applicationId).with(ProcessorConfig.STATE_DIR, stateDir);
    }

    public PipelineSettings sinkGroup(String groupId) {
        return with(SinkConfig.GROUP_ID, groupId);
    }

    public PipelineSettings with(String key, String value) {
        return with(Map.of(key, value));
    }

    /** A declared setting, written as a properties file would hold it. */
    public PipelineSettings with(Setting<?> setting, Object value) {
        return with(setting.key(), value.toString());
    }

    public PipelineSettings with(Map<String, String> more) {
        Map<String, String> copy = new TreeMap<>(values);
        copy.putAll(more);
        return new PipelineSettings(copy);
    }

    /** The settings as a properties file of any service would hold them. */
    public Map<String, String> asMap() {
        return values;
    }

    public Settings settings() {
        return Settings.of(values);
    }

    public Topics topics() {
        return CommonSettings.from(settings()).topics();
    }

    public ProcessorConfig processorConfig() {
        return ProcessorConfig.from(settings());
    }

    public SinkConfig sinkConfig() {
        return SinkConfig.from(settings());
    }

    /** A client that waits for each transfer's outcome, or one that only sends (a load generator's). */
    public TransferClient.Config clientConfig(boolean followResults) {
        return TransferClient.Config.from(with(TransferClient.Config.FOLLOW_RESULTS, followResults).settings());
    }
}
