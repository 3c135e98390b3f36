package io.payments.processor.topology;

import io.payments.avro.AccountBalance;
import io.payments.avro.CreditLeg;
import io.payments.avro.LedgerEntry;
import io.payments.avro.OpenAccount;
import io.payments.avro.Outcome;
import io.payments.avro.RefundLeg;
import io.payments.avro.RequestType;
import io.payments.avro.TransferRequest;
import io.payments.avro.TransferResult;
import io.payments.avro.TransferState;
import io.payments.avro.TransferStatus;
import io.payments.ledger.Account;
import io.payments.ledger.AccountKind;
import io.payments.ledger.Command;
import io.payments.ledger.Decision;
import io.payments.ledger.Echo;
import io.payments.ledger.Entry;
import io.payments.ledger.LedgerRules;
import io.payments.ledger.RejectReason;
import java.util.LinkedHashMap;
import java.util.Map;
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
                state.getBalanceMinor(), state.getVersion());
    }

    static AccountBalance accountBalance(Account account, long updatedAt) {
        return new AccountBalance(account.id(), account.currency(), io.payments.avro.AccountKind.valueOf(account.kind().name()),
                account.balance(), account.version(), updatedAt);
    }

    static io.payments.avro.RejectReason reason(RejectReason reason) {
        return io.payments.avro.RejectReason.valueOf(reason.name());
    }

    static LedgerEntry ledgerEntry(Entry entry, String transferId, String sourceAccountId, String counterparty,
                                   RecordMetadata cause, long requestedAt, long appliedAt) {
        return new LedgerEntry(entry.accountId(), entry.version(), entry.amount(), entry.currency(), entry.balanceAfter(),
                transferId, sourceAccountId, counterparty, io.payments.avro.Leg.valueOf(entry.leg().name()),
                cause.partition(), cause.offset(), requestedAt, appliedAt);
    }

    /** The result of a transfer whose credit was applied: decided on the destination's task. */
    static TransferResult completed(CreditLeg leg, long decidedAt) {
        return new TransferResult(leg.getTransferId(), RequestType.TRANSFER, leg.getSourceAccountId(),
                leg.getDestinationAccountId(), leg.getAmountMinor(), leg.getCurrency(), Outcome.COMPLETED, null, null,
                null, null, false, true, leg.getRequestedAt(), decidedAt, leg.getMetadata(), null);
    }

    /** What the requests store remembers of a transfer request when first seen; the decision may change the status. */
    static TransferState requestState(TransferRequest request, long firstSeenAt) {
        return new TransferState(RequestType.TRANSFER, request.getTransferId(), request.getSourceAccountId(),
                request.getDestinationAccountId(), request.getAmountMinor(), request.getCurrency(), null,
                request.getMetadata(), request.getRequestedAt(), firstSeenAt, TransferStatus.DEBITED,
                null, null, null, null, null, 0, null);
    }

    static TransferState requestState(OpenAccount command, long firstSeenAt) {
        return new TransferState(RequestType.OPEN_ACCOUNT, command.getRequestId(), command.getAccountId(), null, 0L,
                command.getCurrency(), command.getKind(), null, command.getRequestedAt(), firstSeenAt,
                TransferStatus.COMPLETED, null, null, null, null, null, 0, null);
    }

    /**
     * Whether a request with a remembered id has the same content: then it is a retry. A rejected
     * request is remembered as echoed (see {@link #reject}), so a retry is compared in that form.
     */
    static boolean sameContent(TransferState state, TransferRequest request) {
        TransferState again = requestState(request, state.getFirstSeenAt());
        if (state.getStatus() == TransferStatus.REJECTED) {
            echo(again);
        }
        return state.getRequestType() == RequestType.TRANSFER && LedgerRules.sameRequest(transfer(state), transfer(again));
    }

    static boolean sameContent(TransferState state, OpenAccount command) {
        TransferState again = requestState(command, state.getFirstSeenAt());
        if (state.getStatus() == TransferStatus.REJECTED) {
            echo(again);
        }
        return state.getRequestType() == RequestType.OPEN_ACCOUNT && LedgerRules.sameRequest(openAccount(state),
                openAccount(again));
    }

    private static Command.Transfer transfer(TransferState state) {
        return new Command.Transfer(state.getTransferId(), state.getSourceAccountId(), state.getDestinationAccountId(),
                state.getAmountMinor(), state.getCurrency(), state.getMetadata());
    }

    private static Command.OpenAccount openAccount(TransferState state) {
        return new Command.OpenAccount(state.getTransferId(), state.getSourceAccountId(), state.getCurrency(),
                kind(state.getKind()));
    }

    /**
     * Records a rejection in the state (status, reason, and the account state it was decided
     * against). The request's fields are kept as a rejection echoes them ({@link Echo}: escaped
     * and cut, metadata capped), so that neither the result nor the remembered state, which is
     * written to a changelog, holds more of the input than a few kilobytes or a value no reader
     * can store; a retry is compared with that echo.
     */
    static void reject(TransferState state, Decision.Rejected rejected, long decidedAt) {
        echo(state);
        state.setStatus(TransferStatus.REJECTED);
        state.setReason(reason(rejected.reason()));
        state.setReasonDetail(Echo.escaped(rejected.detail()));
        state.setObservedBalanceMinor(rejected.observed() == null ? null : rejected.observed().balance());
        state.setObservedVersion(rejected.observed() == null ? null : rejected.observed().version());
        state.setDecidedAt(decidedAt);
    }

    /**
     * The result a request state stands for. A DEBITED transfer is reported COMPLETED: the caller
     * asks only once it knows no refund is coming (see {@link io.payments.avro.RetryEcho}).
     */
    static TransferResult result(TransferState state, boolean duplicate, boolean recorded, long decidedAt) {
        return new TransferResult(state.getTransferId(), state.getRequestType(), state.getSourceAccountId(),
                state.getDestinationAccountId(), state.getAmountMinor(), state.getCurrency(), outcome(state.getStatus()),
                state.getReason(), state.getReasonDetail(), state.getObservedBalanceMinor(), state.getObservedVersion(),
                duplicate, recorded, state.getRequestedAt(), state.getDecidedAt() == null ? decidedAt : state.getDecidedAt(),
                state.getMetadata(), state.getKind());
    }

    /** The request's fields as a rejection echoes them. */
    private static void echo(TransferState state) {
        state.setTransferId(Echo.cut(state.getTransferId()));
        state.setSourceAccountId(Echo.cut(state.getSourceAccountId()));
        state.setDestinationAccountId(Echo.cut(state.getDestinationAccountId()));
        state.setCurrency(Echo.cut(state.getCurrency()));
        state.setMetadata(echoed(state.getMetadata()));
    }

    /** At most as many entries as a request may carry, each key and value escaped and cut. */
    private static Map<String, String> echoed(Map<String, String> metadata) {
        if (metadata == null) {
            return null;
        }
        Map<String, String> echoed = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
            if (echoed.size() == LedgerRules.MAX_METADATA_ENTRIES) {
                break;
            }
            echoed.put(Echo.cut(entry.getKey()), Echo.cut(entry.getValue()));
        }
        return echoed;
    }

    private static Outcome outcome(TransferStatus status) {
        return switch (status) {
            case COMPLETED, DEBITED -> Outcome.COMPLETED;
            case REVERSED -> Outcome.REVERSED;
            case REJECTED -> Outcome.REJECTED;
        };
    }

}
