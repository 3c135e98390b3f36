package io.payments.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.payments.avro.AccountKind;
import io.payments.avro.Outcome;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RequestRetentionTest {

    private static final Duration RETENTION = Duration.ofHours(1);

    @Test
    void anIdIsRememberedForTheRetentionAndThenForgotten() {
        try (TopologyFixture ledger = new TopologyFixture(
                new LedgerTopology.Options(RETENTION, Duration.ofSeconds(1), 2, false,
                        LedgerTopology.Options.DEFAULT.accountCacheSize(), 1))) {
            long start = TopologyFixture.REQUESTED_AT;
            ledger.at(start);
            ledger.open("bank", "EUR", AccountKind.SETTLEMENT);
            ledger.open("alice", "EUR", AccountKind.CUSTOMER);
            ledger.transfer("t-1", "bank", "alice", 10, "EUR");
            ledger.transfer("t-2", "bank", "alice", 10, "EUR");
            assertThat(ledger.requestsRemembered()).isEqualTo(4);

            ledger.at(start + RETENTION.toMillis());
            assertThat(ledger.transfer("t-1", "bank", "alice", 10, "EUR").getDuplicate())
                    .as("still within the retention").isTrue();

            ledger.at(start + RETENTION.toMillis() + 1);
            assertThat(ledger.transfer("t-1", "bank", "alice", 10, "EUR").getDuplicate())
                    .as("past the retention, the id is new again, whether or not the sweeper ran").isFalse();
            ledger.open("carol", "EUR", AccountKind.CUSTOMER);

            ledger.at(start + 2 * RETENTION.toMillis() + 1);
            ledger.open("dave", "EUR", AccountKind.CUSTOMER);
            // The broker's time is now past the retention and its grace (as long again, up to an hour) for
            // the first four requests: each sweep looks at 2 entries, so a few wall-clock seconds remove them.
            for (int second = 0; second < 5; second++) {
                ledger.driver.advanceWallClockTime(Duration.ofSeconds(1));
            }
            assertThat(ledger.requestsRemembered()).as("t-1 (again), carol's and dave's openings remain").isEqualTo(3);
            assertThat(ledger.transfer("t-2", "bank", "alice", 10, "EUR").getOutcome()).isEqualTo(Outcome.COMPLETED);
        }
    }
}
