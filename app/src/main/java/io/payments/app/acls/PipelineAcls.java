package io.payments.app.acls;

import io.payments.processor.config.ProcessorConfig;
import io.payments.schemas.config.CommonSettings;
import io.payments.schemas.config.Setting;
import io.payments.schemas.config.Settings;
import io.payments.schemas.topics.PaymentTopic;
import io.payments.schemas.topics.Topics;
import io.payments.sink.config.SinkConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may do what on the pipeline's Kafka resources, one principal per service (KRaft's
 * StandardAuthorizer allows nothing that is not granted): upstreams write commands and read
 * results; only the processor writes the internal topics (credits, ledger entries, results,
 * balances, dead letters) and owns its consumer group, transactional ids and changelogs; the sink
 * reads entries and results with its group; reconcile and rebuild read. The one definition the
 * {@code payments acls} command, the compose stack and the tests use.
 *
 * <p>The ACLs are per topic, not per account: an upstream principal may send commands for any
 * account and reads every upstream's results. Which accounts a caller may debit is the upstream
 * services' to decide before they publish.
 *
 * @param upstream  principal of the upstream services (and TransferClient), e.g. {@code User:upstream}
 * @param processor principal of every processor instance
 * @param sink      principal of every sink instance
 * @param reader    principal of {@code payments reconcile} and {@code payments rebuild}
 */
public record PipelineAcls(Topics topics, String upstream, String processor, String sink, String reader,
                           String processorApplicationId, String sinkGroupId) {

    public static final Setting<String> UPSTREAM = Setting.string("acls.upstream.principal", "User:upstream")
            .doc("The principal of the upstream services (and `TransferClient`): write commands, read results.");
    public static final Setting<String> PROCESSOR = Setting.string("acls.processor.principal", "User:processor")
            .doc("The principal of every processor instance.");
    public static final Setting<String> SINK = Setting.string("acls.sink.principal", "User:sink")
            .doc("The principal of every sink instance.");
    public static final Setting<String> READER = Setting.string("acls.reader.principal", "User:reader")
            .doc("The principal of `payments reconcile` and `payments rebuild`.");

    /** The principals, in the order the reference lists them; the resources' names are the other services' settings. */
    public static final List<Setting<?>> SETTINGS = List.of(UPSTREAM, PROCESSOR, SINK, READER);

    /** From the settings: the principals, the topics, the processor's application id and the sink's group. */
    public static PipelineAcls from(Settings settings) {
        return new PipelineAcls(CommonSettings.from(settings).topics(),
                settings.get(UPSTREAM),
                settings.get(PROCESSOR),
                settings.get(SINK),
                settings.get(READER),
                settings.get(ProcessorConfig.APPLICATION_ID),
                settings.get(SinkConfig.GROUP_ID));
    }

    public List<AclBinding> bindings() {
        List<AclBinding> acls = new ArrayList<>();
        topic(acls, upstream, PaymentTopic.COMMANDS, AclOperation.WRITE, AclOperation.DESCRIBE);
        topic(acls, upstream, PaymentTopic.TRANSFER_RESULTS, AclOperation.READ, AclOperation.DESCRIBE);

        for (PaymentTopic input : PaymentTopic.PROCESSOR_INPUTS) {
            topic(acls, processor, input, AclOperation.READ, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS);
        }
        for (PaymentTopic output : List.of(PaymentTopic.CREDITS, PaymentTopic.LEDGER_ENTRIES, PaymentTopic.TRANSFER_RESULTS,
                PaymentTopic.BALANCES)) {
            topic(acls, processor, output, AclOperation.WRITE, AclOperation.DESCRIBE);
        }
        // It reads the dead-letter topic's max.message.bytes at start, to cut dead letters to fit.
        topic(acls, processor, PaymentTopic.DEAD_LETTERS, AclOperation.WRITE, AclOperation.DESCRIBE,
                AclOperation.DESCRIBE_CONFIGS);
        // Kafka Streams names its changelogs, transactional ids and group after the application id.
        add(acls, processor, ResourceType.TOPIC, processorApplicationId + "-", PatternType.PREFIXED, AclOperation.ALL);
        add(acls, processor, ResourceType.TRANSACTIONAL_ID, processorApplicationId + "-", PatternType.PREFIXED,
                AclOperation.WRITE, AclOperation.DESCRIBE);
        add(acls, processor, ResourceType.GROUP, processorApplicationId, PatternType.LITERAL, AclOperation.READ,
                AclOperation.DESCRIBE);

        for (PaymentTopic read : List.of(PaymentTopic.LEDGER_ENTRIES, PaymentTopic.TRANSFER_RESULTS)) {
            topic(acls, sink, read, AclOperation.READ, AclOperation.DESCRIBE);
        }
        add(acls, sink, ResourceType.GROUP, sinkGroupId, PatternType.LITERAL, AclOperation.READ);

        for (PaymentTopic any : PaymentTopic.values()) {
            topic(acls, reader, any, AclOperation.READ, AclOperation.DESCRIBE);
        }
        // payments rebuild replays through the sink's code under a group of its own, named after the sink's.
        add(acls, reader, ResourceType.GROUP, sinkGroupId + "-", PatternType.PREFIXED, AclOperation.READ);
        return acls;
    }

    private void topic(List<AclBinding> acls, String principal, PaymentTopic topic, AclOperation... operations) {
        add(acls, principal, ResourceType.TOPIC, topics.name(topic), PatternType.LITERAL, operations);
    }

    private static void add(List<AclBinding> acls, String principal, ResourceType type, String name, PatternType pattern,
                            AclOperation... operations) {
        for (AclOperation operation : operations) {
            acls.add(new AclBinding(new ResourcePattern(type, name, pattern),
                    new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)));
        }
    }
}
