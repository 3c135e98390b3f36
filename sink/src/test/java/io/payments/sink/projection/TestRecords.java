package io.payments.sink.projection;

import io.payments.avro.AccountKind;
import io.payments.avro.LedgerEntry;
import io.payments.avro.Leg;
import io.payments.avro.Outcome;
import io.payments.avro.RejectReason;
import io.payments.avro.RequestType;
import io.payments.avro.TransferResult;

/** Ledger entries and results as the processor writes them, for tests of the sink without Kafka or PostgreSQL. */
public final class TestRecords {

    private TestRecords() {
    }

    /** The leg of a transfer of {@code amount} minor units EUR on {@code account}, version {@code version}; a debit's amount is negative. */
    public static LedgerEntry entry(String account, long version, Leg leg, String transferId, String source,
                                    String counterparty, long amount) {
        return new LedgerEntry(account, version, leg == Leg.DEBIT ? -amount : amount, "EUR", 1_000L - amount, transferId,
                source, counterparty, leg, 0, version, 1_000L, 2_000L, 0L, 0L, null);
    }

    /**
     * An entry of hold {@code holdId} of {@code held} minor units EUR from {@code source} to {@code destination}:
     * HOLD places it, a DEBIT of {@code posted} posts it, RELEASE voids it, EXPIRY expires it.
     */
    public static LedgerEntry holdEntry(String source, long version, Leg leg, String holdId, String destination,
                                        long held, long posted, long requestedAt) {
        long pendingChange = leg == Leg.HOLD ? held : -held;
        return new LedgerEntry(source, version, leg == Leg.DEBIT ? -posted : 0, "EUR", 1_000L - posted,
                leg == Leg.HOLD || leg == Leg.EXPIRY ? holdId : "cmd-" + version, source, destination, leg, 0, version,
                requestedAt, requestedAt + 1, pendingChange, leg == Leg.HOLD ? held : 0, holdId);
    }

    /** The debit of transfer {@code transferId} of {@code amount} from {@code source} to {@code destination}. */
    public static LedgerEntry debit(String source, long version, String transferId, String destination, long amount) {
        return entry(source, version, Leg.DEBIT, transferId, source, destination, amount);
    }

    /** The recorded, first result of a transfer. */
    public static TransferResult.Builder transferResult(String source, String transferId, String destination, long amount,
                                                        Outcome outcome, RejectReason reason) {
        return TransferResult.newBuilder().setTransferId(transferId).setRequestType(RequestType.TRANSFER)
                .setSourceAccountId(source).setDestinationAccountId(destination).setAmountMinor(amount)
                .setCurrency("EUR").setOutcome(outcome).setReason(reason)
                .setReasonDetail(reason == null ? null : "detail of " + reason).setRecorded(true).setDuplicate(false)
                .setRequestedAt(1_000L).setDecidedAt(3_000L);
    }

    /** The first, completed result of opening {@code account}. */
    public static TransferResult.Builder opened(String account, AccountKind kind) {
        return TransferResult.newBuilder().setTransferId("open-" + account).setRequestType(RequestType.OPEN_ACCOUNT)
                .setSourceAccountId(account).setAmountMinor(0).setCurrency("EUR").setOutcome(Outcome.COMPLETED)
                .setRecorded(true).setDuplicate(false).setRequestedAt(1_000L).setDecidedAt(4_000L).setAccountKind(kind);
    }
}
