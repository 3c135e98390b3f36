package io.payments.schemas.topics;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The topic names of one deployment (an optional prefix before every base name, so several
 * pipelines or tests can share a cluster) and their layout. The one place topics are created.
 */
public final class Topics {

    public static final Topics DEFAULT = new Topics("", TopicLayout.LOCAL);

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
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (PaymentTopic topic : PaymentTopic.values()) {
                if (!existing.contains(name(topic))) {
                    missing.add(new NewTopic(name(topic), layout.partitions(), layout.replicationFactor())
                            .configs(topic.config(layout)));
                }
            }
            for (NewTopic topic : missing) {
                try {
                    admin.createTopics(List.of(topic)).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            checkPartitions(describeCreated(admin));
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not create the payments topics: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        }
    }

    public Map<PaymentTopic, TopicDescription> describe(Admin admin) throws ExecutionException, InterruptedException {
        Map<String, TopicDescription> byName = admin.describeTopics(names.values()).allTopicNames().get();
        Map<PaymentTopic, TopicDescription> descriptions = new EnumMap<>(PaymentTopic.class);
        names.forEach((topic, name) -> descriptions.put(topic, byName.get(name)));
        return descriptions;
    }

    /** New topics' metadata reaches the broker's cache shortly after creation: wait for it. */
    private Map<PaymentTopic, TopicDescription> describeCreated(Admin admin) throws ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return describe(admin);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private void checkPartitions(Map<PaymentTopic, TopicDescription> descriptions) {
        descriptions.forEach((topic, description) -> {
            int partitions = description.partitions().size();
            if (partitions != layout.partitions()) {
                throw new IllegalStateException("Topic " + description.name() + " has " + partitions
                        + " partitions but the pipeline is configured for " + layout.partitions()
                        + "; all payments topics must have the same count (co-partitioned by account). "
                        + "Set the partitions setting to " + partitions + " or recreate the topics.");
            }
        });
    }
}
