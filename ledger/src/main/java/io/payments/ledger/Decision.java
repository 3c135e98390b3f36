package io.payments.ledger;

/** The result of applying one command to the state it acts on. */
public sealed interface Decision {

    /**
     * Nothing moved. {@code observed} is the state the decision was made against (null when the
     * account is unknown or the request was invalid before any state was read), so an audit can
     * re-check it later.
     */
    record Rejected(RejectReason reason, String detail, Account observed) implements Decision {
    }

    /** A new account. */
    record Opened(Account account) implements Decision {
    }

    /** The source was debited; the credit leg goes to the destination. */
    record Debited(Account source, Entry entry) implements Decision {
    }

    /** The destination was credited: the transfer is COMPLETED. */
    record Credited(Account destination, Entry entry) implements Decision {
    }

    /** The destination cannot take the credit: the amount is refunded and the transfer REVERSED. */
    record CreditRefused(RejectReason reason, String detail) implements Decision {
    }

    /** The source got the amount back: the transfer is REVERSED. */
    record Refunded(Account source, Entry entry) implements Decision {
    }
}
