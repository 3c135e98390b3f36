package io.payments.tools.cli;

import io.payments.app.cli.PaymentsCommand;
import io.payments.tools.bench.BenchCommand;
import io.payments.tools.chaos.ChaosCommand;
import io.payments.tools.demo.DemoCommand;
import io.payments.tools.local.LocalCommand;
import io.payments.tools.soak.SoakCommand;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The {@code payments} command as the launcher runs it: the services' command
 * ({@link PaymentsCommand}) with the tools added, so one command does everything on a laptop
 * while the image carries only the services.
 */
public final class ToolsCommand {

    private ToolsCommand() {
    }

    /** Runs the command line and returns the exit code. */
    public static int run(String... args) {
        return commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args);
    }

    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return PaymentsCommand.commandLine(out, err, new DemoCommand(), new LocalCommand(), new BenchCommand(),
                new ChaosCommand(), new SoakCommand());
    }
}
