package io.payments.reconcile;

import io.payments.local.PipelineSettings;
import io.payments.schemas.topics.Topics;
import io.payments.testkit.TestRuntime;
import java.nio.file.Path;
import java.util.Map;

/** The settings of a whole pipeline on a test runtime: its topics, a fresh database, the test's own ids and directories. */
final class TestPipelines {

    private TestPipelines() {
    }

    static PipelineSettings on(TestRuntime runtime, Topics topics, Path dir) {
        return PipelineSettings.on(runtime.bootstrapServers(), runtime.registryUrl())
                .topics(topics.prefix(), topics.layout().partitions())
                .postgres(runtime.createDatabase(), runtime.postgres().user(), runtime.postgres().password())
                .sinkGroup(runtime.id() + "-sink")
                .processor(runtime.id() + "-processor", dir.resolve("processor"))
                .with(runtime.processorSecrets())
                .with(Map.of("processor.http.port", "0", "reconcile.pending.grace", "0s",
                        "reconcile.work.dir", dir.resolve("reconcile").toString()));
    }
}
