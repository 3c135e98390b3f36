package io.payments.app.config;

import io.payments.app.acls.AclsCommand;
import io.payments.app.acls.PipelineAcls;
import io.payments.app.metrics.MetricsSettings;
import io.payments.app.produce.ProduceCommand;
import io.payments.app.reconcile.RebuildCommand;
import io.payments.app.reconcile.ReconcileCommand;
import io.payments.app.service.ProcessorCommand;
import io.payments.app.service.SinkCommand;
import io.payments.app.service.SinkMigrateCommand;
import io.payments.app.service.SinkSkipCommand;
import io.payments.app.service.TopicsCommand;
import io.payments.processor.config.ProcessorConfig;
import io.payments.producer.client.TransferClient;
import io.payments.reconcile.config.ReconcileConfig;
import io.payments.schemas.config.CommonSettings;
import io.payments.schemas.config.Setting;
import io.payments.schemas.config.Settings;
import io.payments.sink.config.SinkConfig;
import java.util.List;
import java.util.function.Consumer;

/** Each service command: the settings it declares for --print-config, and how it loads its configuration. */
enum CommandSettings {
    PROCESSOR(ProcessorCommand.SETTINGS, settings -> {
        ProcessorConfig.from(settings);
        MetricsSettings.from(settings, MetricsSettings.PROCESSOR_PORT);
    }),
    SINK(SinkCommand.SETTINGS, settings -> {
        SinkConfig.from(settings);
        MetricsSettings.from(settings, MetricsSettings.SINK_PORT);
    }),
    SINK_MIGRATE(SinkMigrateCommand.SETTINGS, SinkConfig::from),
    SINK_SKIP(SinkSkipCommand.SETTINGS, SinkConfig::from),
    PRODUCE(ProduceCommand.SETTINGS, settings -> {
        TransferClient.Config.from(settings);
        MetricsSettings.from(settings, MetricsSettings.PRODUCER_PORT);
    }),
    TOPICS(TopicsCommand.SETTINGS, settings -> {
        CommonSettings.from(settings);
        settings.kafkaOverrides();
    }),
    ACLS(AclsCommand.SETTINGS, settings -> {
        PipelineAcls.from(settings);
        settings.kafkaOverrides();
    }),
    RECONCILE(ReconcileCommand.SETTINGS, ReconcileConfig::from),
    REBUILD(RebuildCommand.SETTINGS, SinkConfig::from);

    private final List<Setting<?>> declared;
    private final Consumer<Settings> load;

    CommandSettings(List<Setting<?>> declared, Consumer<Settings> load) {
        this.declared = declared;
        this.load = load;
    }

    List<Setting<?>> declared() {
        return declared;
    }

    /** Reads the configuration as the command does, so that the settings record what was read. */
    void load(Settings settings) {
        load.accept(settings);
    }
}
