package io.payments.processor.topology;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A deliberately simple model of the ledger for property tests, written apart from the
 * production rules: whole transfers applied one at a time to a map of balances, holds kept in a
 * map beside them, with the same documented order of checks (docs/ledger-rules.md). It knows
 * nothing of legs, Kafka or Avro: where a command sits is a predicate on its account, and time is
 * the broker's time of each command, given with it.
 */
final class ReferenceLedger {

    private static final long YEAR_2000 = 946_684_800_000L;
    private static final long DAY = 24 * 3_600_000L;

    record Account(String currency, boolean settlement, long balance, long pending) {

        Account(String currency, boolean settlement, long balance) {
            this(currency, settlement, balance, 0);
        }
    }

    /** A hold: to whom, how much, until when (broker time), and how it ended (null while open). */
    record Hold(String to, long amount, String currency, long deadline, String ended, long firstSeen) {
    }

    private static final long MAX_TIMEOUT_SECONDS = 31L * 24 * 3600;

    /** Outcome and reason names as on the results topic; duplicate when it repeats an earlier result. */
    record Result(String outcome, String reason, boolean duplicate) {
    }

    private record Remembered(String content, Result result, long firstSeen) {
    }

    final Map<String, Account> accounts = new HashMap<>();
    private final Map<String, Remembered> ids = new HashMap<>();
    /** Holds by source and hold id. */
    final Map<String, Hold> holds = new HashMap<>();
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
        return decideOnce(accountId + "/" + requestId, "open " + currency + " " + settlement, currency, true, now, () -> {
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
        return decideOnce(from + "/" + transferId, "transfer " + to + " " + amount + " " + currency, currency, true, now,
                () -> decide(from, to, amount, currency));
    }

    Result hold(String holdId, String from, String to, long amount, String currency, Long timeoutSeconds,
                long requestedAt, long now) {
        Result envelope = envelope(holdId, from, requestedAt, now);
        if (envelope != null) {
            return envelope;
        }
        boolean timeoutValid = timeoutSeconds == null || (timeoutSeconds >= 1 && timeoutSeconds <= MAX_TIMEOUT_SECONDS);
        return decideOnce(from + "/" + holdId, "hold " + to + " " + amount + " " + currency + " " + timeoutSeconds,
                currency, timeoutValid, now, () -> {
                    Result refused = checkSource(from, to, amount, currency);
                    if (refused != null) {
                        return refused;
                    }
                    Account source = accounts.get(from);
                    if (!fits(BigInteger.valueOf(source.pending()).add(BigInteger.valueOf(amount)))
                            || !fits(available(source).subtract(BigInteger.valueOf(amount)))) {
                        return rejected("AMOUNT_OVERFLOW");
                    }
                    if (!source.settlement() && source.balance() - source.pending() < amount) {
                        return rejected("INSUFFICIENT_FUNDS");
                    }
                    accounts.put(from, new Account(source.currency(), source.settlement(), source.balance(),
                            source.pending() + amount));
                    holds.put(from + "/" + holdId, new Hold(to, amount, currency,
                            timeoutSeconds == null ? Long.MAX_VALUE : now + timeoutSeconds * 1_000, null, now));
                    return new Result("HELD", null, false);
                });
    }

    Result post(String postId, String from, String holdId, Long amount, long requestedAt, long now) {
        Result envelope = envelope(postId, from, requestedAt, now);
        if (envelope != null) {
            return envelope;
        }
        return decideOnce(from + "/" + postId, "post " + holdId + " " + amount, "EUR", !holdId.isBlank(), now, () -> {
            if (amount != null && amount <= 0) {
                return rejected("NON_POSITIVE_AMOUNT");
            }
            Result ended = ended(from, holdId, now);
            if (ended != null) {
                return ended;
            }
            Hold hold = holds.get(from + "/" + holdId);
            long posted = amount == null ? hold.amount() : amount;
            if (posted > hold.amount()) {
                return rejected("EXCEEDS_PENDING_AMOUNT");
            }
            end(from, holdId, "POSTED");
            Account source = accounts.get(from);
            accounts.put(from, new Account(source.currency(), source.settlement(), source.balance() - posted,
                    source.pending() - hold.amount()));
            return credit(from, hold.to(), posted, hold.currency());
        });
    }

    Result voidHold(String voidId, String from, String holdId, long requestedAt, long now) {
        Result envelope = envelope(voidId, from, requestedAt, now);
        if (envelope != null) {
            return envelope;
        }
        return decideOnce(from + "/" + voidId, "void " + holdId, "EUR", !holdId.isBlank(), now, () -> {
            Result ended = ended(from, holdId, now);
            if (ended != null) {
                return ended;
            }
            end(from, holdId, "VOIDED");
            return new Result("COMPLETED", null, false);
        });
    }

    /** Every open hold whose deadline has come at broker time {@code now} expires. */
    void expire(long now) {
        holds.forEach((key, hold) -> {
            if (hold.ended() == null && now >= hold.deadline()) {
                String[] parts = key.split("/", 2);
                end(parts[0], parts[1], "EXPIRED");
            }
        });
    }

    /** Why a post or void cannot end the hold, or null when it is open and in time. */
    private Result ended(String from, String holdId, long now) {
        Hold hold = holds.get(from + "/" + holdId);
        if (hold == null || (hold.ended() != null && now - hold.firstSeen() > retention)) {
            return rejected("PENDING_TRANSFER_NOT_FOUND");
        }
        if (hold.ended() != null) {
            return rejected(hold.ended().equals("POSTED") ? "PENDING_TRANSFER_ALREADY_POSTED"
                    : hold.ended().equals("VOIDED") ? "PENDING_TRANSFER_ALREADY_VOIDED" : "PENDING_TRANSFER_EXPIRED");
        }
        return now >= hold.deadline() ? rejected("PENDING_TRANSFER_EXPIRED") : null;
    }

    /** Ends a hold and takes its amount off its source's pending debits. */
    private void end(String from, String holdId, String how) {
        Hold hold = holds.get(from + "/" + holdId);
        holds.put(from + "/" + holdId, new Hold(hold.to(), hold.amount(), hold.currency(), hold.deadline(), how,
                hold.firstSeen()));
        if (!how.equals("POSTED")) {
            Account source = accounts.get(from);
            accounts.put(from, new Account(source.currency(), source.settlement(), source.balance(),
                    source.pending() - hold.amount()));
        }
    }

    /**
     * After the envelope: a retry gets the earlier result; then the fields (here only the
     * currency); then an id remembered for other content is refused; then the rules, whose
     * result the id keeps. A refusal of fields or of a reused id leaves what the id remembers.
     */
    private Result decideOnce(String id, String content, String currency, boolean otherFieldsValid, long now,
                              Supplier<Result> rules) {
        Remembered remembered = ids.get(id);
        Hold placed = holds.get(id);
        boolean known = remembered != null && (now - remembered.firstSeen() <= retention
                || (placed != null && placed.ended() == null));
        if (known && remembered.content().equals(content)) {
            return new Result(remembered.result().outcome(), remembered.result().reason(), true);
        }
        Result result;
        if (!currency.equals("EUR") && !currency.equals("USD") || !otherFieldsValid) {
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
        Result refused = checkSource(from, to, amount, currency);
        if (refused != null) {
            return refused;
        }
        Account source = accounts.get(from);
        if (!fits(BigInteger.valueOf(source.balance()).subtract(BigInteger.valueOf(amount)))
                || !fits(available(source).subtract(BigInteger.valueOf(amount)))) {
            return rejected("AMOUNT_OVERFLOW");
        }
        if (!source.settlement() && source.balance() - source.pending() < amount) {
            return rejected("INSUFFICIENT_FUNDS");
        }
        accounts.put(from, new Account(source.currency(), source.settlement(), source.balance() - amount,
                source.pending()));
        return credit(from, to, amount, currency);
    }

    /** The amount and accounts, then the source: what a transfer and a hold check alike. */
    private Result checkSource(String from, String to, long amount, String currency) {
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
        return source.currency().equals(currency) ? null : rejected("CURRENCY_MISMATCH");
    }

    /** The second leg of a debit already taken from {@code from}: credited, or given back and REVERSED. */
    private Result credit(String from, String to, long amount, String currency) {
        Account destination = accounts.get(to);
        String refused = destination == null ? "UNKNOWN_DESTINATION_ACCOUNT"
                : !destination.currency().equals(currency) ? "CURRENCY_MISMATCH"
                : destination.balance() > Long.MAX_VALUE - amount ? "AMOUNT_OVERFLOW" : null;
        if (refused != null) {
            Account source = accounts.get(from);
            accounts.put(from, new Account(source.currency(), source.settlement(), source.balance() + amount,
                    source.pending()));
            return new Result("REVERSED", refused, false);
        }
        accounts.put(to, new Account(destination.currency(), destination.settlement(), destination.balance() + amount,
                destination.pending()));
        return new Result("COMPLETED", null, false);
    }

    private static BigInteger available(Account account) {
        return BigInteger.valueOf(account.balance()).subtract(BigInteger.valueOf(account.pending()));
    }

    /** Whether a value is within the signed 64-bit range every balance must stay in. */
    private static boolean fits(BigInteger value) {
        return value.bitLength() < Long.SIZE;
    }

    private static Result rejected(String reason) {
        return new Result("REJECTED", reason, false);
    }
}
