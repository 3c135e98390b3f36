package io.payments.processor.topology;

import io.payments.avro.AccountBalance;
import io.payments.avro.RequestState;
import io.payments.processor.legs.LegAuthentication;
import io.payments.processor.metrics.LedgerMeters;
import io.payments.schemas.serde.PaymentSerdes;
import io.payments.schemas.topics.PaymentTopic;
import io.payments.schemas.topics.TopicLayout;
import io.payments.schemas.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The processor's topology: one sub-topology reading the co-partitioned commands and credits
 * topics into one processor that owns five stores per task: the accounts, the request ids it
 * has seen (with the holds they placed), the debit versions whose credits it applied (so a
 * replayed leg is refused), the open holds by deadline, and what the task's state was built with. Keys are read as strict
 * UTF-8 ({@link PaymentSerdes#keys()}). Outputs are forwarded explicitly, one record per decision. The stores' record cache
 * is off: it would only collapse changelog writes, and few collapse (a transfer's request entry
 * changes again only after its legs have crossed two commits), while its sorted map cost a
 * sixth of the stream thread's time in profiles.
 */
public final class LedgerTopology {

    public static final String ACCOUNTS_STORE = "accounts";
    public static final String REQUESTS_STORE = "requests";
    /**
     * What each task's state was built with: the partition count its accounts were hashed by, and
     * the offset of payments.credits from which it requires signed legs.
     */
    public static final String LAYOUT_STORE = "layout";
    /** Per source account, the highest debit version whose credit leg this task has applied (or refused). */
    public static final String CREDITED_STORE = "credited";
    /** The task's open holds with a deadline, by deadline: what the expiry punctuator looks at ({@link HoldDeadlines}). */
    public static final String HOLD_DEADLINES_STORE = "hold-deadlines";

    static final String LEDGER_PROCESSOR = "ledger";
    /** The node that writes each output topic, named for it. */
    private static final Map<PaymentTopic, String> SINKS = new EnumMap<>(PaymentTopic.class);

    static {
        for (PaymentTopic topic : PaymentTopic.values()) {
            SINKS.put(topic, "to-" + topic.name().toLowerCase(Locale.ROOT));
        }
    }

    /**
     * Tunables of the topology; {@code accountCacheSize} is per task, 0 turns the cache off;
     * {@code partitions} is the input topics' partition count, by which each input record's key
     * must hash to its partition.
     */
    public record Options(Duration dedupRetention, Duration sweepInterval, int sweepBatch, boolean publishBalances,
                          int accountCacheSize, int partitions, Duration holdExpiryInterval) {

        /** How often a task looks for holds whose deadline has come, unless told otherwise: every second. */
        private static final Duration HOLD_EXPIRY_INTERVAL = Duration.ofSeconds(1);

        public static final Options DEFAULT = new Options(Duration.ofDays(7), Duration.ofSeconds(1), 10_000, false,
                100_000, TopicLayout.LOCAL.partitions());

        /** The options with holds looked at every second. */
        public Options(Duration dedupRetention, Duration sweepInterval, int sweepBatch, boolean publishBalances,
                       int accountCacheSize, int partitions) {
            this(dedupRetention, sweepInterval, sweepBatch, publishBalances, accountCacheSize, partitions,
                    HOLD_EXPIRY_INTERVAL);
        }

        public Options withPartitions(int count) {
            return new Options(dedupRetention, sweepInterval, sweepBatch, publishBalances, accountCacheSize, count,
                    holdExpiryInterval);
        }

        /** At most an hour more than the retention, see {@link #dedupKept()}. */
        private static final Duration GRACE = Duration.ofHours(1);

        /**
         * How long an id stays in the store before the sweep deletes it: the retention plus a grace
         * of as long again (at most an hour), so that a retry's probe round trip, which started
         * before the retention ran out, still finds the request when it comes back. Lookups treat
         * an id older than the retention as absent all the same.
         */
        public Duration dedupKept() {
            return dedupRetention.plus(dedupRetention.compareTo(GRACE) < 0 ? dedupRetention : GRACE);
        }
    }

    private LedgerTopology() {
    }

    /** The name of the node that writes {@code topic}: what the processor forwards to. */
    static String sink(PaymentTopic topic) {
        return SINKS.get(topic);
    }

    private static String source(PaymentTopic topic) {
        return "from-" + topic.name().toLowerCase(Locale.ROOT);
    }

    /** The ledger topology; {@code meters} counts what it writes. */
    public static Topology build(Topics topics, PaymentSerdes serdes, Options options, LegAuthentication legs,
                                 LedgerMeters meters) {
        Serde<String> keys = PaymentSerdes.keys();
        Serde<AccountBalance> accountState = serdes.forSchema(AccountBalance.getClassSchema());
        Serde<RequestState> requestState = serdes.forSchema(RequestState.getClassSchema());

        Topology topology = new Topology();
        for (PaymentTopic input : PaymentTopic.PROCESSOR_INPUTS) {
            topology.addSource(source(input), keys.deserializer(), serdes.forTopic(input).deserializer(),
                    topics.name(input));
        }
        topology.addProcessor(LEDGER_PROCESSOR, () -> new LedgerProcessor(options, legs, meters),
                PaymentTopic.PROCESSOR_INPUTS.stream().map(LedgerTopology::source).toArray(String[]::new));
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(ACCOUNTS_STORE), keys, accountState).withCachingDisabled(), LEDGER_PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(REQUESTS_STORE), keys, requestState).withCachingDisabled(), LEDGER_PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(LAYOUT_STORE), keys, Serdes.Long()).withCachingDisabled(), LEDGER_PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(CREDITED_STORE), keys, Serdes.Long()).withCachingDisabled(), LEDGER_PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(HOLD_DEADLINES_STORE), keys, Serdes.Long()).withCachingDisabled(),
                LEDGER_PROCESSOR);
        List<PaymentTopic> outputs = new ArrayList<>(List.of(PaymentTopic.LEDGER_ENTRIES, PaymentTopic.CREDITS,
                PaymentTopic.TRANSFER_RESULTS));
        if (options.publishBalances()) {
            outputs.add(PaymentTopic.BALANCES);
        }
        for (PaymentTopic output : outputs) {
            topology.addSink(sink(output), topics.name(output), keys.serializer(), serdes.forTopic(output).serializer(),
                    LEDGER_PROCESSOR);
        }
        return topology;
    }
}
