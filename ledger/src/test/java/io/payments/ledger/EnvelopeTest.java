package io.payments.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.payments.ledger.Command.OpenAccount;
import io.payments.ledger.Command.Transfer;
import io.payments.ledger.Decision.Rejected;
import org.junit.jupiter.api.Test;

/** What a request arrived in: its ids, key, partition and time, refused before anything else and never recorded. */
class EnvelopeTest {

    private static final long RECEIVED = 1_764_000_000_000L;
    private static final long DAY = 24 * 3_600_000L;
    private static final Transfer TRANSFER = new Transfer("t-1", "alice", "bob", 5, "EUR", null);

    @Test
    void requestedAtMustLieBetweenTheYear2000AndADayAfterTheBrokersTime() {
        assertThat(at(Envelope.EARLIEST_REQUESTED_AT).requestedAtPlausible()).isTrue();
        assertThat(at(RECEIVED + DAY).requestedAtPlausible()).isTrue();
        assertThat(at(RECEIVED - 400 * DAY).requestedAtPlausible()).as("an outbox replay").isTrue();

        assertThat(refusal(at(Envelope.EARLIEST_REQUESTED_AT - 1)).detail())
                .isEqualTo("requestedAt: 946684799999 (1999-12-31T23:59:59.999Z) is before 2000-01-01T00:00:00Z; it must be"
                        + " the request's time in milliseconds since the Unix epoch (UTC)");
        assertThat(refusal(at(RECEIVED + DAY + 1)).detail())
                .contains("is more than 24 hours after the broker received the command (2025-11-24T16:00:00Z)");
        assertThat(refusal(at(Long.MAX_VALUE)).reason()).isEqualTo(RejectReason.INVALID_FIELD);
        assertThat(refusal(at(Long.MIN_VALUE)).reason()).isEqualTo(RejectReason.INVALID_FIELD);
    }

    @Test
    void aResultCarriesTheBrokersTimeInPlaceOfAnImplausibleRequestedAt() {
        assertThat(at(RECEIVED - 5).requestedAtOrReceived()).isEqualTo(RECEIVED - 5);
        assertThat(at(0).requestedAtOrReceived()).isEqualTo(RECEIVED);
    }

    @Test
    void aKeyOtherThanTheAccountIsAnInvalidFieldNamingBoth() {
        Rejected missing = refusal(new Envelope(null, null, RECEIVED, RECEIVED));
        Rejected other = refusal(new Envelope("bob\u0000", null, RECEIVED, RECEIVED));

        assertThat(missing.detail()).startsWith("key: the record key is missing; it must be the account the command acts on, \"alice\"");
        assertThat(other.detail()).startsWith("key: the record key \"bob\\u0000\" differs");
    }

    @Test
    void aMisplacedRecordIsRefusedWithTheProcessorsWordsForWhere() {
        Rejected misplaced = refusal(new Envelope("alice", "on partition 2, belongs on 5", RECEIVED, RECEIVED));

        assertThat(misplaced).isEqualTo(new Rejected(RejectReason.WRONG_PARTITION, "on partition 2, belongs on 5", null, false));
    }

    @Test
    void anOpenAccountHasTheSameEnvelopeWithItsOwnFieldNames() {
        Decision decision = LedgerRules.decideOpenAccount(new OpenAccount("r 1", "dave", "EUR", AccountKind.CUSTOMER),
                new Envelope("dave", null, RECEIVED, RECEIVED), null, null);

        assertThat(((Rejected) decision).detail()).startsWith("requestId:");
        assertThat(((Rejected) decision).recorded()).isFalse();
    }

    private static Envelope at(long requestedAt) {
        return new Envelope("alice", null, requestedAt, RECEIVED);
    }

    private static Rejected refusal(Envelope envelope) {
        Rejected rejected = (Rejected) LedgerRules.decideTransfer(TRANSFER, envelope,
                new Account("alice", "EUR", AccountKind.CUSTOMER, 100, 1), null);
        assertThat(rejected.recorded()).as("an envelope's refusal is never recorded").isFalse();
        return rejected;
    }
}
