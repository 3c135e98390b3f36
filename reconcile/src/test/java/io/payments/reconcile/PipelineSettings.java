package io.payments.reconcile;

import io.payments.schemas.topics.Topics;
import io.payments.testkit.TestRuntime;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The settings of a whole pipeline on a test runtime: what every service shares, and the processor's own on top. */
final class PipelineSettings {

    private PipelineSettings() {
    }

    /** Broker, registry, topics, a fresh database, the sink's group and the reconciliation's work dir. */
    static Map<String, String> shared(TestRuntime runtime, Topics topics, Path reconcileDir) {
        return new HashMap<>(Map.of(
                "bootstrap.servers", runtime.bootstrapServers(),
                "schema.registry.url", runtime.registryUrl(),
                "topics.prefix", topics.prefix(),
                "sink.postgres.url", runtime.createDatabase(),
                "sink.postgres.user", runtime.postgres().user(),
                "sink.postgres.password", runtime.postgres().password(),
                "sink.group.id", runtime.id() + "-sink",
                "reconcile.pending.grace", "0s",
                "reconcile.work.dir", reconcileDir.toString()));
    }

    /** {@code shared} and the processor's application id, state dir, secrets and an ephemeral balance API port. */
    static Map<String, String> processor(Map<String, String> shared, TestRuntime runtime, Path stateDir) {
        Map<String, String> settings = new HashMap<>(shared);
        settings.putAll(runtime.processorSecrets());
        settings.putAll(Map.of("processor.application.id", runtime.id() + "-processor",
                "processor.state.dir", stateDir.toString(), "processor.http.port", "0"));
        return settings;
    }
}
