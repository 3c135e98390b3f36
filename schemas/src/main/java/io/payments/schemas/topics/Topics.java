package io.payments.schemas.topics;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The topic names of one deployment (an optional prefix before every base name, so several
 * pipelines or tests can share a cluster) and their layout. The one place topics are created.
 */
public final class Topics {

    public static final Topics DEFAULT = new Topics("", TopicLayout.LOCAL);

    /** What every message about a changed partition count ends with: the only way to change it. */
    public static final String CHANGING_THE_PARTITION_COUNT = "Changing the partition count means copying payments.commands,"
            + " in order, into new topics with the new count and rebuilding the processor and the projection from them"
            + " (docs/operations.md, \"Changing the partition count\"); never change topics.partitions to match partitions added to"
            + " topics that hold records.";

    private final String prefix;
    private final TopicLayout layout;
    private final Map<PaymentTopic, String> names = new EnumMap<>(PaymentTopic.class);

    public Topics(String prefix, TopicLayout layout) {
        this.prefix = prefix;
        this.layout = layout;
        for (PaymentTopic topic : PaymentTopic.values()) {
            names.put(topic, prefix + topic.baseName());
        }
    }

    public String prefix() {
        return prefix;
    }

    public TopicLayout layout() {
        return layout;
    }

    public String name(PaymentTopic topic) {
        return names.get(topic);
    }

    /**
     * Creates the topics that do not exist yet and checks that existing ones have the layout's
     * partition count, which co-partitioning needs. Safe to call any number of times.
     */
    public void ensureCreated(Admin admin) {
        List<NewTopic> wanted = new ArrayList<>();
        for (PaymentTopic topic : PaymentTopic.values()) {
            wanted.add(new NewTopic(name(topic), layout.partitions(), layout.replicationFactor()).configs(topic.config(layout)));
        }
        checkPartitions(byTopic(createMissing(admin, wanted, "the payments topics")));
    }

    /**
     * Creates topics outside the payments set (a benchmark's peer, say) that do not exist yet,
     * with Kafka's default settings, and returns once every partition of those it created has a
     * leader.
     */
    public static void createOthers(Admin admin, int partitions, List<String> topicNames) {
        createMissing(admin, topicNames.stream().map(name -> new NewTopic(name, partitions, (short) 1)).toList(),
                String.join(", ", topicNames));
    }

    private static Map<String, TopicDescription> createMissing(Admin admin, List<NewTopic> wanted, String what) {
        try {
            Set<String> existing = admin.listTopics().names().get();
            Set<String> created = new HashSet<>();
            for (NewTopic topic : wanted) {
                if (existing.contains(topic.name())) {
                    continue;
                }
                try {
                    admin.createTopics(List.of(topic)).all().get();
                    created.add(topic.name());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            return awaitCreated(admin, wanted.stream().map(NewTopic::name).toList(), created);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not create " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating " + what, e);
        }
    }

    /**
     * Refuses to go on when a topic the processor reads keeps the producers' record timestamps
     * ({@code CreateTime}): a producer could then make a remembered request id look expired, and a
     * retry would move money again. Topics created by this release have {@code LogAppendTime};
     * an older topic needs the one command the message gives (or {@link #useBrokerTimestamps}).
     *
     * @throws IllegalStateException naming each such topic and the command that changes it
     */
    public void requireBrokerTimestamps(Admin admin, String bootstrapServers) throws ExecutionException, InterruptedException {
        List<String> commands = new ArrayList<>();
        for (String topic : keepingProducerTimestamps(admin)) {
            commands.add("kafka-configs.sh --bootstrap-server " + bootstrapServers + " --alter --entity-type topics"
                    + " --entity-name " + topic + " --add-config " + TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG + "=LogAppendTime");
        }
        if (!commands.isEmpty()) {
            throw new IllegalStateException("The processor's input topics must be timestamped by the broker "
                    + "(message.timestamp.type=LogAppendTime), so that no producer sets the clock request ids are "
                    + "remembered by; " + commands.size() + " still keep the producers' timestamps (CreateTime). "
                    + "Change them once (or run `payments topics create`, which does), then start again: "
                    + String.join(" && ", commands));
        }
    }

    /**
     * Sets {@code message.timestamp.type=LogAppendTime} on the processor's input topics that keep
     * the producers' timestamps (topics created before this release), and returns their names.
     * Records already in them keep their timestamps; every new record gets the broker's.
     */
    public List<String> useBrokerTimestamps(Admin admin) throws ExecutionException, InterruptedException {
        List<String> changed = keepingProducerTimestamps(admin);
        Map<ConfigResource, java.util.Collection<AlterConfigOp>> alterations = new HashMap<>();
        for (String topic : changed) {
            alterations.put(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(new AlterConfigOp(
                    new ConfigEntry(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"), AlterConfigOp.OpType.SET)));
        }
        if (!alterations.isEmpty()) {
            admin.incrementalAlterConfigs(alterations).all().get();
        }
        return changed;
    }

    private List<String> keepingProducerTimestamps(Admin admin) throws ExecutionException, InterruptedException {
        List<ConfigResource> resources = new ArrayList<>();
        for (PaymentTopic topic : PaymentTopic.values()) {
            if (topic.brokerTimestamps()) {
                resources.add(new ConfigResource(ConfigResource.Type.TOPIC, name(topic)));
            }
        }
        List<String> topics = new ArrayList<>();
        for (Map.Entry<ConfigResource, Config> entry : admin.describeConfigs(resources).all().get().entrySet()) {
            ConfigEntry type = entry.getValue().get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG);
            if (type == null || !"LogAppendTime".equals(type.value())) {
                topics.add(entry.getKey().name());
            }
        }
        topics.sort(null);
        return topics;
    }

    /**
     * The largest record batch the broker accepts on a topic, in bytes: its {@code max.message.bytes},
     * or the broker's {@code message.max.bytes} when the topic does not set it (describeConfigs
     * returns the effective value either way).
     */
    public int maxMessageBytes(Admin admin, PaymentTopic topic) throws ExecutionException, InterruptedException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name(topic));
        ConfigEntry entry = admin.describeConfigs(List.of(resource)).all().get().get(resource)
                .get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
        return Integer.parseInt(entry.value());
    }

    public Map<PaymentTopic, TopicDescription> describe(Admin admin) throws ExecutionException, InterruptedException {
        return byTopic(admin.describeTopics(names.values()).allTopicNames().get());
    }

    private Map<PaymentTopic, TopicDescription> byTopic(Map<String, TopicDescription> byName) {
        Map<PaymentTopic, TopicDescription> descriptions = new EnumMap<>(PaymentTopic.class);
        names.forEach((topic, name) -> descriptions.put(topic, byName.get(name)));
        return descriptions;
    }

    /**
     * Describes the topics once those just created are ready. A new topic reaches the broker's
     * metadata cache, and its partitions their leaders, shortly after its creation returns; until
     * then clients meet UnknownTopicOrPartition and NotLeaderOrFollower errors, so this waits (at
     * most 30 s) for both. A topic that existed before is not waited for: a partition without a
     * leader there is the cluster's state, which the clients wait out themselves.
     */
    private static Map<String, TopicDescription> awaitCreated(Admin admin, List<String> topicNames, Set<String> created)
            throws ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                Map<String, TopicDescription> descriptions = admin.describeTopics(topicNames).allTopicNames().get();
                boolean led = descriptions.values().stream().filter(description -> created.contains(description.name()))
                        .flatMap(description -> description.partitions().stream())
                        .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty());
                if (led) {
                    return descriptions;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Some partitions of " + created + " still have no leader 30 s after their creation");
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            Thread.sleep(100);
        }
    }

    private void checkPartitions(Map<PaymentTopic, TopicDescription> descriptions) {
        descriptions.forEach((topic, description) -> {
            int partitions = description.partitions().size();
            if (partitions != layout.partitions()) {
                throw new IllegalStateException("Topic " + description.name() + " has " + partitions
                        + " partitions but the pipeline is configured for " + layout.partitions()
                        + " (topics.partitions). Every payments topic has the same count, and it fixes which partition "
                        + "holds each account. If the topics were created with " + partitions + ", set topics.partitions="
                        + partitions + ". If partitions were added to topics that already hold records, the accounts now "
                        + "hash to other partitions than the state that holds them. " + CHANGING_THE_PARTITION_COUNT);
            }
        });
    }
}
