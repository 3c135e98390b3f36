package io.payments.app.cli;

import picocli.CommandLine.Option;

/** {@code --verbose}: show stack traces of errors; mixed into every subcommand. */
public final class VerboseOption {

    @Option(names = "--verbose", description = "Print the full stack trace when something fails.")
    boolean verbose;

    public boolean verbose() {
        return verbose;
    }
}
