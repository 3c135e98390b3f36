package io.payments.sink.postgres;

import io.payments.schemas.topics.GroupProgress;
import io.payments.schemas.topics.PaymentTopic;
import io.payments.schemas.topics.Topics;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether PostgreSQL holds everything committed so far: the offsets stored with the rows reach
 * the committed end (last stable offset) of every partition the sink reads. Offsets count
 * transaction markers, so "caught up" is stored ≥ end, not a count of records.
 */
public final class CatchUp {

    private CatchUp() {
    }

    public static boolean caughtUp(Connection connection, Admin admin, Topics topics)
            throws SQLException, ExecutionException, InterruptedException {
        return reached(stored(connection), committedEnds(admin, topics));
    }

    /**
     * Whether the whole pipeline is done with what was sent so far: the processor's group has
     * committed past every input, so it writes nothing more, and then PostgreSQL holds everything
     * committed. In that order: checked the other way round, the processor can commit more
     * entries (a refund, say) between the two checks, and the pipeline looks done while the sink
     * is behind.
     */
    public static boolean pipelineCaughtUp(Connection connection, Admin admin, Topics topics, String processorGroupId)
            throws SQLException, ExecutionException, InterruptedException {
        return GroupProgress.caughtUp(admin, processorGroupId, topics, PaymentTopic.PROCESSOR_INPUTS)
                && caughtUp(connection, admin, topics);
    }

    /** The committed end (last stable offset) of every partition the sink reads. */
    public static Map<TopicPartition, Long> committedEnds(Admin admin, Topics topics)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (PaymentTopic topic : List.of(PaymentTopic.LEDGER_ENTRIES, PaymentTopic.TRANSFER_RESULTS)) {
            for (int p = 0; p < topics.layout().partitions(); p++) {
                request.put(new TopicPartition(topics.name(topic), p), OffsetSpec.latest());
            }
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get()
                .forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    /** The next offsets stored with the rows. */
    public static Map<TopicPartition, Long> stored(Connection connection) throws SQLException {
        Map<TopicPartition, Long> stored = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT topic, partition, next_offset FROM sink_offsets")) {
            while (rows.next()) {
                stored.put(new TopicPartition(rows.getString(1), rows.getInt(2)), rows.getLong(3));
            }
        }
        return stored;
    }

    /** Whether the stored offsets reach these ends (an empty partition needs no row). */
    public static boolean reached(Map<TopicPartition, Long> stored, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(e -> e.getValue() == 0 || stored.getOrDefault(e.getKey(), -1L) >= e.getValue());
    }
}
