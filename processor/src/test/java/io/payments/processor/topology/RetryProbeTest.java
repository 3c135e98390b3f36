package io.payments.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.payments.avro.AccountBalance;
import io.payments.avro.AccountKind;
import io.payments.avro.CreditLeg;
import io.payments.avro.OpenAccount;
import io.payments.avro.Outcome;
import io.payments.avro.RefundLeg;
import io.payments.avro.RejectReason;
import io.payments.avro.RequestState;
import io.payments.avro.RetryEcho;
import io.payments.avro.RetryProbe;
import io.payments.avro.TransferResult;
import io.payments.processor.metrics.LedgerMeters;
import io.payments.schemas.registry.InMemorySchemaRegistry;
import io.payments.schemas.serde.PaymentSerdes;
import io.payments.schemas.topics.PaymentTopic;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * Retries of a debited transfer, whose outcome the destination decides. On a real cluster the
 * legs travel through Kafka, so a retry can arrive while the credit is in flight; the processor
 * is driven by hand here to hold that window open and to deliver the legs in each possible order.
 */
class RetryProbeTest {

    private final MockProcessorContext<String, SpecificRecord> context = new MockProcessorContext<>();
    private final LedgerProcessor processor = new LedgerProcessor(TopologyFixture.OPTIONS, TopologyFixture.LEGS,
            new LedgerMeters(new SimpleMeterRegistry()));
    /** The version of bank's debit for t-1, which a refund of it names. */
    private final long debitVersion;

    RetryProbeTest() {
        // The mock context names every store's topic "changelog": one registry per store keeps their subjects apart.
        PaymentSerdes serdes = new PaymentSerdes(new InMemorySchemaRegistry(), true);
        PaymentSerdes requestSerdes = new PaymentSerdes(new InMemorySchemaRegistry(), true);
        KeyValueStore<String, AccountBalance> accounts = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(LedgerTopology.ACCOUNTS_STORE), Serdes.String(),
                serdes.<AccountBalance>forSchema(AccountBalance.getClassSchema())).withLoggingDisabled().build();
        KeyValueStore<String, RequestState> requests = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(LedgerTopology.REQUESTS_STORE), Serdes.String(),
                requestSerdes.<RequestState>forSchema(RequestState.getClassSchema())).withLoggingDisabled().build();
        KeyValueStore<String, Long> layout = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(LedgerTopology.LAYOUT_STORE), Serdes.String(), Serdes.Long())
                .withLoggingDisabled().build();
        KeyValueStore<String, Long> credited = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(LedgerTopology.CREDITED_STORE), Serdes.String(), Serdes.Long())
                .withLoggingDisabled().build();
        accounts.init(context.getStateStoreContext(), accounts);
        requests.init(context.getStateStoreContext(), requests);
        layout.init(context.getStateStoreContext(), layout);
        credited.init(context.getStateStoreContext(), credited);
        context.addStateStore(accounts);
        context.addStateStore(requests);
        context.addStateStore(layout);
        context.addStateStore(credited);
        context.setRecordMetadata("payments.commands", 0, 0);
        context.setCurrentSystemTimeMs(1_700_000_000_000L);
        context.setCurrentStreamTimeMs(0);
        processor.init(context);
        process("bank", new OpenAccount("o1", "bank", "EUR", AccountKind.SETTLEMENT, TopologyFixture.REQUESTED_AT));
        process("bank", TopologyFixture.request("t-1", "bank", "alice", 50, "EUR"));
        debitVersion = ((CreditLeg) single(LedgerTopology.sink(PaymentTopic.CREDITS))).getDebitVersion();
        context.resetForwards();
    }

    @Test
    void aRetryIsProbedThroughTheDestinationAndGetsCompletedWhenNoRefundCame() {
        process("bank", TopologyFixture.request("t-1", "bank", "alice", 50, "EUR"));
        RetryProbe probe = (RetryProbe) single(LedgerTopology.sink(PaymentTopic.CREDITS));
        assertThat(forwardedTo(LedgerTopology.sink(PaymentTopic.TRANSFER_RESULTS))).as("no answer before the round trip").isEmpty();
        assertThat(forwardedTo(LedgerTopology.sink(PaymentTopic.LEDGER_ENTRIES))).as("a retry moves nothing").isEmpty();
        assertThat(probe.getDestinationAccountId()).isEqualTo("alice");
        context.resetForwards();

        process("alice", probe);
        RetryEcho echo = (RetryEcho) single(LedgerTopology.sink(PaymentTopic.CREDITS));
        context.resetForwards();

        process("bank", echo);
        TransferResult result = (TransferResult) single(LedgerTopology.sink(PaymentTopic.TRANSFER_RESULTS));
        assertThat(result.getOutcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(result.getDuplicate()).isTrue();
        assertThat(result.getAmountMinor()).isEqualTo(50);
    }

    @Test
    void aRefundThatCameBeforeTheEchoMakesTheRetryReversed() {
        process("bank", TopologyFixture.request("t-1", "bank", "alice", 50, "EUR"));
        RetryProbe probe = (RetryProbe) single(LedgerTopology.sink(PaymentTopic.CREDITS));
        context.resetForwards();

        process("bank", signed("bank", new RefundLeg("t-1", "bank", "alice", 50L, "EUR", TopologyFixture.REQUESTED_AT,
                RejectReason.UNKNOWN_DESTINATION_ACCOUNT, "account alice is not open", null, debitVersion, null, null, null, null)));
        assertThat(((TransferResult) single(LedgerTopology.sink(PaymentTopic.TRANSFER_RESULTS))).getOutcome()).isEqualTo(Outcome.REVERSED);
        context.resetForwards();

        process("alice", probe);
        process("bank", (RetryEcho) single(LedgerTopology.sink(PaymentTopic.CREDITS)));
        TransferResult result = (TransferResult) single(LedgerTopology.sink(PaymentTopic.TRANSFER_RESULTS));
        assertThat(result.getOutcome()).isEqualTo(Outcome.REVERSED);
        assertThat(result.getReason()).isEqualTo(RejectReason.UNKNOWN_DESTINATION_ACCOUNT);
        assertThat(result.getDuplicate()).isTrue();
        assertThat(forwardedTo(LedgerTopology.sink(PaymentTopic.LEDGER_ENTRIES))).as("the retry's round trip moves nothing").isEmpty();
    }

    @Test
    void theCreditItselfWritesTheCompletedResult() {
        process("alice", new OpenAccount("o2", "alice", "EUR", AccountKind.CUSTOMER, TopologyFixture.REQUESTED_AT));
        context.resetForwards();
        process("alice", signed("alice", new CreditLeg("t-1", "bank", "alice", 50L, "EUR", TopologyFixture.REQUESTED_AT,
                1L, null, null, null, null, null)));

        TransferResult result = (TransferResult) single(LedgerTopology.sink(PaymentTopic.TRANSFER_RESULTS));
        assertThat(result.getOutcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(result.getDuplicate()).isFalse();
        List<String> resultKeys = context.forwarded().stream()
                .filter(f -> f.childName().orElse("").equals(LedgerTopology.sink(PaymentTopic.TRANSFER_RESULTS)))
                .map(f -> (String) f.record().key()).toList();
        assertThat(resultKeys).as("results are keyed by the source account").containsExactly("bank");
    }

    /** A leg as the processor would have written it: signed for its key and partition 0, the only one here. */
    private static SpecificRecord signed(String key, SpecificRecord leg) {
        TopologyFixture.LEGS.signature().sign(leg, key, 0);
        return leg;
    }

    private void process(String key, SpecificRecord value) {
        processor.process(new Record<>(key, value, TopologyFixture.REQUESTED_AT));
    }

    private SpecificRecord single(String child) {
        List<SpecificRecord> records = forwardedTo(child);
        assertThat(records).as("records forwarded to %s", child).hasSize(1);
        return records.get(0);
    }

    private List<SpecificRecord> forwardedTo(String child) {
        return context.forwarded().stream()
                .filter(f -> f.childName().map(child::equals).orElse(false))
                .map(CapturedForward::record)
                .map(Record::value)
                .map(SpecificRecord.class::cast)
                .toList();
    }
}
