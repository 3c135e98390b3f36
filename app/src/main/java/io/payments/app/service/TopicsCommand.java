package io.payments.app.service;

import io.payments.app.cli.ServiceCommand;
import io.payments.app.cli.ServiceSettings;
import io.payments.schemas.config.CommonSettings;
import io.payments.schemas.config.Setting;
import io.payments.schemas.config.Settings;
import io.payments.schemas.topics.PaymentTopic;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code payments topics create|describe}. */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = {"Creates the payments topics (idempotent: existing topics are checked, and the processor's inputs "
                + "get message.timestamp.type=LogAppendTime if they lack it) or describes them.",
                "Layout settings: topics.prefix, topics.partitions, topics.replication.factor, topics.min.insync.replicas "
                        + "(docs/configuration.md); bootstrap.servers and any kafka.* admin setting."})
public final class TopicsCommand extends ServiceCommand {

    /** Every setting it reads, for --print-config. */
    public static final List<Setting<?>> SETTINGS = ServiceSettings.declared(CommonSettings.SETTINGS);

    @Parameters(index = "0", description = "create or describe")
    Action action;

    enum Action { create, describe }

    public TopicsCommand() {
        super(SETTINGS);
    }

    @Override
    protected int run(Settings loaded, PrintWriter out) throws Exception {
        CommonSettings common = CommonSettings.from(loaded);
        try (Admin admin = Admin.create(common.clientConfig(loaded.kafkaOverrides()))) {
            if (action == Action.create) {
                common.topics().ensureCreated(admin);
                for (String topic : common.topics().useBrokerTimestamps(admin)) {
                    out.printf("%s: set message.timestamp.type=LogAppendTime (the processor's clock is the broker's)%n", topic);
                }
            }
            Map<PaymentTopic, TopicDescription> descriptions;
            try {
                descriptions = common.topics().describe(admin);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("Cannot describe the payments topics at " + common.bootstrapServers()
                        + " (" + e.getCause().getMessage() + "): is Kafka reachable there, and do the topics exist? "
                        + "`payments topics create` creates them");
            }
            for (PaymentTopic topic : PaymentTopic.values()) {
                TopicDescription description = descriptions.get(topic);
                out.printf("%-34s %3d partitions, replication %d%s%n", description.name(), description.partitions().size(),
                        description.partitions().get(0).replicas().size(), topic.compacted() ? ", compacted" : "");
            }
        }
        return 0;
    }
}
