package io.payments.app.produce;

import io.payments.producer.load.LoadGenerator;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** The load generator's options, mixed into {@code payments produce} and {@code payments demo}. */
public final class LoadOptions {

    @Option(names = "--transfers", defaultValue = "200000", description = "Transfers to send (default: ${DEFAULT-VALUE}).")
    long transfers;

    @Option(names = "--rate", defaultValue = "0", description = "Target transfers per second; 0 sends as fast as the broker takes them (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--accounts", defaultValue = "10000", description = "Customer accounts to open and fund (default: ${DEFAULT-VALUE}).")
    int accounts;

    @Option(names = "--skew", defaultValue = "UNIFORM", description = "How accounts are picked: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    LoadGenerator.Skew skew;

    @Option(names = "--zipf-exponent", defaultValue = "1.1", description = "Exponent s of the Zipf skew: higher means hotter hot accounts (default: ${DEFAULT-VALUE}).")
    double zipfExponent;

    @Option(names = "--currencies", defaultValue = "EUR,USD", split = ",", description = "Currencies of the accounts, assigned in turn (default: ${DEFAULT-VALUE}).")
    List<String> currencies;

    @Option(names = "--duplicates", defaultValue = "0.01", description = "Share of sends that resend an earlier request byte for byte, as a retry would (default: ${DEFAULT-VALUE}).")
    double duplicates;

    @Option(names = "--invalid", defaultValue = "0.01", description = "Share of transfers the ledger must refuse: unknown destination, insufficient funds, currency mismatch (default: ${DEFAULT-VALUE}).")
    double invalid;

    @Option(names = "--holds", defaultValue = "0.05", description = "Share of sends that are holds, ended in turn by a whole post, a partial post, a void, or expiry after 2 s (default: ${DEFAULT-VALUE}).")
    double holds;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed: the same seed sends the same run (default: ${DEFAULT-VALUE}).")
    long seed;

    /**
     * The generator's options; {@code duration} (null: send {@code --transfers}) bounds the run by
     * time instead, {@code seedOffset} is added to {@code --seed} so numbered runs differ.
     *
     * @throws IllegalArgumentException naming the option when one is out of range
     */
    public LoadGenerator.Options options(Duration duration, long seedOffset, String idPrefix, boolean awaitSetup) {
        if (accounts < 2) {
            throw new IllegalArgumentException("--accounts must be at least 2, got " + accounts);
        }
        if (accounts < 2 * currencies.size()) {
            throw new IllegalArgumentException("--accounts must be at least twice the number of --currencies ("
                    + currencies.size() + "), so each currency has two accounts to move money between");
        }
        if (duplicates < 0 || invalid < 0 || holds < 0 || duplicates + invalid + holds > 1) {
            throw new IllegalArgumentException("--duplicates, --invalid and --holds are shares between 0 and 1, together "
                    + "at most 1");
        }
        if (rate < 0) {
            throw new IllegalArgumentException("--rate must be 0 (unthrottled) or a positive number of transfers per second");
        }
        return new LoadGenerator.Options(accounts, transfers, duration, rate, skew, zipfExponent, currencies, duplicates,
                invalid, seed + seedOffset, idPrefix, awaitSetup, holds);
    }
}
