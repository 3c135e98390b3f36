package io.payments.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.payments.avro.AccountBalance;
import io.payments.avro.AccountKind;
import io.payments.avro.CreditApplied;
import io.payments.avro.CreditLeg;
import io.payments.avro.OpenAccount;
import io.payments.avro.Outcome;
import io.payments.avro.TransferResult;
import io.payments.avro.TransferState;
import io.payments.schemas.registry.InMemorySchemaRegistry;
import io.payments.schemas.serde.PaymentSerdes;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * Retries that arrive while their transfer is between debit and credit. On a real cluster the
 * credit leg travels through Kafka, so this window is real; the processor is driven by hand here
 * to hold it open.
 */
class PendingRetryTest {

    private final MockProcessorContext<String, SpecificRecord> context = new MockProcessorContext<>();
    private final LedgerProcessor processor = new LedgerProcessor(LedgerTopology.Options.DEFAULT);

    PendingRetryTest() {
        // The mock context names every store's topic "changelog": one registry per store keeps their subjects apart.
        PaymentSerdes serdes = new PaymentSerdes(new InMemorySchemaRegistry(), true);
        PaymentSerdes requestSerdes = new PaymentSerdes(new InMemorySchemaRegistry(), true);
        KeyValueStore<String, AccountBalance> accounts = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(LedgerTopology.ACCOUNTS_STORE), Serdes.String(),
                serdes.<AccountBalance>forSchema(AccountBalance.getClassSchema())).withLoggingDisabled().build();
        KeyValueStore<String, TransferState> requests = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(LedgerTopology.REQUESTS_STORE), Serdes.String(),
                requestSerdes.<TransferState>forSchema(TransferState.getClassSchema())).withLoggingDisabled().build();
        accounts.init(context.getStateStoreContext(), accounts);
        requests.init(context.getStateStoreContext(), requests);
        context.addStateStore(accounts);
        context.addStateStore(requests);
        context.setRecordMetadata("payments.commands", 0, 0);
        context.setCurrentSystemTimeMs(1_700_000_000_000L);
        context.setCurrentStreamTimeMs(0);
        processor.init(context);
    }

    @Test
    void retriesWaitForTheOutcomeAndEachGetsIt() {
        process("bank", new OpenAccount("o1", "bank", "EUR", AccountKind.SETTLEMENT, TopologyFixture.REQUESTED_AT));
        context.resetForwards();

        process("bank", TopologyFixture.request("t-1", "bank", "alice", 50, "EUR"));
        CreditLeg credit = (CreditLeg) forwardedTo(LedgerTopology.CREDITS_SINK).get(0);
        assertThat(forwardedTo(LedgerTopology.RESULTS_SINK)).as("no result while pending").isEmpty();
        context.resetForwards();

        process("bank", TopologyFixture.request("t-1", "bank", "alice", 50, "EUR"));
        process("bank", TopologyFixture.request("t-1", "bank", "alice", 50, "EUR"));
        assertThat(context.forwarded()).as("retries of a pending transfer wait, and move nothing").isEmpty();

        process("bank", new CreditApplied("t-1", "bank", "alice", 50L, "EUR", 1L));
        List<SpecificRecord> results = forwardedTo(LedgerTopology.RESULTS_SINK);
        assertThat(results).hasSize(3);
        assertThat(results).allSatisfy(r -> assertThat(((TransferResult) r).getOutcome()).isEqualTo(Outcome.COMPLETED));
        assertThat(results).extracting(r -> ((TransferResult) r).getDuplicate()).containsExactly(false, true, true);
        assertThat(credit.getDebitVersion()).isEqualTo(1);
        context.resetForwards();

        process("bank", TopologyFixture.request("t-1", "bank", "alice", 50, "EUR"));
        assertThat(forwardedTo(LedgerTopology.RESULTS_SINK)).hasSize(1);
    }

    private void process(String key, SpecificRecord value) {
        processor.process(new Record<>(key, value, 0L));
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
