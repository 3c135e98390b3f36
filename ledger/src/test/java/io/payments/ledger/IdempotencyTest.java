package io.payments.ledger;

import static io.payments.ledger.LedgerRulesTest.sound;
import static org.assertj.core.api.Assertions.assertThat;

import io.payments.ledger.Command.OpenAccount;
import io.payments.ledger.Command.Transfer;
import io.payments.ledger.Decision.Duplicate;
import io.payments.ledger.Decision.Probe;
import io.payments.ledger.Decision.Rejected;
import io.payments.ledger.Remembered.Status;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A request id seen before: the same content is answered with the original outcome, other content is refused. */
class IdempotencyTest {

    private static final Account ALICE = new Account("alice", "EUR", AccountKind.CUSTOMER, 1_000, 4);
    private static final Transfer FIRST = new Transfer("t", "alice", "bob", 5, "EUR", Map.of("invoice", "1"));

    @Test
    void theSameContentGetsTheOriginalOutcomeOrAProbeWhileInFlight() {
        Transfer again = new Transfer("t", "alice", "bob", 5, "EUR", Map.of("invoice", "1"));

        assertThat(decide(again, new Remembered(FIRST, Status.COMPLETED))).isInstanceOf(Duplicate.class);
        assertThat(decide(again, new Remembered(FIRST, Status.REVERSED))).isInstanceOf(Duplicate.class);
        assertThat(decide(again, new Remembered(FIRST, Status.DEBITED))).isInstanceOf(Probe.class);
    }

    @Test
    void otherContentIsRefusedWithoutTouchingTheOriginal() {
        Decision other = decide(new Transfer("t", "alice", "bob", 6, "EUR", Map.of("invoice", "1")),
                new Remembered(FIRST, Status.COMPLETED));
        Decision noMetadata = decide(new Transfer("t", "alice", "bob", 5, "EUR", null), new Remembered(FIRST, Status.COMPLETED));

        assertThat(other).isEqualTo(new Rejected(RejectReason.ID_REUSED_WITH_DIFFERENT_CONTENT,
                "id t was first used from alice for another request (TRANSFER of 5 EUR to bob)", ALICE, false));
        assertThat(LedgerRulesTest.reason(noMetadata)).isEqualTo(RejectReason.ID_REUSED_WITH_DIFFERENT_CONTENT);
    }

    @Test
    void validationComesBeforeTheIdsReuse() {
        Decision invalid = decide(new Transfer("t", "alice", "bob", 5, "EUX", null), new Remembered(FIRST, Status.COMPLETED));

        assertThat(invalid).isInstanceOfSatisfying(Rejected.class, r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.INVALID_FIELD);
            assertThat(r.detail()).startsWith("currency:");
            assertThat(r.recorded()).as("the original stands under its id").isFalse();
        });
    }

    @Test
    void aRejectedRequestIsRememberedAsEchoedAndARetryMatchesItAsSent() {
        Transfer sent = new Transfer("t", "alice", "bob\u0000", 5, "EU\u0085", Map.of("note\u0000", "x".repeat(300)));
        Remembered rejected = new Remembered(sent.echoed(), Status.REJECTED);

        assertThat(decide(sent, rejected)).as("a retry, though invalid").isInstanceOf(Duplicate.class);
        assertThat(decide(sent, new Remembered(sent.echoed(), Status.COMPLETED))).as("only a rejection is echoed")
                .isInstanceOf(Rejected.class);
    }

    @Test
    void theEnvelopeIsCheckedBeforeARetryIsRecognised() {
        Decision late = LedgerRules.decideTransfer(FIRST, new Envelope("alice", null, 0, LedgerRulesTest.NOW), ALICE,
                new Remembered(FIRST, Status.COMPLETED));

        assertThat(LedgerRulesTest.detail(late)).startsWith("requestedAt:");
    }

    @Test
    void anOpenAccountIsRecognisedTooAndAnIdUsedByAnotherKindOfRequestIsReused() {
        OpenAccount open = new OpenAccount("t", "alice", "EUR", AccountKind.CUSTOMER);

        assertThat(LedgerRules.decideOpenAccount(open, sound("alice"), ALICE, new Remembered(open, Status.COMPLETED)))
                .isInstanceOf(Duplicate.class);
        assertThat(LedgerRulesTest.detail(LedgerRules.decideOpenAccount(open, sound("alice"), ALICE,
                new Remembered(FIRST, Status.COMPLETED)))).endsWith("(TRANSFER of 5 EUR to bob)");
        assertThat(LedgerRulesTest.detail(decide(FIRST, new Remembered(open, Status.REJECTED))))
                .endsWith("(OPEN_ACCOUNT of 0 EUR)");
        assertThat(LedgerRulesTest.detail(decide(FIRST, new Remembered(null, Status.COMPLETED))))
                .endsWith("(of a kind this release does not know)");
    }

    @Test
    void anIdIsRememberedByItselfThenItsAccount() {
        assertThat(Remembered.key("alice", "t-1")).isEqualTo("t-1\u0000alice");
    }

    private static Decision decide(Transfer transfer, Remembered remembered) {
        return LedgerRules.decideTransfer(transfer, sound(transfer.sourceAccountId()), ALICE, remembered);
    }
}
