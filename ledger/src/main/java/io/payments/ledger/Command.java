package io.payments.ledger;

import java.util.Map;

/** What the ledger is asked to do. Transfers are carried out in legs: debit, then credit or refund. */
public sealed interface Command {

    /** Open an account; requestId makes a retry recognisable. */
    record OpenAccount(String requestId, String accountId, String currency, AccountKind kind) implements Command {
    }

    /** Move amount (minor units) from source to destination; transferId is scoped to the source. */
    record Transfer(String transferId, String sourceAccountId, String destinationAccountId, long amount,
                    String currency, Map<String, String> metadata) implements Command {

        public Transfer {
            metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        }
    }

    /** Second leg: credit the destination with what was debited from the source. */
    record CreditLeg(String transferId, String sourceAccountId, String destinationAccountId, long amount,
                     String currency) implements Command {
    }

    /** Compensation: give the debited amount back to the source because the credit failed. */
    record RefundLeg(String transferId, String sourceAccountId, String destinationAccountId, long amount,
                     String currency, RejectReason reason) implements Command {
    }
}
