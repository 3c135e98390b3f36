package io.payments.local;

import io.payments.processor.config.ProcessorConfig;
import io.payments.producer.client.TransferClient;
import io.payments.runtime.LocalRuntime;
import io.payments.schemas.config.CommonSettings;
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
        return new PipelineSettings(Map.of("bootstrap.servers", bootstrapServers, "schema.registry.url", registryUrl));
    }

    /**
     * A pipeline on a local runtime: its broker, registry, PostgreSQL (the default database) and
     * the processor secrets kept in its data directory; the balance API on no port.
     */
    public static PipelineSettings on(LocalRuntime runtime) {
        return on(runtime.bootstrapServers(), runtime.registryUrl())
                .postgres(runtime.postgres().jdbcUrl(), runtime.postgres().user(), runtime.postgres().password())
                .with(runtime.processorSecrets())
                .with("processor.http.port", "0");
    }

    public PipelineSettings postgres(String jdbcUrl, String user, String password) {
        return with(Map.of("sink.postgres.url", jdbcUrl, "sink.postgres.user", user, "sink.postgres.password", password));
    }

    /** Topic names prefixed (e.g. {@code run7.}; empty for the standard names), and their partition count. */
    public PipelineSettings topics(String prefix, int partitions) {
        return with(Map.of("topics.prefix", prefix, "topics.partitions", Integer.toString(partitions)));
    }

    /** The processor's application id (its group, changelogs and transactional ids) and its state directory. */
    public PipelineSettings processor(String applicationId, Path stateDir) {
        return with(Map.of("processor.application.id", applicationId, "processor.state.dir", stateDir.toString()));
    }

    public PipelineSettings sinkGroup(String groupId) {
        return with("sink.group.id", groupId);
    }

    public PipelineSettings with(String key, String value) {
        return with(Map.of(key, value));
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
        return TransferClient.Config.from(with("client.follow.results", Boolean.toString(followResults)).settings());
    }
}
