package io.payments.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.payments.avro.AccountBalance;
import io.payments.avro.HoldExpiry;
import io.payments.avro.LedgerEntry;
import io.payments.avro.Leg;
import io.payments.avro.Outcome;
import io.payments.avro.PlaceHold;
import io.payments.avro.PostHold;
import io.payments.avro.RejectReason;
import io.payments.avro.RequestType;
import io.payments.avro.TransferResult;
import io.payments.avro.VoidHold;
import io.payments.schemas.topics.DeadLetterReason;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Holds through the real topology: placed, posted (partly, wholly, refused by the destination), voided, expired. */
class HoldsTopologyTest {

    private static final long T = TopologyFixture.REQUESTED_AT;
    private TopologyFixture ledger;

    @BeforeEach
    void openAccounts() {
        ledger = TopologyFixture.withFundedAlice();
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    @Test
    void aHoldReservesTheAvailableBalanceAndMovesNothingPosted() {
        TransferResult held = ledger.send("alice", hold("h-1", "alice", "bob", 400, 60L));

        assertThat(held.getOutcome()).isEqualTo(Outcome.HELD);
        assertThat(held.getRequestType()).isEqualTo(RequestType.PLACE_HOLD);
        assertThat(held.getHoldId()).isEqualTo("h-1");
        assertThat(held.getTimeoutSeconds()).isEqualTo(60L);
        assertThat(ledger.entries()).extracting(LedgerEntry::getLeg, LedgerEntry::getAmountMinor,
                        LedgerEntry::getPendingChangeMinor, LedgerEntry::getPendingDebitsAfterMinor,
                        LedgerEntry::getBalanceAfterMinor, LedgerEntry::getAccountVersion, LedgerEntry::getHoldId)
                .containsExactly(tuple(Leg.HOLD, 0L, 400L, 400L, 1_000L, 2L, "h-1"));
        assertThat(ledger.account("alice")).extracting(AccountBalance::getBalanceMinor, AccountBalance::getPendingDebitsMinor)
                .containsExactly(1_000L, 400L);

        TransferResult tooMuch = ledger.transfer("alice", "bob", 601, "EUR");
        assertThat(tooMuch.getReason()).isEqualTo(RejectReason.INSUFFICIENT_FUNDS);
        assertThat(tooMuch.getObservedBalanceMinor()).isEqualTo(1_000);
        assertThat(tooMuch.getObservedPendingDebitsMinor()).isEqualTo(400);
        assertThat(ledger.transfer("alice", "bob", 600, "EUR").getOutcome()).isEqualTo(Outcome.COMPLETED);
    }

    @Test
    void aPartialPostCreditsTheDestinationAndReleasesTheRest() {
        ledger.send("alice", hold("h-1", "alice", "bob", 400, 60L));
        ledger.entries();

        TransferResult posted = ledger.send("alice", new PostHold("p-1", "alice", "h-1", 150L, T));

        assertThat(posted).extracting(TransferResult::getOutcome, TransferResult::getRequestType,
                        TransferResult::getTransferId, TransferResult::getHoldId, TransferResult::getAmountMinor,
                        TransferResult::getDestinationAccountId)
                .containsExactly(Outcome.COMPLETED, RequestType.POST_HOLD, "p-1", "h-1", 150L, "bob");
        assertThat(posted.getMetadata()).containsEntry("order", "h-1");
        assertThat(ledger.entries()).extracting(LedgerEntry::getAccountId, LedgerEntry::getLeg, LedgerEntry::getAmountMinor,
                        LedgerEntry::getPendingChangeMinor, LedgerEntry::getPendingDebitsAfterMinor, LedgerEntry::getHoldId)
                .containsExactly(tuple("alice", Leg.DEBIT, -150L, -400L, 0L, "h-1"),
                        tuple("bob", Leg.CREDIT, 150L, 0L, 0L, "h-1"));
        assertThat(ledger.account("alice")).extracting(AccountBalance::getBalanceMinor, AccountBalance::getPendingDebitsMinor)
                .containsExactly(850L, 0L);
        assertThat(ledger.account("bob").getBalanceMinor()).isEqualTo(150);

        assertThat(ledger.send("alice", new PostHold("p-1", "alice", "h-1", 150L, T)))
                .extracting(TransferResult::getOutcome, TransferResult::getDuplicate).containsExactly(Outcome.COMPLETED, true);
        assertThat(ledger.send("alice", new PostHold("p-2", "alice", "h-1", null, T)).getReason())
                .isEqualTo(RejectReason.PENDING_TRANSFER_ALREADY_POSTED);
        assertThat(ledger.send("alice", new VoidHold("v-1", "alice", "h-1", T)).getReason())
                .isEqualTo(RejectReason.PENDING_TRANSFER_ALREADY_POSTED);
        assertThat(ledger.entries()).as("refusals move nothing").isEmpty();
    }

    @Test
    void aPostTheDestinationRefusesIsReversedAndTheHoldStaysPosted() {
        ledger.send("alice", hold("h-1", "alice", "carol", 400, null));

        TransferResult reversed = ledger.send("alice", new PostHold("p-1", "alice", "h-1", null, T));

        assertThat(reversed).extracting(TransferResult::getOutcome, TransferResult::getReason,
                        TransferResult::getRequestType, TransferResult::getHoldId)
                .containsExactly(Outcome.REVERSED, RejectReason.UNKNOWN_DESTINATION_ACCOUNT, RequestType.POST_HOLD, "h-1");
        assertThat(ledger.account("alice")).extracting(AccountBalance::getBalanceMinor, AccountBalance::getPendingDebitsMinor)
                .containsExactly(1_000L, 0L);
        assertThat(ledger.send("alice", new PostHold("p-2", "alice", "h-1", null, T)).getReason())
                .isEqualTo(RejectReason.PENDING_TRANSFER_ALREADY_POSTED);
    }

    @Test
    void aVoidReleasesTheWholeHold() {
        ledger.send("alice", hold("h-1", "alice", "bob", 400, null));
        ledger.entries();

        TransferResult voided = ledger.send("alice", new VoidHold("v-1", "alice", "h-1", T));

        assertThat(voided).extracting(TransferResult::getOutcome, TransferResult::getRequestType, TransferResult::getHoldId,
                        TransferResult::getAmountMinor)
                .containsExactly(Outcome.COMPLETED, RequestType.VOID_HOLD, "h-1", 400L);
        assertThat(ledger.entries()).extracting(LedgerEntry::getLeg, LedgerEntry::getAmountMinor,
                        LedgerEntry::getPendingChangeMinor, LedgerEntry::getPendingDebitsAfterMinor, LedgerEntry::getHoldId)
                .containsExactly(tuple(Leg.RELEASE, 0L, -400L, 0L, "h-1"));
        assertThat(ledger.send("alice", new VoidHold("v-1", "alice", "h-1", T)).getDuplicate()).isTrue();
        assertThat(ledger.send("alice", new PostHold("p-1", "alice", "h-1", null, T)).getReason())
                .isEqualTo(RejectReason.PENDING_TRANSFER_ALREADY_VOIDED);
        assertThat(ledger.send("alice", new VoidHold("v-2", "alice", "h-2", T)).getReason())
                .isEqualTo(RejectReason.PENDING_TRANSFER_NOT_FOUND);
    }

    @Test
    void aHoldExpiresInTheLogAfterItsDeadlineAndAPostAfterTheDeadlineIsRefusedBeforeThat() {
        ledger.at(T);
        ledger.send("alice", hold("h-1", "alice", "bob", 400, 5L));
        ledger.entries();
        ledger.driver.advanceWallClockTime(Duration.between(Instant.EPOCH, Instant.ofEpochMilli(T + 4_000)));
        assertThat(ledger.entries()).as("not due yet").isEmpty();

        ledger.at(T + 5_000);
        assertThat(ledger.send("alice", new PostHold("p-1", "alice", "h-1", null, T)).getReason())
                .isEqualTo(RejectReason.PENDING_TRANSFER_EXPIRED);
        assertThat(ledger.account("alice").getPendingDebitsMinor()).as("the expiry record decides, not the post")
                .isEqualTo(400);

        ledger.driver.advanceWallClockTime(Duration.ofSeconds(2));

        assertThat(ledger.entries()).extracting(LedgerEntry::getLeg, LedgerEntry::getPendingChangeMinor,
                        LedgerEntry::getTransferId, LedgerEntry::getHoldId)
                .containsExactly(tuple(Leg.EXPIRY, -400L, "h-1", "h-1"));
        assertThat(ledger.results()).as("an expiry has no result").isEmpty();
        assertThat(ledger.account("alice")).extracting(AccountBalance::getBalanceMinor, AccountBalance::getPendingDebitsMinor)
                .containsExactly(1_000L, 0L);
        assertThat(ledger.send("alice", new VoidHold("v-1", "alice", "h-1", T)).getReason())
                .isEqualTo(RejectReason.PENDING_TRANSFER_EXPIRED);

        ledger.driver.advanceWallClockTime(Duration.ofMinutes(1));
        assertThat(ledger.entries()).as("an ended hold is not expired again").isEmpty();
    }

    @Test
    void anExpiryRecordNotSignedByTheProcessorIsDeadLetteredAndExpiresNothing() {
        ledger.send("alice", hold("h-1", "alice", "bob", 400, 5L));
        ledger.entries();
        ledger.at(T + 60_000);

        ledger.credits.pipeInput("alice", new HoldExpiry("alice", "h-1", T, null, null), T + 60_000);

        assertThat(ledger.deadLetterReasons()).containsExactly(DeadLetterReason.FORGED_LEG.name());
        assertThat(ledger.entries()).isEmpty();
        assertThat(ledger.account("alice").getPendingDebitsMinor()).isEqualTo(400);
    }

    @Test
    void holdRequestsAreCheckedAsTheLedgerSays() {
        assertThat(ledger.send("alice", hold("h-1", "alice", "bob", 1_001, null)).getReason())
                .isEqualTo(RejectReason.INSUFFICIENT_FUNDS);
        assertThat(ledger.send("alice", hold("h-2", "alice", "bob", 1, 0L)).getReason())
                .isEqualTo(RejectReason.INVALID_FIELD);
        ledger.send("alice", hold("h-3", "alice", "bob", 100, null));
        assertThat(ledger.send("alice", new PostHold("p-1", "alice", "h-3", 101L, T)).getReason())
                .isEqualTo(RejectReason.EXCEEDS_PENDING_AMOUNT);
        assertThat(ledger.send("alice", new PostHold("p-2", "alice", "h-3", 0L, T)).getReason())
                .isEqualTo(RejectReason.NON_POSITIVE_AMOUNT);
        assertThat(ledger.send("alice", hold("h-3", "alice", "bob", 100, null)))
                .extracting(TransferResult::getOutcome, TransferResult::getDuplicate).containsExactly(Outcome.HELD, true);
        assertThat(ledger.send("alice", hold("h-3", "alice", "bob", 99, null)).getReason())
                .isEqualTo(RejectReason.ID_REUSED_WITH_DIFFERENT_CONTENT);
    }

    private static PlaceHold hold(String holdId, String source, String destination, long amount, Long timeoutSeconds) {
        return new PlaceHold(holdId, source, destination, amount, "EUR", timeoutSeconds, T, Map.of("order", holdId));
    }
}
