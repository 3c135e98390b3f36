package io.payments.schemas.serde;

import io.payments.avro.AccountBalance;
import io.payments.avro.AccountKind;
import io.payments.avro.CreditLeg;
import io.payments.avro.LedgerEntry;
import io.payments.avro.Leg;
import io.payments.avro.OpenAccount;
import io.payments.avro.Outcome;
import io.payments.avro.RefundLeg;
import io.payments.avro.RejectReason;
import io.payments.avro.RequestType;
import io.payments.avro.RetryEcho;
import io.payments.avro.RetryProbe;
import io.payments.avro.TransferRequest;
import io.payments.avro.TransferResult;
import java.util.Map;

/** One filled-in example of every record type, with values at the edges (long extremes, empty maps). */
final class SampleRecords {

    static final long AT = 1_700_000_000_000L;

    private SampleRecords() {
    }

    static TransferRequest transferRequest() {
        return new TransferRequest("t-1", "acc-1", "acc-2", 12_345L, "EUR", AT, Map.of("invoice", "42"));
    }

    static OpenAccount openAccount() {
        return new OpenAccount("r-1", "acc-1", "JPY", AccountKind.SETTLEMENT, AT);
    }

    static CreditLeg creditLeg() {
        return new CreditLeg("t-1", "acc-1", "acc-2", Long.MAX_VALUE, "EUR", AT, 7L, null, null, null, "k1", "mac");
    }

    static RefundLeg refundLeg() {
        return new RefundLeg("t-1", "acc-1", "acc-2", 1L, "EUR", AT, RejectReason.CURRENCY_MISMATCH,
                "account acc-2 is in USD", Map.of(), 3L, null, null, null, null);
    }

    static RetryProbe retryProbe() {
        return new RetryProbe("t-1", "acc-1", "acc-2", null, null);
    }

    static RetryEcho retryEcho() {
        return new RetryEcho("t-1", "acc-1", "acc-2", null, null);
    }

    static LedgerEntry ledgerEntry() {
        return new LedgerEntry("acc-1", 3L, -12_345L, "EUR", Long.MIN_VALUE + 1, "t-1", "acc-1", "acc-2", Leg.DEBIT,
                5, 123_456_789_012L, AT, AT + 3, 0L, 0L, null);
    }

    static TransferResult transferResult() {
        return new TransferResult("t-1", RequestType.TRANSFER, "acc-1", "acc-2", 12_345L, "EUR", Outcome.REJECTED,
                RejectReason.INSUFFICIENT_FUNDS, "balance 100 < amount 12345", 100L, 3L, false, true, AT, AT + 9,
                null, null, null, null, null);
    }

    static AccountBalance accountBalance() {
        return new AccountBalance("acc-1", "EUR", AccountKind.CUSTOMER, 0L, 0L, AT, 0L);
    }
}
