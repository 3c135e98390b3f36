package io.payments.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payments.schemas.topics.PaymentTopic;
import io.payments.schemas.topics.TopicLayout;
import io.payments.schemas.topics.Topics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalRuntimeExtension.class)
class TopicsIT {

    @Test
    void createsEveryTopicOnceWithItsLayoutAndConfig(TestRuntime runtime) throws Exception {
        Topics topics = runtime.topics(new TopicLayout(4, (short) 1, 1));
        try (Admin admin = runtime.admin()) {
            topics.ensureCreated(admin);
            topics.ensureCreated(admin);

            Map<PaymentTopic, TopicDescription> descriptions = topics.describe(admin);
            assertThat(descriptions).hasSize(PaymentTopic.values().length);
            descriptions.values().forEach(d -> assertThat(d.partitions()).hasSize(4));
            assertThat(descriptions.get(PaymentTopic.COMMANDS).name()).isEqualTo(runtime.id() + ".payments.commands");

            Config balances = config(admin, topics.name(PaymentTopic.BALANCES));
            Config ledger = config(admin, topics.name(PaymentTopic.LEDGER_ENTRIES));
            assertThat(balances.get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(ledger.get("cleanup.policy").value()).isEqualTo("delete");
            assertThat(ledger.get("retention.ms").value()).isEqualTo("-1");
            assertThat(ledger.get("min.insync.replicas").value()).isEqualTo("1");
        }
    }

    @Test
    void refusesTopicsWithAnotherPartitionCount(TestRuntime runtime) throws Exception {
        Topics topics = runtime.topics(new TopicLayout(3, (short) 1, 1));
        try (Admin admin = runtime.admin()) {
            admin.createTopics(List.of(new NewTopic(topics.name(PaymentTopic.CREDITS), 2, (short) 1))).all().get();

            assertThatThrownBy(() -> topics.ensureCreated(admin))
                    .hasMessageContaining(topics.name(PaymentTopic.CREDITS) + " has 2 partitions")
                    .hasMessageContaining("configured for 3");
        }
    }

    @Test
    void createsOtherTopicsAndReturnsOnceTheirPartitionsHaveLeaders(TestRuntime runtime) throws Exception {
        List<String> names = List.of(runtime.id() + ".other-a", runtime.id() + ".other-b");
        try (Admin admin = runtime.admin()) {
            Topics.createOthers(admin, 3, names);
            Topics.createOthers(admin, 3, names);

            Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get();
            assertThat(descriptions.values()).allSatisfy(d -> assertThat(d.partitions()).hasSize(3)
                    .allSatisfy(partition -> assertThat(partition.leader()).isNotNull().matches(leader -> !leader.isEmpty())));
        }
    }

    private static Config config(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource);
    }
}
