package io.payments.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payments.processor.config.ProcessorConfig;
import io.payments.schemas.config.Settings;
import io.payments.schemas.topics.PaymentTopic;
import io.payments.schemas.topics.Topics;
import io.payments.testkit.LocalRuntimeExtension;
import io.payments.testkit.TestRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processor will not run where its decisions could be steered or split: on input topics that
 * keep the producers' timestamps, or on topics whose partition count is not the one its state was
 * built with, even when the partitions are added while it runs.
 */
@ExtendWith(LocalRuntimeExtension.class)
class TopicGuardsIT {

    @TempDir
    Path dir;

    @Test
    void itRefusesToStartOnCommandsTimestampedByTheirProducers(TestRuntime runtime) throws Exception {
        Topics topics = runtime.createTopics();
        String commands = topics.name(PaymentTopic.COMMANDS);
        try (Admin admin = runtime.admin()) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, commands), List.of(
                    new AlterConfigOp(new ConfigEntry(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime"),
                            AlterConfigOp.OpType.SET)))).all().get();

            assertThatThrownBy(() -> ProcessorService.start(config(runtime, topics, 6, "a")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("must be timestamped by the broker (message.timestamp.type=LogAppendTime)")
                    .hasMessageContaining("kafka-configs.sh --bootstrap-server " + runtime.bootstrapServers()
                            + " --alter --entity-type topics --entity-name " + commands
                            + " --add-config message.timestamp.type=LogAppendTime");

            assertThat(topics.useBrokerTimestamps(admin)).containsExactly(commands);
        }
        try (ProcessorService processor = ProcessorService.start(config(runtime, topics, 6, "a"))) {
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> processor.state() == KafkaStreams.State.RUNNING);
        }
    }

    @Test
    void itStopsWhenPartitionsAreAddedUnderItAndWillNotRunOnTheNewCount(TestRuntime runtime) throws Exception {
        Topics topics = runtime.createTopics();
        try (ProcessorService processor = ProcessorService.start(config(runtime, topics, 6, "a"));
             Admin admin = runtime.admin()) {
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> processor.state() == KafkaStreams.State.RUNNING);

            admin.createPartitions(Map.of(topics.name(PaymentTopic.COMMANDS), NewPartitions.increaseTo(8),
                    topics.name(PaymentTopic.CREDITS), NewPartitions.increaseTo(8))).all().get();

            CompletableFuture.runAsync(() -> {
                try {
                    processor.awaitStopped();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }).get(2, TimeUnit.MINUTES);
            assertThat(processor.state()).isEqualTo(KafkaStreams.State.ERROR);
            assertThat(innermost(processor.failure())).as("whichever check fired, the operator reads the cause")
                    .contains("has 8 partitions; the processor's state (" + runtime.id() + "-processor-accounts-changelog) was built for 6")
                    .contains("copying payments.commands, in order, into new topics with the new count")
                    .doesNotContain("StreamsResetter");
        }

        assertThatThrownBy(() -> ProcessorService.start(config(runtime, topics, 6, "a")))
                .as("the old count no longer matches the topics")
                .hasMessageContaining("has 8 partitions but the pipeline is configured for 6");
        try (Admin admin = runtime.admin()) {
            Map<String, NewPartitions> outputs = new HashMap<>();
            for (PaymentTopic topic : PaymentTopic.values()) {
                if (!PaymentTopic.PROCESSOR_INPUTS.contains(topic)) {
                    outputs.put(topics.name(topic), NewPartitions.increaseTo(8));
                }
            }
            admin.createPartitions(outputs).all().get();
        }
        try (ProcessorService processor = ProcessorService.start(config(runtime, topics, 8, "a"))) {
            processor.awaitStopped();
            assertThat(processor.state()).as("the state built for 6 refuses 8").isEqualTo(KafkaStreams.State.ERROR);
            assertThat(innermost(processor.failure())).contains("was built for 6").doesNotContain("StreamsResetter");
        }
    }

    private static String innermost(Throwable failure) {
        String message = null;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            message = cause.getMessage() == null ? message : cause.getMessage();
        }
        return message;
    }

    private ProcessorConfig config(TestRuntime runtime, Topics topics, int partitions, String instance) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "bootstrap.servers", runtime.bootstrapServers(),
                "schema.registry.url", runtime.registryUrl(),
                "topics.prefix", topics.prefix(),
                "topics.partitions", Integer.toString(partitions),
                "processor.application.id", runtime.id() + "-processor",
                "processor.state.dir", dir.resolve(instance).toString(),
                "processor.http.port", "0",
                // New partitions are seen at the next metadata refresh: make it come soon. A client that
                // stopped on an error leaves its member behind until the session times out.
                "kafka.metadata.max.age.ms", "500",
                "kafka.session.timeout.ms", "6000"));
        settings.putAll(runtime.processorSecrets());
        return ProcessorConfig.from(Settings.of(settings));
    }
}
