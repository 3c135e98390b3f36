package io.payments.tools.cli;

import picocli.CommandLine.Option;

/**
 * The load of {@code payments chaos} and {@code payments soak}: Zipf-skewed accounts at a fixed
 * rate. Each command gives its own default rate when it creates the mixin.
 */
public final class SkewedLoadOptions {

    @Option(names = "--accounts", description = "Customer accounts, Zipf-skewed (default: ${DEFAULT-VALUE}).")
    int accounts = 10_000;

    @Option(names = "--rate", description = "Transfers per second offered (default: ${DEFAULT-VALUE}).")
    int rate;

    public SkewedLoadOptions(int defaultRate) {
        this.rate = defaultRate;
    }

    public int accounts() {
        return accounts;
    }

    public int rate() {
        return rate;
    }
}
