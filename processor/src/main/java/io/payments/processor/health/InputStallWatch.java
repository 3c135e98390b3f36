package io.payments.processor.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.payments.schemas.topics.PaymentTopic;
import io.payments.schemas.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the processor's input partitions for records held back by an open transaction. A
 * read_committed consumer reads only up to a partition's last stable offset (LSO): behind an
 * upstream's transaction that neither commits nor aborts, it waits (up to the broker's
 * transaction.max.timeout.ms, 15 minutes by default) while the log end moves on, and every lag
 * figure measured against the LSO reads 0. This measures, per input partition, the records
 * between the LSO and the high watermark, and how long the LSO has stood still with records
 * behind it; past {@code alertAfter} the partition is named in {@code /health}.
 */
public final class InputStallWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InputStallWatch.class);

    private record Stall(long uncommitted, long stableOffset, long standingSinceMs) {
    }

    private final Admin admin;
    private final List<TopicPartition> inputs = new ArrayList<>();
    private final Duration alertAfter;
    private final String bootstrapServers;
    private final Map<TopicPartition, Stall> stalls = new ConcurrentHashMap<>();
    private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "input-stall-watch");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param admin      closed with the watch
     * @param interval   how often the offsets are read
     * @param alertAfter how long the LSO may stand with records behind it before the partition is named in health
     */
    public InputStallWatch(Admin admin, Topics topics, String bootstrapServers, MeterRegistry registry, Duration interval,
                           Duration alertAfter) {
        this.admin = admin;
        this.alertAfter = alertAfter;
        this.bootstrapServers = bootstrapServers;
        for (PaymentTopic topic : PaymentTopic.PROCESSOR_INPUTS) {
            for (int p = 0; p < topics.layout().partitions(); p++) {
                TopicPartition partition = new TopicPartition(topics.name(topic), p);
                inputs.add(partition);
                stalls.put(partition, new Stall(0, -1, -1));
                String[] tags = {"topic", topic.baseName(), "partition", Integer.toString(p)};
                Gauge.builder("payments.input.uncommitted.records", () -> stalls.get(partition).uncommitted())
                        .description("Records between the last stable offset and the high watermark of an input partition: "
                                + "held back by an open transaction").tags(tags).register(registry);
                Gauge.builder("payments.input.stalled.seconds", () -> standingSeconds(partition, System.currentTimeMillis()))
                        .description("How long an input partition's last stable offset has stood still with records behind "
                                + "it (0 when none are)").tags(tags).register(registry);
            }
        }
        schedule.scheduleWithFixedDelay(this::check, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check() {
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            inputs.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
            var stable = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
            var end = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all().get();
            long now = System.currentTimeMillis();
            for (TopicPartition partition : inputs) {
                long lso = stable.get(partition).offset();
                long behind = Math.max(0, end.get(partition).offset() - lso);
                Stall before = stalls.get(partition);
                long since = behind == 0 ? -1 : before.stableOffset() == lso && before.standingSinceMs() >= 0
                        ? before.standingSinceMs() : now;
                stalls.put(partition, new Stall(behind, lso, since));
            }
        } catch (Exception e) {
            // The broker being unreachable is the clients' to report; the last reading stands meanwhile.
            LOG.debug("Could not read the input partitions' offsets: {}", e.getMessage());
        }
    }

    private double standingSeconds(TopicPartition partition, long now) {
        Stall stall = stalls.get(partition);
        return stall.standingSinceMs() < 0 ? 0 : (now - stall.standingSinceMs()) / 1000.0;
    }

    /** One line per input partition whose last stable offset has stood longer than the alert threshold. */
    public List<String> details() {
        long now = System.currentTimeMillis();
        List<String> details = new ArrayList<>();
        for (TopicPartition partition : inputs) {
            double seconds = standingSeconds(partition, now);
            if (seconds >= alertAfter.toSeconds()) {
                Stall stall = stalls.get(partition);
                details.add(String.format("%s: %d records wait behind an open transaction at offset %d for %.0f s; "
                        + "find it with kafka-transactions.sh --bootstrap-server %s find-hanging --broker-id <the "
                        + "partition's leader> and abort it (docs/failures.md, \"A stalled input partition\")", partition,
                        stall.uncommitted(), stall.stableOffset(), seconds, bootstrapServers));
            }
        }
        return details;
    }

    @Override
    public void close() {
        schedule.shutdownNow();
        admin.close(Duration.ofSeconds(5));
    }
}
