package io.payments.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.payments.avro.RequestState;
import io.payments.avro.RequestType;
import io.payments.avro.TransferStatus;
import io.payments.ledger.Remembered;
import io.payments.schemas.registry.InMemorySchemaRegistry;
import io.payments.schemas.serde.PaymentSerdes;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class ExpiredRequestSweeperTest {

    private static final long KEEP = 1_000;

    private final KeyValueStore<String, RequestState> requests = Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(LedgerTopology.REQUESTS_STORE), Serdes.String(),
            new PaymentSerdes(new InMemorySchemaRegistry(), true).<RequestState>forSchema(RequestState.getClassSchema()))
            .withLoggingDisabled().build();

    ExpiredRequestSweeperTest() {
        requests.init(new MockProcessorContext<>().getStateStoreContext(), requests);
    }

    private void remember(int count, long firstSeenAt) {
        for (int i = 0; i < count; i++) {
            String id = "t-" + firstSeenAt + "-" + i;
            requests.put(Remembered.key("a", id), new RequestState(RequestType.TRANSFER, id, "a", "b", 1L, "EUR", null, null,
                    firstSeenAt, firstSeenAt, TransferStatus.DEBITED, null, null, null, null, null, 0, null, null, null, null, null, null));
        }
    }

    @Test
    void theFirstCallPassesOverTheWholeStoreInBatches() {
        remember(25, 0);
        ExpiredRequestSweeper sweeper = new ExpiredRequestSweeper(requests, KEEP, 10);
        assertThat(sweeper.sweep(KEEP + 1)).isEqualTo(10);
        assertThat(sweeper.sweep(KEEP + 1)).isEqualTo(10);
        assertThat(sweeper.sweep(KEEP + 1)).isEqualTo(5);
        assertThat(requests.approximateNumEntries()).isZero();
    }

    @Test
    void withoutAStreamTimeNothingIsLookedAt() {
        remember(10, 0);
        assertThat(new ExpiredRequestSweeper(requests, KEEP, 100).sweep(-1)).isZero();
        assertThat(requests.approximateNumEntries()).isEqualTo(10);
    }

    @Test
    void whileStreamTimeStandsStillNothingMoreIsLookedAt() {
        remember(10, 0);
        ExpiredRequestSweeper sweeper = new ExpiredRequestSweeper(requests, KEEP, 100);
        assertThat(sweeper.sweep(500)).as("the first pass: nothing has expired yet").isZero();
        remember(10, 600);
        for (int call = 0; call < 10; call++) {
            assertThat(sweeper.sweep(500)).isZero();
        }
        assertThat(requests.approximateNumEntries()).isEqualTo(20);
    }

    @Test
    void asStreamTimeAdvancesEveryEntryIsLookedAtWithinAQuarterOfTheKeptPeriod() {
        remember(100, 0);
        ExpiredRequestSweeper sweeper = new ExpiredRequestSweeper(requests, KEEP, 1_000);
        assertThat(sweeper.sweep(0)).isZero();
        int deleted = 0;
        // Stream time moves a little per call; the entries expire at KEEP, and a quarter of KEEP later all are gone.
        for (long time = 10; time <= KEEP + KEEP / 4 + 10; time += 10) {
            int swept = sweeper.sweep(time);
            assertThat(swept == 0 || time > KEEP).as("nothing is deleted before it expires").isTrue();
            deleted += swept;
        }
        assertThat(deleted).isEqualTo(100);
    }
}
