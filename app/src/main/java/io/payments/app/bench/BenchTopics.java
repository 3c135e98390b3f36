package io.payments.app.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/** Topics that only a benchmark's peer uses. */
final class BenchTopics {

    private BenchTopics() {
    }

    static void create(String bootstrapServers, int partitions, String... names) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(java.util.Arrays.stream(names)
                    .map(name -> new NewTopic(name, partitions, (short) 1)).toList()).all().get();
            // Wait until every partition has a leader: producing sooner meets NotLeaderOrFollower errors.
            while (admin.describeTopics(List.of(names)).allTopicNames().get().values().stream()
                    .flatMap(description -> description.partitions().stream())
                    .anyMatch(partition -> partition.leader() == null || partition.leader().isEmpty())) {
                Thread.sleep(100);
            }
        }
    }
}
