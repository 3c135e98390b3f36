package io.payments.producer.load;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.payments.avro.AccountKind;
import io.payments.avro.TransferRequest;
import io.payments.avro.TransferResult;
import io.payments.ledger.Money;
import io.payments.producer.client.Submission;
import io.payments.producer.client.TransferClient;
import io.payments.producer.client.TransferOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A realistic load: opens accounts (customers in a mix of currencies, and one settlement account
 * per currency that funds them), then sends transfers between accounts of the same currency at
 * a target rate or as fast as the broker takes them, picking accounts uniformly or with Zipf-
 * skewed hot accounts, with a share of exact resends (retries) and of requests the ledger must
 * refuse. The same seed gives the same run.
 */
public final class LoadGenerator implements MeterBinder {

    /** How accounts are picked. */
    public enum Skew { UNIFORM, ZIPF }

    /**
     * What to send. {@code duration} (if not null) bounds the run instead of {@code transfers}; rate 0 is
     * unthrottled; {@code idPrefix} starts every transfer id, so a later run's transfers are new ones;
     * {@code awaitSetup} waits for the accounts to be opened and funded (their results) before
     * sending transfers, which needs a client that follows results and a processor running.
     * {@code holdFraction} of the sends are holds instead of transfers, each ended one of four
     * ways in turn ({@link HoldEnding}).
     */
    public record Options(int accounts, long transfers, Duration duration, int rate, Skew skew, double zipfExponent,
                          List<String> currencies, double duplicateFraction, double invalidFraction, long seed,
                          String idPrefix, boolean awaitSetup, double holdFraction) {

        /** Options that send no holds. */
        public Options(int accounts, long transfers, Duration duration, int rate, Skew skew, double zipfExponent,
                       List<String> currencies, double duplicateFraction, double invalidFraction, long seed,
                       String idPrefix, boolean awaitSetup) {
            this(accounts, transfers, duration, rate, skew, zipfExponent, currencies, duplicateFraction, invalidFraction,
                    seed, idPrefix, awaitSetup, 0);
        }
    }

    /**
     * How a generated hold ends: posted whole, posted in part (half), voided, or left to expire
     * after {@link #EXPIRING_HOLD_TIMEOUT}. The post or void follows its hold at once, on the same
     * key, so the processor reads it after the hold.
     */
    public enum HoldEnding { POSTED, POSTED_IN_PART, VOIDED, EXPIRED }

    /** The timeout of a generated hold left to expire; the others get ten minutes and end long before. */
    public static final Duration EXPIRING_HOLD_TIMEOUT = Duration.ofSeconds(2);

    /** Minor units each customer account is funded with: 1,000,000.00 in a two-digit currency. */
    public static final long FUNDING = 100_000_000L;

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final LatencyRecorder latencies = new LatencyRecorder();
    private final Manifest manifest = new Manifest();
    private volatile String phase = "starting";

    /** The generator's counts as meters (payments_load_*), next to the client's producer metrics. */
    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("payments.load.requests.sent", sent, AtomicLong::get)
                .description("Requests handed to the producer").register(registry);
        FunctionCounter.builder("payments.load.requests.acknowledged", acknowledged, AtomicLong::get)
                .description("Requests acknowledged by the broker (acks=all)").register(registry);
        FunctionCounter.builder("payments.load.errors", failed, AtomicLong::get)
                .description("Requests that could not be sent").register(registry);
    }

    public long sent() {
        return sent.get();
    }

    public long acknowledged() {
        return acknowledged.get();
    }

    public long failed() {
        return failed.get();
    }

    public String phase() {
        return phase;
    }

    public LatencyRecorder latencies() {
        return latencies;
    }

    public Manifest manifest() {
        return manifest;
    }

    /** Runs the whole load and waits until every request is acknowledged or failed. */
    public void run(TransferClient client, Options options) throws InterruptedException {
        setUp(client, options);
        sendTransfers(client, options);
    }

    /**
     * Opens the settlement and customer accounts and funds the customers; with
     * {@code awaitSetup}, waits for their results (the client must follow results).
     */
    public void setUp(TransferClient client, Options options) throws InterruptedException {
        List<String> currencies = options.currencies();
        phase = "opening accounts";
        List<CompletableFuture<TransferResult>> setup = new ArrayList<>();
        for (String currency : currencies) {
            setup.add(track(client.openAccount(settlement(currency), currency, AccountKind.SETTLEMENT)).outcome());
        }
        for (int i = 0; i < options.accounts(); i++) {
            setup.add(track(client.openAccount(account(i), currency(i, currencies), AccountKind.CUSTOMER)).outcome());
        }
        client.flush();
        awaitSetup(options, setup, "opened");
        phase = "funding accounts";
        for (int i = 0; i < options.accounts(); i++) {
            String currency = currency(i, currencies);
            setup.add(track(client.send(request(options.idPrefix() + "fund-" + i, settlement(currency), account(i),
                    FUNDING, currency), options.awaitSetup())).outcome());
            manifest.funded(currency, FUNDING);
        }
        client.flush();
        awaitSetup(options, setup, "funded");
        phase = "set up";
    }

    /** Sends the transfers (after {@link #setUp}) and waits until every one is acknowledged or failed. */
    public void sendTransfers(TransferClient client, Options options) throws InterruptedException {
        Random random = new Random(options.seed());
        List<String> currencies = options.currencies();
        phase = "sending transfers";
        ZipfPicker zipf = options.skew() == Skew.ZIPF ? new ZipfPicker(options.accounts(), options.zipfExponent()) : null;
        List<TransferRequest> recent = new ArrayList<>();
        long start = System.nanoTime();
        long deadline = options.duration() == null ? Long.MAX_VALUE : start + options.duration().toNanos();
        for (long n = 0; n < options.transfers() || options.duration() != null; n++) {
            long now = System.nanoTime();
            if (now >= deadline) {
                break;
            }
            if (options.rate() > 0) {
                pace(start + n * 1_000_000_000L / options.rate());
            }
            double roll = random.nextDouble();
            if (roll < options.duplicateFraction() && !recent.isEmpty()) {
                TransferRequest again = recent.get(random.nextInt(recent.size()));
                manifest.resent();
                track(client.send(again, false));
                continue;
            }
            int from = pick(random, zipf, options.accounts());
            String currency = currency(from, currencies);
            int to = sameCurrency(pick(random, zipf, options.accounts()), from, currencies.size(), options.accounts());
            long amount = 1 + random.nextInt(10_000);
            if (roll >= options.duplicateFraction() + options.invalidFraction()
                    && roll < options.duplicateFraction() + options.invalidFraction() + options.holdFraction()) {
                sendHold(client, options.idPrefix() + "h-" + n, HoldEnding.values()[(int) (n % HoldEnding.values().length)],
                        account(from), account(to), amount, currency);
                continue;
            }
            TransferRequest request;
            if (roll < options.duplicateFraction() + options.invalidFraction()) {
                request = invalid(random, options.idPrefix() + "t-" + n, n, from, to, amount, currencies);
                manifest.invalid(request.getSourceAccountId());
            } else {
                request = request(options.idPrefix() + "t-" + n, account(from), account(to), amount, currency);
                manifest.valid(request.getSourceAccountId(), currency, amount);
            }
            track(client.send(request, false));
            if (recent.size() < 1_000) {
                recent.add(request);
            } else {
                recent.set(random.nextInt(recent.size()), request);
            }
        }
        client.flush();
        phase = "waiting for acknowledgements";
        while (acknowledged.get() + failed.get() < sent.get()) {
            Thread.sleep(10);
        }
        phase = "done";
    }

    /** A hold and, unless it is left to expire, the post or void that ends it, sent one after the other. */
    private void sendHold(TransferClient client, String holdId, HoldEnding ending, String from, String to, long amount,
                          String currency) {
        Duration timeout = ending == HoldEnding.EXPIRED ? EXPIRING_HOLD_TIMEOUT : Duration.ofMinutes(10);
        track(client.hold(new TransferOrder(holdId, from, to, Money.of(amount, currency), null), timeout));
        long posted = switch (ending) {
            case POSTED -> amount;
            case POSTED_IN_PART -> Math.max(1, amount / 2);
            case VOIDED, EXPIRED -> 0;
        };
        if (ending == HoldEnding.VOIDED) {
            track(client.voidHold(holdId + "-void", from, holdId));
        } else if (posted > 0) {
            track(client.post(holdId + "-post", from, holdId, ending == HoldEnding.POSTED ? null : Money.of(posted, currency)));
        }
        manifest.hold(from, currency, ending, posted);
    }

    /** Requests the ledger must refuse though they are well formed: it cannot know them in advance. */
    private static TransferRequest invalid(Random random, String id, long n, int from, int to, long amount,
                                           List<String> currencies) {
        String currency = currency(from, currencies);
        return switch (random.nextInt(currencies.size() > 1 ? 3 : 2)) {
            case 0 -> request(id, account(from), "ghost-" + n, amount, currency);
            case 1 -> request(id, account(from), account(to), FUNDING * 1_000, currency);
            default -> request(id, account(from), account(to), amount,
                    currencies.get((currencies.indexOf(currency) + 1) % currencies.size()));
        };
    }

    /** Funding must land before transfers from the accounts, or they would fail for want of it. */
    private static void awaitSetup(Options options, List<CompletableFuture<TransferResult>> setup, String what)
            throws InterruptedException {
        if (!options.awaitSetup()) {
            return;
        }
        try {
            CompletableFuture.allOf(setup.toArray(CompletableFuture[]::new)).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("The accounts were not " + what + ": " + e.getCause().getMessage()
                    + ". Is the processor running on these topics? (To send without waiting, use --no-setup-wait.)", e.getCause());
        }
        setup.clear();
    }

    private Submission track(Submission submission) {
        sent.incrementAndGet();
        long started = System.nanoTime();
        CompletableFuture<?> ack = submission.acknowledged();
        ack.whenComplete((metadata, error) -> {
            if (error == null) {
                latencies.record((System.nanoTime() - started) / 1_000);
                acknowledged.incrementAndGet();
            } else {
                failed.incrementAndGet();
            }
        });
        return submission;
    }

    /**
     * Waits until a request's slot unless it is less than a millisecond away: requests then go
     * out in small bursts on schedule. Spinning to the exact nanosecond would burn a core that
     * the pipeline being measured needs.
     */
    private static void pace(long sendAt) {
        long wait = sendAt - System.nanoTime();
        if (wait > 1_000_000) {
            LockSupport.parkNanos(wait);
        }
    }

    private static int pick(Random random, ZipfPicker zipf, int accounts) {
        return zipf == null ? random.nextInt(accounts) : zipf.next(random);
    }

    /** An account of the same currency as {@code from}, other than it: currencies are assigned round-robin. */
    private static int sameCurrency(int candidate, int from, int currencies, int accounts) {
        int sameCurrency = candidate - candidate % currencies + from % currencies;
        if (sameCurrency >= accounts) {
            sameCurrency -= currencies;
        }
        if (sameCurrency == from || sameCurrency < 0) {
            sameCurrency = (from + currencies) % accounts;
        }
        return sameCurrency;
    }

    static TransferRequest request(String id, String from, String to, long amount, String currency) {
        return new TransferRequest(id, from, to, amount, currency, System.currentTimeMillis(), null);
    }

    public static String account(int index) {
        return String.format("acct-%06d", index);
    }

    public static String settlement(String currency) {
        return "settlement-" + currency;
    }

    static String currency(int index, List<String> currencies) {
        return currencies.get(index % currencies.size());
    }

    /** Counts per account and expected totals, for tests and reconciliation to compare against. */
    public static final class Manifest {
        private final Map<String, Long> transfersBySource = new TreeMap<>();
        private final Map<String, Long> validAmountByCurrency = new TreeMap<>();
        private final Map<String, Long> fundedByCurrency = new TreeMap<>();
        private final Map<String, Long> holdsByEnding = new TreeMap<>();
        private long valid;
        private long invalid;
        private long resent;

        synchronized void valid(String source, String currency, long amount) {
            valid++;
            transfersBySource.merge(source, 1L, Long::sum);
            validAmountByCurrency.merge(currency, amount, Math::addExact);
        }

        synchronized void invalid(String source) {
            invalid++;
            transfersBySource.merge(source, 1L, Long::sum);
        }

        synchronized void resent() {
            resent++;
        }

        /** A hold from {@code source} and how it ends; a posted amount moves money as a transfer's does. */
        synchronized void hold(String source, String currency, HoldEnding ending, long posted) {
            holdsByEnding.merge(ending.name(), 1L, Long::sum);
            transfersBySource.merge(source, ending == HoldEnding.EXPIRED ? 1L : 2L, Long::sum);
            if (posted > 0) {
                validAmountByCurrency.merge(currency, posted, Math::addExact);
            }
        }

        synchronized void funded(String currency, long amount) {
            fundedByCurrency.merge(currency, amount, Math::addExact);
        }

        public synchronized Map<String, Object> asMap() {
            Map<String, Object> map = new TreeMap<>();
            map.put("validTransfers", valid);
            map.put("refusedTransfers", invalid);
            map.put("resentTransfers", resent);
            map.put("validAmountMinorByCurrency", new TreeMap<>(validAmountByCurrency));
            map.put("fundedMinorByCurrency", new TreeMap<>(fundedByCurrency));
            map.put("transfersBySourceAccount", new TreeMap<>(transfersBySource));
            map.put("holdsByEnding", new TreeMap<>(holdsByEnding));
            return map;
        }
    }

}
