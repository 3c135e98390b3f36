package io.payments.processor.topology;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A deliberately simple model of the ledger for property tests, written apart from the
 * production rules: whole transfers applied one at a time to a map of balances, with the same
 * documented order of checks. It knows nothing of legs, Kafka or Avro.
 */
final class ReferenceLedger {

    record Account(String currency, boolean settlement, long balance) {
    }

    /** Outcome and reason names as on the results topic; duplicate when it repeats an earlier result. */
    record Result(String outcome, String reason, boolean duplicate) {
    }

    private record Remembered(String content, Result result) {
    }

    final Map<String, Account> accounts = new HashMap<>();
    private final Map<String, Remembered> ids = new HashMap<>();

    Result open(String requestId, String accountId, String currency, boolean settlement) {
        if (requestId.isBlank()) {
            return rejected("INVALID_FIELD");
        }
        String content = "open " + currency + " " + settlement;
        Result earlier = retry(accountId + "/" + requestId, content);
        if (earlier != null) {
            return earlier;
        }
        Result result;
        if (!currency.equals("EUR") && !currency.equals("USD")) {
            result = rejected("INVALID_FIELD");
        } else if (accounts.containsKey(accountId)) {
            result = rejected("ACCOUNT_ALREADY_EXISTS");
        } else {
            accounts.put(accountId, new Account(currency, settlement, 0));
            result = new Result("COMPLETED", null, false);
        }
        ids.put(accountId + "/" + requestId, new Remembered(content, result));
        return result;
    }

    Result transfer(String transferId, String from, String to, long amount, String currency) {
        if (transferId.isBlank()) {
            return rejected("INVALID_FIELD");
        }
        String content = "transfer " + to + " " + amount + " " + currency;
        Result earlier = retry(from + "/" + transferId, content);
        if (earlier != null) {
            return earlier;
        }
        Result result = decide(from, to, amount, currency);
        ids.put(from + "/" + transferId, new Remembered(content, result));
        return result;
    }

    private Result decide(String from, String to, long amount, String currency) {
        if (!currency.equals("EUR") && !currency.equals("USD")) {
            return rejected("INVALID_FIELD");
        }
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

    private Result retry(String key, String content) {
        Remembered remembered = ids.get(key);
        if (remembered == null) {
            return null;
        }
        if (!Objects.equals(remembered.content(), content)) {
            return rejected("ID_REUSED_WITH_DIFFERENT_CONTENT");
        }
        return new Result(remembered.result().outcome(), remembered.result().reason(), true);
    }

    private static Result rejected(String reason) {
        return new Result("REJECTED", reason, false);
    }
}
