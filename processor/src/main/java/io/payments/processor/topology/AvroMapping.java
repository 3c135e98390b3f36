package io.payments.processor.topology;

import io.payments.avro.AccountBalance;
import io.payments.avro.CreditLeg;
import io.payments.avro.LedgerEntry;
import io.payments.avro.OpenAccount;
import io.payments.avro.Outcome;
import io.payments.avro.RefundLeg;
import io.payments.avro.RequestState;
import io.payments.avro.RequestType;
import io.payments.avro.TransferRequest;
import io.payments.avro.TransferResult;
import io.payments.avro.TransferStatus;
import io.payments.ledger.Account;
import io.payments.ledger.AccountKind;
import io.payments.ledger.Command;
import io.payments.ledger.Decision;
import io.payments.ledger.Echo;
import io.payments.ledger.Entry;
import io.payments.ledger.Envelope;
import io.payments.ledger.RejectReason;
import io.payments.ledger.Remembered;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Converts between the Avro records on the topics and in the stores, and the ledger's own types. */
final class AvroMapping {

    private AvroMapping() {
    }

    static Command.Transfer transfer(TransferRequest request) {
        return new Command.Transfer(request.getTransferId(), request.getSourceAccountId(),
                request.getDestinationAccountId(), request.getAmountMinor(), request.getCurrency(), request.getMetadata());
    }

    static Command.OpenAccount openAccount(OpenAccount command) {
        return new Command.OpenAccount(command.getRequestId(), command.getAccountId(), command.getCurrency(),
                kind(command.getKind()));
    }

    static Command.CreditLeg creditLeg(CreditLeg leg) {
        return new Command.CreditLeg(leg.getTransferId(), leg.getSourceAccountId(), leg.getDestinationAccountId(),
                leg.getAmountMinor(), leg.getCurrency());
    }

    static Command.RefundLeg refundLeg(RefundLeg leg) {
        return new Command.RefundLeg(leg.getTransferId(), leg.getSourceAccountId(), leg.getDestinationAccountId(),
                leg.getAmountMinor(), leg.getCurrency(), leg.getReason() == io.payments.avro.RejectReason.UNKNOWN ? null
                : RejectReason.valueOf(leg.getReason().name()));
    }

    /** The ledger's kind; null for a kind this release does not know (read as UNKNOWN), which the rules refuse. */
    private static AccountKind kind(io.payments.avro.AccountKind kind) {
        return kind == null || kind == io.payments.avro.AccountKind.UNKNOWN ? null : AccountKind.valueOf(kind.name());
    }

    static Account account(String id, AccountBalance state) {
        return state == null ? null : new Account(id, state.getCurrency(), AccountKind.valueOf(state.getKind().name()),
                state.getBalanceMinor(), state.getVersion(), state.getPendingDebitsMinor());
    }

    static AccountBalance accountBalance(Account account, long updatedAt) {
        return new AccountBalance(account.id(), account.currency(), io.payments.avro.AccountKind.valueOf(account.kind().name()),
                account.balance(), account.version(), updatedAt, account.pendingDebits());
    }

    static io.payments.avro.RejectReason reason(RejectReason reason) {
        return io.payments.avro.RejectReason.valueOf(reason.name());
    }

    /** @param holdId the hold the entry places, posts, releases or expires; null for a plain transfer's */
    static LedgerEntry ledgerEntry(Entry entry, String transferId, String sourceAccountId, String counterparty,
                                   String holdId, RecordMetadata cause, long requestedAt, long appliedAt) {
        return new LedgerEntry(entry.accountId(), entry.version(), entry.amount(), entry.currency(), entry.balanceAfter(),
                transferId, sourceAccountId, counterparty, io.payments.avro.Leg.valueOf(entry.leg().name()),
                cause.partition(), cause.offset(), requestedAt, appliedAt, entry.pendingChange(), entry.pendingAfter(),
                holdId);
    }

    /** The result of a transfer or post whose credit was applied: decided on the destination's task. */
    static TransferResult completed(CreditLeg leg, long decidedAt) {
        return new TransferResult(leg.getTransferId(), leg.getRequestType() == null ? RequestType.TRANSFER
                : leg.getRequestType(), leg.getSourceAccountId(), leg.getDestinationAccountId(), leg.getAmountMinor(),
                leg.getCurrency(), Outcome.COMPLETED, null, null, null, null, false, true, leg.getRequestedAt(), decidedAt,
                leg.getMetadata(), null, leg.getHoldId(), null, null);
    }

    /**
     * What the requests store remembers of a transfer request: DEBITED, until a decision says
     * otherwise. {@code requestedAt} is the envelope's ({@link Envelope#requestedAtOrReceived}).
     */
    static RequestState requestState(TransferRequest request, long requestedAt, long firstSeenAt) {
        return new RequestState(RequestType.TRANSFER, request.getTransferId(), request.getSourceAccountId(),
                request.getDestinationAccountId(), request.getAmountMinor(), request.getCurrency(), null,
                request.getMetadata(), requestedAt, firstSeenAt, TransferStatus.DEBITED,
                null, null, null, null, null, 0, null, null, null, null, null, null);
    }

    /** What the requests store remembers of an OpenAccount: COMPLETED, until a decision says otherwise. */
    static RequestState requestState(OpenAccount command, long requestedAt, long firstSeenAt) {
        return new RequestState(RequestType.OPEN_ACCOUNT, command.getRequestId(), command.getAccountId(), null, 0L,
                command.getCurrency(), command.getKind(), null, requestedAt, firstSeenAt,
                TransferStatus.COMPLETED, null, null, null, null, null, 0, null, null, null, null, null, null);
    }

    /**
     * What the ledger needs to know of a remembered request: the request as stored (echoed, if it
     * was rejected) and where it stands. A request type this release does not know (read as
     * UNKNOWN) is remembered without its request, so nothing is a retry of it.
     *
     * @return null when nothing is remembered
     */
    static Remembered remembered(RequestState state) {
        if (state == null) {
            return null;
        }
        Command.Request request = switch (state.getRequestType()) {
            case TRANSFER -> new Command.Transfer(state.getRequestId(), state.getSourceAccountId(),
                    state.getDestinationAccountId(), state.getAmountMinor(), state.getCurrency(), state.getMetadata());
            case OPEN_ACCOUNT -> new Command.OpenAccount(state.getRequestId(), state.getSourceAccountId(),
                    state.getCurrency(), kind(state.getKind()));
            case PLACE_HOLD, POST_HOLD, VOID_HOLD -> HoldMapping.request(state);
            case UNKNOWN -> null;
        };
        return new Remembered(request, Remembered.Status.valueOf(state.getStatus().name()));
    }

    /**
     * Records a rejection in the state (status, reason, and the account state it was decided
     * against). The request's fields are replaced by the ledger's echo of them
     * ({@link Command.Request#echoed}: escaped and cut, metadata capped), so that neither the
     * result nor the remembered state, which is written to a changelog, holds more of the input
     * than a few kilobytes or a value no reader can store; a retry is compared with that echo. A
     * request sent without metadata keeps none.
     */
    static void reject(RequestState state, Command.Request echoed, Decision.Rejected rejected, long decidedAt) {
        state.setRequestId(echoed.requestId());
        state.setSourceAccountId(echoed.accountId());
        if (echoed instanceof Command.Transfer transfer) {
            state.setDestinationAccountId(transfer.destinationAccountId());
            state.setCurrency(transfer.currency());
            state.setMetadata(state.getMetadata() == null ? null : transfer.metadata());
        } else if (echoed instanceof Command.OpenAccount open) {
            state.setCurrency(open.currency());
        } else {
            HoldMapping.echo(state, echoed);
        }
        state.setStatus(TransferStatus.REJECTED);
        state.setReason(reason(rejected.reason()));
        state.setReasonDetail(Echo.escaped(rejected.detail()));
        state.setObservedBalanceMinor(rejected.observed() == null ? null : rejected.observed().balance());
        state.setObservedVersion(rejected.observed() == null ? null : rejected.observed().version());
        state.setObservedPendingDebitsMinor(rejected.observed() == null ? null : rejected.observed().pendingDebits());
        state.setDecidedAt(decidedAt);
    }

    /**
     * The result a request state stands for. A DEBITED transfer is reported COMPLETED: the caller
     * asks only once it knows no refund is coming (see {@link io.payments.avro.RetryEcho}). A
     * placed hold is HELD, whatever became of the hold since.
     */
    static TransferResult result(RequestState state, boolean duplicate, boolean recorded, long decidedAt) {
        boolean placedHold = state.getRequestType() == RequestType.PLACE_HOLD;
        return new TransferResult(state.getRequestId(), state.getRequestType(), state.getSourceAccountId(),
                state.getDestinationAccountId(), state.getAmountMinor(), state.getCurrency(),
                placedHold && state.getStatus() == TransferStatus.COMPLETED ? Outcome.HELD : outcome(state.getStatus()),
                state.getReason(), state.getReasonDetail(), state.getObservedBalanceMinor(), state.getObservedVersion(),
                duplicate, recorded, state.getRequestedAt(), state.getDecidedAt() == null ? decidedAt : state.getDecidedAt(),
                state.getMetadata(), state.getKind(), placedHold ? state.getRequestId() : state.getHoldId(),
                state.getTimeoutSeconds(), state.getObservedPendingDebitsMinor());
    }

    private static Outcome outcome(TransferStatus status) {
        return switch (status) {
            case COMPLETED, DEBITED -> Outcome.COMPLETED;
            case REVERSED -> Outcome.REVERSED;
            case REJECTED -> Outcome.REJECTED;
        };
    }
}
