package io.payments.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.payments.ledger.Command.PlaceHold;
import io.payments.ledger.Command.PostHold;
import io.payments.ledger.Command.Transfer;
import io.payments.ledger.Command.VoidHold;
import io.payments.ledger.Decision.Duplicate;
import io.payments.ledger.Decision.Expired;
import io.payments.ledger.Decision.Held;
import io.payments.ledger.Decision.NotExpired;
import io.payments.ledger.Decision.Posted;
import io.payments.ledger.Decision.Probe;
import io.payments.ledger.Decision.Rejected;
import io.payments.ledger.Decision.Voided;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Holds, posts, voids and expiries, each rule and result code against hand-worked states. */
class HoldRulesTest {

    private static final long NOW = LedgerRulesTest.NOW;
    private static final Account ALICE = new Account("alice", "EUR", AccountKind.CUSTOMER, 1_000, 4);
    private static final Account BANK = new Account("bank", "EUR", AccountKind.SETTLEMENT, -5_000, 9);
    private static final Hold OPEN = new Hold("h-1", "alice", "bob", 400, "EUR", NOW + 60_000, Hold.Status.HELD, 0,
            Map.of("order", "42"));
    private static final Account ALICE_HOLDING = new Account("alice", "EUR", AccountKind.CUSTOMER, 1_000, 5, 400);

    @Test
    void aHoldReservesAvailableBalanceAndMovesNothingPosted() {
        Decision decision = place(hold("alice", 400, 60L), ALICE);

        assertThat(decision).isEqualTo(new Held(ALICE_HOLDING, new Entry("alice", 5, 0, "EUR", 1_000, Leg.HOLD, 400, 400),
                OPEN));
        assertThat(ALICE_HOLDING.available()).isEqualTo(600);
    }

    @Test
    void aHoldWithoutTimeoutHasNoDeadline() {
        Held held = (Held) place(hold("alice", 400, null), ALICE);

        assertThat(held.hold().deadline()).isEqualTo(Hold.NO_DEADLINE);
        assertThat(LedgerRules.decideExpiry(held.hold(), held.source(), Long.MAX_VALUE - 1)).isInstanceOf(NotExpired.class);
    }

    @Test
    void holdsAndTransfersAreDecidedAgainstTheAvailableBalance() {
        assertThat(place(hold("alice", 600, 60L), ALICE_HOLDING)).isInstanceOf(Held.class);
        assertThat(place(hold("alice", 601, 60L), ALICE_HOLDING)).isEqualTo(new Rejected(RejectReason.INSUFFICIENT_FUNDS,
                "available balance 6.00 EUR (balance 10.00 EUR less 4.00 EUR held) is below the amount 6.01 EUR",
                ALICE_HOLDING, true));
        Decision transfer = LedgerRules.decideTransfer(new Transfer("t-1", "alice", "bob", 601, "EUR", null),
                envelope("alice", NOW), ALICE_HOLDING, null);
        assertThat(transfer).isInstanceOfSatisfying(Rejected.class, r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.INSUFFICIENT_FUNDS);
            assertThat(r.observed().available()).isEqualTo(600);
        });
    }

    @Test
    void aSettlementAccountHoldsWithoutLimitUntilSixtyFourBitsRunOut() {
        assertThat(place(hold("bank", 1_000_000, null), BANK)).isInstanceOf(Held.class);
        Account deep = new Account("bank", "EUR", AccountKind.SETTLEMENT, 0, 1, Long.MAX_VALUE - 10);
        assertThat(reason(place(hold("bank", 11, null), deep))).isEqualTo(RejectReason.AMOUNT_OVERFLOW);
        Account low = new Account("bank", "EUR", AccountKind.SETTLEMENT, Long.MIN_VALUE + 10, 1);
        assertThat(reason(place(hold("bank", 11, null), low))).as("available would leave the range")
                .isEqualTo(RejectReason.AMOUNT_OVERFLOW);
    }

    @Test
    void theTimeoutIsAbsentOrOneSecondToThirtyOneDays() {
        assertThat(place(hold("alice", 1, 1L), ALICE)).isInstanceOf(Held.class);
        assertThat(place(hold("alice", 1, LedgerRules.MAX_HOLD_TIMEOUT_SECONDS), ALICE)).isInstanceOf(Held.class);
        for (long bad : new long[] {0, -1, LedgerRules.MAX_HOLD_TIMEOUT_SECONDS + 1, Long.MAX_VALUE}) {
            Decision decision = place(hold("alice", 1, bad), ALICE);
            assertThat(decision).isInstanceOfSatisfying(Rejected.class, r -> {
                assertThat(r.reason()).isEqualTo(RejectReason.INVALID_FIELD);
                assertThat(r.detail()).startsWith("timeoutSeconds: ").endsWith("got " + bad);
            });
        }
    }

    @Test
    void aPartialPostDebitsThePostedAmountAndReleasesTheWholeHold() {
        Decision decision = post(new PostHold("p-1", "alice", "h-1", 150L), OPEN, NOW);

        Account after = new Account("alice", "EUR", AccountKind.CUSTOMER, 850, 6, 0);
        assertThat(decision).isEqualTo(new Posted(after, new Entry("alice", 6, -150, "EUR", 850, Leg.DEBIT, -400, 0),
                new Hold("h-1", "alice", "bob", 400, "EUR", NOW + 60_000, Hold.Status.POSTED, 150, Map.of("order", "42"))));
        assertThat(after.available()).isEqualTo(850);
    }

    @Test
    void aPostWithoutAmountPostsAllOfTheHold() {
        Posted posted = (Posted) post(new PostHold("p-1", "alice", "h-1", null), OPEN, NOW);

        assertThat(posted.entry().amount()).isEqualTo(-400);
        assertThat(posted.hold().postedAmount()).isEqualTo(400);
        assertThat(posted.source().balance()).isEqualTo(600);
    }

    @Test
    void aPostsAmountIsOneUpToTheHeldAmount() {
        assertThat(reason(post(new PostHold("p-1", "alice", "h-1", 0L), OPEN, NOW))).isEqualTo(RejectReason.NON_POSITIVE_AMOUNT);
        assertThat(reason(post(new PostHold("p-1", "alice", "h-1", -5L), OPEN, NOW))).isEqualTo(RejectReason.NON_POSITIVE_AMOUNT);
        assertThat(post(new PostHold("p-1", "alice", "h-1", 401L), OPEN, NOW)).isEqualTo(new Rejected(
                RejectReason.EXCEEDS_PENDING_AMOUNT, "posting 4.01 EUR of hold h-1, which holds 4.00 EUR", ALICE_HOLDING, true));
        assertThat(post(new PostHold("p-1", "alice", "h-1", 400L), OPEN, NOW)).isInstanceOf(Posted.class);
        assertThat(post(new PostHold("p-1", "alice", "h-1", 1L), OPEN, NOW)).isInstanceOf(Posted.class);
    }

    @Test
    void aPostOrVoidNeedsAnOpenHoldInTime() {
        Hold posted = OPEN.ended(Hold.Status.POSTED, 100);
        Hold voided = OPEN.ended(Hold.Status.VOIDED, 0);
        Hold expired = OPEN.ended(Hold.Status.EXPIRED, 0);
        PostHold post = new PostHold("p-1", "alice", "h-1", null);
        VoidHold voidHold = new VoidHold("v-1", "alice", "h-1");

        assertThat(post(post, null, NOW)).isEqualTo(new Rejected(RejectReason.PENDING_TRANSFER_NOT_FOUND,
                "account alice has no hold h-1", ALICE_HOLDING, true));
        assertThat(reason(post(post, posted, NOW))).isEqualTo(RejectReason.PENDING_TRANSFER_ALREADY_POSTED);
        assertThat(reason(post(post, voided, NOW))).isEqualTo(RejectReason.PENDING_TRANSFER_ALREADY_VOIDED);
        assertThat(reason(post(post, expired, NOW))).isEqualTo(RejectReason.PENDING_TRANSFER_EXPIRED);
        assertThat(reason(voidIt(voidHold, null, NOW))).isEqualTo(RejectReason.PENDING_TRANSFER_NOT_FOUND);
        assertThat(reason(voidIt(voidHold, posted, NOW))).isEqualTo(RejectReason.PENDING_TRANSFER_ALREADY_POSTED);
        assertThat(reason(voidIt(voidHold, voided, NOW))).isEqualTo(RejectReason.PENDING_TRANSFER_ALREADY_VOIDED);
        assertThat(reason(voidIt(voidHold, expired, NOW))).isEqualTo(RejectReason.PENDING_TRANSFER_EXPIRED);
    }

    @Test
    void anOpenHoldPastItsDeadlineIsExpiredForAPostOrVoidBeforeItsExpiryRecordComes() {
        long deadline = OPEN.deadline();
        assertThat(post(new PostHold("p-1", "alice", "h-1", null), OPEN, deadline - 1)).isInstanceOf(Posted.class);
        assertThat(post(new PostHold("p-1", "alice", "h-1", null), OPEN, deadline)).isEqualTo(new Rejected(
                RejectReason.PENDING_TRANSFER_EXPIRED, "hold h-1 expired at 2025-11-24T16:01:00Z", ALICE_HOLDING, true));
        assertThat(voidIt(new VoidHold("v-1", "alice", "h-1"), OPEN, deadline - 1)).isInstanceOf(Voided.class);
        assertThat(reason(voidIt(new VoidHold("v-1", "alice", "h-1"), OPEN, deadline)))
                .isEqualTo(RejectReason.PENDING_TRANSFER_EXPIRED);
    }

    @Test
    void aVoidReleasesTheWholeHold() {
        Decision decision = voidIt(new VoidHold("v-1", "alice", "h-1"), OPEN, NOW);

        Account after = new Account("alice", "EUR", AccountKind.CUSTOMER, 1_000, 6, 0);
        assertThat(decision).isEqualTo(new Voided(after, new Entry("alice", 6, 0, "EUR", 1_000, Leg.RELEASE, -400, 0),
                OPEN.ended(Hold.Status.VOIDED, 0)));
    }

    @Test
    void anExpiryRecordExpiresOnlyAnOpenHoldWhoseDeadlineHasCome() {
        assertThat(LedgerRules.decideExpiry(OPEN, ALICE_HOLDING, OPEN.deadline() - 1)).isInstanceOf(NotExpired.class);
        assertThat(LedgerRules.decideExpiry(OPEN, ALICE_HOLDING, OPEN.deadline())).isEqualTo(new Expired(
                new Account("alice", "EUR", AccountKind.CUSTOMER, 1_000, 6, 0),
                new Entry("alice", 6, 0, "EUR", 1_000, Leg.EXPIRY, -400, 0), OPEN.ended(Hold.Status.EXPIRED, 0)));
        for (Hold.Status ended : new Hold.Status[] {Hold.Status.POSTED, Hold.Status.VOIDED, Hold.Status.EXPIRED}) {
            assertThat(LedgerRules.decideExpiry(OPEN.ended(ended, 0), ALICE_HOLDING, Long.MAX_VALUE))
                    .isEqualTo(new NotExpired("the hold was already " + ended));
        }
        assertThat(LedgerRules.decideExpiry(null, ALICE_HOLDING, NOW)).isEqualTo(new NotExpired("no such hold"));
    }

    @Test
    void retriesAreAnsweredByTheirOwnIds() {
        PostHold post = new PostHold("p-1", "alice", "h-1", 100L);
        Hold posted = OPEN.ended(Hold.Status.POSTED, 100);
        assertThat(LedgerRules.decidePostHold(post, envelope("alice", NOW), ALICE,
                new Remembered(post, Remembered.Status.DEBITED), posted)).isEqualTo(new Probe());
        assertThat(LedgerRules.decidePostHold(post, envelope("alice", NOW), ALICE,
                new Remembered(post, Remembered.Status.COMPLETED), posted)).isEqualTo(new Duplicate());
        assertThat(reason(LedgerRules.decidePostHold(new PostHold("p-1", "alice", "h-1", 99L), envelope("alice", NOW),
                ALICE, new Remembered(post, Remembered.Status.COMPLETED), posted)))
                .isEqualTo(RejectReason.ID_REUSED_WITH_DIFFERENT_CONTENT);

        VoidHold voidHold = new VoidHold("v-1", "alice", "h-1");
        assertThat(LedgerRules.decideVoidHold(voidHold, envelope("alice", NOW), ALICE,
                new Remembered(voidHold, Remembered.Status.COMPLETED), OPEN.ended(Hold.Status.VOIDED, 0)))
                .isEqualTo(new Duplicate());

        PlaceHold hold = hold("alice", 400, 60L);
        assertThat(LedgerRules.decidePlaceHold(hold, envelope("alice", NOW), ALICE_HOLDING,
                new Remembered(hold, Remembered.Status.COMPLETED))).isEqualTo(new Duplicate());
        assertThat(reason(LedgerRules.decidePlaceHold(hold("alice", 401, 60L), envelope("alice", NOW), ALICE_HOLDING,
                new Remembered(hold, Remembered.Status.COMPLETED)))).isEqualTo(RejectReason.ID_REUSED_WITH_DIFFERENT_CONTENT);
    }

    @Test
    void availableIsPostedLessPendingAndStaysInRange() {
        assertThat(new Account("a", "EUR", AccountKind.CUSTOMER, 10, 1, 3).available()).isEqualTo(7);
        Account settlement = new Account("b", "EUR", AccountKind.SETTLEMENT, -10, 1, 5);
        assertThat(settlement.available()).isEqualTo(-15);
    }

    private static PlaceHold hold(String source, long amount, Long timeoutSeconds) {
        return new PlaceHold("h-1", source, "bob", amount, "EUR", timeoutSeconds, Map.of("order", "42"));
    }

    private static Decision place(PlaceHold hold, Account source) {
        return LedgerRules.decidePlaceHold(hold, envelope(hold.sourceAccountId(), NOW - 0), source, null);
    }

    private static Decision post(PostHold post, Hold hold, long at) {
        return LedgerRules.decidePostHold(post, envelope("alice", at), ALICE_HOLDING, null, hold);
    }

    private static Decision voidIt(VoidHold voidHold, Hold hold, long at) {
        return LedgerRules.decideVoidHold(voidHold, envelope("alice", at), ALICE_HOLDING, null, hold);
    }

    private static Envelope envelope(String key, long receivedAt) {
        return new Envelope(key, null, receivedAt, receivedAt);
    }

    private static RejectReason reason(Decision decision) {
        assertThat(decision).isInstanceOf(Rejected.class);
        return ((Rejected) decision).reason();
    }
}
