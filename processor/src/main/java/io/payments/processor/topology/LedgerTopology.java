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
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The processor's topology: one sub-topology reading the co-partitioned commands and credits
 * topics into one processor that owns four stores per task: the accounts, the request ids it
 * has seen, the debit versions whose credits it applied (so a replayed leg is refused), and what
 * the task's state was built with. Keys are read as strict
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

    static final String COMMANDS_SOURCE = "commands";
    static final String CREDITS_SOURCE = "credits";
    static final String LEDGER_PROCESSOR = "ledger";
    static final String ENTRIES_SINK = "ledger-entries";
    static final String CREDITS_SINK = "credits-out";
    static final String RESULTS_SINK = "transfer-results";
    static final String BALANCES_SINK = "balances";

    /**
     * Tunables of the topology; {@code accountCacheSize} is per task, 0 turns the cache off;
     * {@code partitions} is the input topics' partition count, by which each input record's key
     * must hash to its partition.
     */
    public record Options(Duration dedupRetention, Duration sweepInterval, int sweepBatch, boolean publishBalances,
                          int accountCacheSize, int partitions) {

        public static final Options DEFAULT = new Options(Duration.ofDays(7), Duration.ofSeconds(1), 10_000, false,
                100_000, TopicLayout.LOCAL.partitions());

        public Options withPartitions(int count) {
            return new Options(dedupRetention, sweepInterval, sweepBatch, publishBalances, accountCacheSize, count);
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

    /** The ledger topology; {@code meters} counts what it writes. */
    public static Topology build(Topics topics, PaymentSerdes serdes, Options options, LegAuthentication legs,
                                 LedgerMeters meters) {
        Serde<String> keys = PaymentSerdes.keys();
        Serde<SpecificRecord> commands = serdes.forTopic(PaymentTopic.COMMANDS);
        Serde<SpecificRecord> credits = serdes.forTopic(PaymentTopic.CREDITS);
        Serde<SpecificRecord> entries = serdes.forTopic(PaymentTopic.LEDGER_ENTRIES);
        Serde<SpecificRecord> results = serdes.forTopic(PaymentTopic.TRANSFER_RESULTS);
        Serde<SpecificRecord> balances = serdes.forTopic(PaymentTopic.BALANCES);
        Serde<AccountBalance> accountState = serdes.forSchema(AccountBalance.getClassSchema());
        Serde<RequestState> requestState = serdes.forSchema(RequestState.getClassSchema());

        Topology topology = new Topology();
        topology.addSource(COMMANDS_SOURCE, keys.deserializer(), commands.deserializer(), topics.name(PaymentTopic.COMMANDS));
        topology.addSource(CREDITS_SOURCE, keys.deserializer(), credits.deserializer(), topics.name(PaymentTopic.CREDITS));
        topology.addProcessor(LEDGER_PROCESSOR, () -> new LedgerProcessor(options, legs, meters), COMMANDS_SOURCE,
                CREDITS_SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(ACCOUNTS_STORE), keys, accountState).withCachingDisabled(), LEDGER_PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(REQUESTS_STORE), keys, requestState).withCachingDisabled(), LEDGER_PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(LAYOUT_STORE), keys, Serdes.Long()).withCachingDisabled(), LEDGER_PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(CREDITED_STORE), keys, Serdes.Long()).withCachingDisabled(), LEDGER_PROCESSOR);
        topology.addSink(ENTRIES_SINK, topics.name(PaymentTopic.LEDGER_ENTRIES), keys.serializer(), entries.serializer(),
                LEDGER_PROCESSOR);
        topology.addSink(CREDITS_SINK, topics.name(PaymentTopic.CREDITS), keys.serializer(), credits.serializer(),
                LEDGER_PROCESSOR);
        topology.addSink(RESULTS_SINK, topics.name(PaymentTopic.TRANSFER_RESULTS), keys.serializer(), results.serializer(),
                LEDGER_PROCESSOR);
        if (options.publishBalances()) {
            topology.addSink(BALANCES_SINK, topics.name(PaymentTopic.BALANCES), keys.serializer(), balances.serializer(),
                    LEDGER_PROCESSOR);
        }
        return topology;
    }
}
