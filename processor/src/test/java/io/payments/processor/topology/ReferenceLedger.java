package io.payments.processor.topology;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A deliberately simple model of the ledger for property tests, written apart from the
 * production rules: whole transfers applied one at a time to a map of balances, with the same
 * documented order of checks. It knows nothing of legs, Kafka or Avro: where a command sits is a
 * predicate on its account, and time is the broker's time of each command, given with it.
 */
final class ReferenceLedger {

    private static final long YEAR_2000 = 946_684_800_000L;
    private static final long DAY = 24 * 3_600_000L;

    record Account(String currency, boolean settlement, long balance) {
    }

    /** Outcome and reason names as on the results topic; duplicate when it repeats an earlier result. */
    record Result(String outcome, String reason, boolean duplicate) {
    }

    private record Remembered(String content, Result result, long firstSeen) {
    }

    final Map<String, Account> accounts = new HashMap<>();
    private final Map<String, Remembered> ids = new HashMap<>();
    private final long retention;
    private final Predicate<String> onItsPartition;

    /**
     * @param retention      how long an id is remembered, in milliseconds of broker time
     * @param onItsPartition whether a command keyed by this account reaches the partition that holds it
     */
    ReferenceLedger(long retention, Predicate<String> onItsPartition) {
        this.retention = retention;
        this.onItsPartition = onItsPartition;
    }

    Result open(String requestId, String accountId, String currency, boolean settlement, long requestedAt, long now) {
        Result envelope = envelope(requestId, accountId, requestedAt, now);
        if (envelope != null) {
            return envelope;
        }
        return decideOnce(accountId + "/" + requestId, "open " + currency + " " + settlement, currency, now, () -> {
            if (accounts.containsKey(accountId)) {
                return rejected("ACCOUNT_ALREADY_EXISTS");
            }
            accounts.put(accountId, new Account(currency, settlement, 0));
            return new Result("COMPLETED", null, false);
        });
    }

    Result transfer(String transferId, String from, String to, long amount, String currency, long requestedAt, long now) {
        Result envelope = envelope(transferId, from, requestedAt, now);
        if (envelope != null) {
            return envelope;
        }
        return decideOnce(from + "/" + transferId, "transfer " + to + " " + amount + " " + currency, currency, now,
                () -> decide(from, to, amount, currency));
    }

    /**
     * After the envelope: a retry gets the earlier result; then the fields (here only the
     * currency); then an id remembered for other content is refused; then the rules, whose
     * result the id keeps. A refusal of fields or of a reused id leaves what the id remembers.
     */
    private Result decideOnce(String id, String content, String currency, long now, Supplier<Result> rules) {
        Remembered remembered = ids.get(id);
        boolean known = remembered != null && now - remembered.firstSeen() <= retention;
        if (known && remembered.content().equals(content)) {
            return new Result(remembered.result().outcome(), remembered.result().reason(), true);
        }
        Result result;
        if (!currency.equals("EUR") && !currency.equals("USD")) {
            result = rejected("INVALID_FIELD");
        } else if (known) {
            return rejected("ID_REUSED_WITH_DIFFERENT_CONTENT");
        } else {
            result = rules.get();
        }
        if (!known) {
            ids.put(id, new Remembered(content, result, now));
        }
        return result;
    }

    /** Refusals that remember nothing: a blank id, a command away from its account's partition, a time out of range. */
    private Result envelope(String id, String account, long requestedAt, long now) {
        if (id.isBlank()) {
            return rejected("INVALID_FIELD");
        }
        if (!onItsPartition.test(account)) {
            return rejected("WRONG_PARTITION");
        }
        if (requestedAt < YEAR_2000 || requestedAt > now + DAY) {
            return rejected("INVALID_FIELD");
        }
        return null;
    }

    private Result decide(String from, String to, long amount, String currency) {
        if (amount <= 0) {
            return rejected("NON_POSITIVE_AMOUNT");
        }
        if (from.equals(to)) {
            return rejected("SAME_ACCOUNT");
        }
        Account source = accounts.get(from);
        if (source == null) {
            return rejected("UNKNOWN_SOURCE_ACCOUNT");
        }
        if (!source.currency().equals(currency)) {
            return rejected("CURRENCY_MISMATCH");
        }
        if (source.balance() < Long.MIN_VALUE + amount) {
            return rejected("AMOUNT_OVERFLOW");
        }
        if (!source.settlement() && source.balance() < amount) {
            return rejected("INSUFFICIENT_FUNDS");
        }
        Account destination = accounts.get(to);
        if (destination == null) {
            return new Result("REVERSED", "UNKNOWN_DESTINATION_ACCOUNT", false);
        }
        if (!destination.currency().equals(currency)) {
            return new Result("REVERSED", "CURRENCY_MISMATCH", false);
        }
        if (destination.balance() > Long.MAX_VALUE - amount) {
            return new Result("REVERSED", "AMOUNT_OVERFLOW", false);
        }
        accounts.put(from, new Account(source.currency(), source.settlement(), source.balance() - amount));
        accounts.put(to, new Account(destination.currency(), destination.settlement(), destination.balance() + amount));
        return new Result("COMPLETED", null, false);
    }

    private static Result rejected(String reason) {
        return new Result("REJECTED", reason, false);
    }
}
