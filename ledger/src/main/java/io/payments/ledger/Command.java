package io.payments.ledger;

import java.util.Map;

/**
 * What the ledger is asked to do: a client's {@link Request}, or a leg the processor sends itself.
 * Transfers are carried out in legs: debit, then credit or refund.
 */
public sealed interface Command {

    /**
     * A command a client sends, with an id of the client's choosing by which a retry is
     * recognised. The id is scoped to the account the request acts on first, whose task decides
     * it and remembers the id ({@link Remembered}).
     */
    sealed interface Request extends Command permits OpenAccount, Transfer, PlaceHold, PostHold, VoidHold {

        /** The client's id of the request: a transfer id or a request id. */
        String requestId();

        /** The account the request acts on first (a transfer's source): its record key and its id's scope. */
        String accountId();

        /**
         * The request as a rejection echoes it: ids, currency and metadata escaped and cut as
         * {@link Echo#cut} does, at most {@link LedgerRules#MAX_METADATA_ENTRIES} metadata entries,
         * so that a result or remembered state holds a few kilobytes of the input at most, and
         * nothing a reader cannot store. A rejected request is remembered in this form, and a
         * retry is compared with it in this form.
         */
        Request echoed();
    }

    /** Open an account; requestId makes a retry recognisable. */
    record OpenAccount(String requestId, String accountId, String currency, AccountKind kind) implements Request {

        @Override
        public OpenAccount echoed() {
            return new OpenAccount(Echo.cut(requestId), Echo.cut(accountId), Echo.cut(currency), kind);
        }
    }

    /** Move amount (minor units) from source to destination; transferId is scoped to the source. */
    record Transfer(String transferId, String sourceAccountId, String destinationAccountId, long amount,
                    String currency, Map<String, String> metadata) implements Request {

        public Transfer {
            metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        }

        @Override
        public String requestId() {
            return transferId;
        }

        @Override
        public String accountId() {
            return sourceAccountId;
        }

        @Override
        public Transfer echoed() {
            return new Transfer(Echo.cut(transferId), Echo.cut(sourceAccountId), Echo.cut(destinationAccountId), amount,
                    Echo.cut(currency), Echo.cutEntries(metadata, LedgerRules.MAX_METADATA_ENTRIES));
        }
    }

    /** Second leg: credit the destination with what was debited from the source. */
    /**
     * Reserve {@code amount} minor units of the source's available balance for the destination:
     * the source's pending debits grow by it, its posted balance does not change, until a
     * {@link PostHold}, a {@link VoidHold} or the timeout ends the hold.
     *
     * @param timeoutSeconds seconds from the broker's time of the command until the hold expires,
     *                       1 to {@link LedgerRules#MAX_HOLD_TIMEOUT_SECONDS}; null for no timeout
     */
    record PlaceHold(String holdId, String sourceAccountId, String destinationAccountId, long amount, String currency,
                     Long timeoutSeconds, Map<String, String> metadata) implements Request {

        public PlaceHold {
            metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        }

        @Override
        public String requestId() {
            return holdId;
        }

        @Override
        public String accountId() {
            return sourceAccountId;
        }

        @Override
        public PlaceHold echoed() {
            return new PlaceHold(Echo.cut(holdId), Echo.cut(sourceAccountId), Echo.cut(destinationAccountId), amount,
                    Echo.cut(currency), timeoutSeconds, Echo.cutEntries(metadata, LedgerRules.MAX_METADATA_ENTRIES));
        }
    }

    /**
     * Settle a hold: debit {@code amount} minor units of it from the source and credit them to the
     * hold's destination, as a transfer's legs do, and release the rest of the hold.
     *
     * @param postId its own id, by which a retry is recognised
     * @param amount 1 up to the held amount; null for all of it
     */
    record PostHold(String postId, String sourceAccountId, String holdId, Long amount) implements Request {

        @Override
        public String requestId() {
            return postId;
        }

        @Override
        public String accountId() {
            return sourceAccountId;
        }

        @Override
        public PostHold echoed() {
            return new PostHold(Echo.cut(postId), Echo.cut(sourceAccountId), Echo.cut(holdId), amount);
        }
    }

    /** Release a whole hold: its amount leaves the source's pending debits; nothing is posted. */
    record VoidHold(String voidId, String sourceAccountId, String holdId) implements Request {

        @Override
        public String requestId() {
            return voidId;
        }

        @Override
        public String accountId() {
            return sourceAccountId;
        }

        @Override
        public VoidHold echoed() {
            return new VoidHold(Echo.cut(voidId), Echo.cut(sourceAccountId), Echo.cut(holdId));
        }
    }

    record CreditLeg(String transferId, String sourceAccountId, String destinationAccountId, long amount,
                     String currency) implements Command {
    }

    /** Compensation: give the debited amount back to the source because the credit failed. */
    record RefundLeg(String transferId, String sourceAccountId, String destinationAccountId, long amount,
                     String currency, RejectReason reason) implements Command {
    }
}
