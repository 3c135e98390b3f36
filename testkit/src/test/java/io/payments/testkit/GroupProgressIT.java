package io.payments.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.payments.schemas.topics.GroupProgress;
import io.payments.schemas.topics.PaymentTopic;
import io.payments.schemas.topics.TopicLayout;
import io.payments.schemas.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalRuntimeExtension.class)
class GroupProgressIT {

    @Test
    void whileAnOffsetCommitIsPendingTheGroupIsBehindByWhatItLastCommitted(TestRuntime runtime) throws Exception {
        Topics topics = runtime.topics(new TopicLayout(1, (short) 1, 1));
        List<PaymentTopic> inputs = List.of(PaymentTopic.COMMANDS);
        String group = runtime.id() + "-group";
        TopicPartition partition = new TopicPartition(topics.name(PaymentTopic.COMMANDS), 0);
        try (Admin admin = runtime.admin();
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers(),
                     ProducerConfig.TRANSACTIONAL_ID_CONFIG, runtime.id() + "-txn"),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            topics.ensureCreated(admin);
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(partition.topic(), 0, null, new byte[] {1}));
            }
            producer.commitTransaction();
            // Ten records and a commit marker; the marker is written after the commit returns.
            await().atMost(Duration.ofSeconds(30)).until(() -> committedEnd(admin, partition) == 11);
            assertThat(GroupProgress.lag(admin, group, topics, inputs)).as("never committed: counts from 0").isEqualTo(11);

            commitOffset(producer, partition, group, 5);
            await().atMost(Duration.ofSeconds(30)).until(() -> GroupProgress.lag(admin, group, topics, inputs) == 6);

            producer.beginTransaction();
            producer.sendOffsetsToTransaction(Map.of(partition, new OffsetAndMetadata(11)), new ConsumerGroupMetadata(group));
            assertThat(GroupProgress.caughtUp(admin, group, topics, inputs)).as("commit to 11 pending").isFalse();
            assertThat(GroupProgress.lag(admin, group, topics, inputs)).as("commit to 11 pending").isEqualTo(6);

            producer.commitTransaction();
            await("commit to 11 done").atMost(Duration.ofSeconds(30))
                    .until(() -> GroupProgress.caughtUp(admin, group, topics, inputs));
            assertThat(GroupProgress.lag(admin, group, topics, inputs)).isZero();
        }
    }

    private static long committedEnd(Admin admin, TopicPartition partition) throws Exception {
        return admin.listOffsets(Map.of(partition, OffsetSpec.latest()),
                new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get().get(partition).offset();
    }

    private static void commitOffset(KafkaProducer<byte[], byte[]> producer, TopicPartition partition, String group,
                                     long offset) {
        producer.beginTransaction();
        producer.sendOffsetsToTransaction(Map.of(partition, new OffsetAndMetadata(offset)), new ConsumerGroupMetadata(group));
        producer.commitTransaction();
    }
}
