package io.payments.app.cli;

import io.payments.app.acls.AclsCommand;
import io.payments.app.config.ConfigReferenceCommand;
import io.payments.app.produce.ProduceCommand;
import io.payments.app.reconcile.RebuildCommand;
import io.payments.app.reconcile.ReconcileCommand;
import io.payments.app.service.ProcessorCommand;
import io.payments.app.service.SinkCommand;
import io.payments.app.service.TopicsCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code payments} command of the services, as the image runs it. The tools module adds the
 * demo, the local pipeline, the benchmarks, chaos and soak to it for the {@code ./payments} launcher.
 */
@Command(name = "payments",
        mixinStandardHelpOptions = true,
        versionProvider = PaymentsCommand.Version.class,
        description = "A Kafka-backed, append-only payments pipeline.",
        subcommands = {ProcessorCommand.class, SinkCommand.class, ProduceCommand.class, TopicsCommand.class,
                AclsCommand.class, ReconcileCommand.class, RebuildCommand.class, ConfigReferenceCommand.class,
                CommandLine.HelpCommand.class})
public final class PaymentsCommand implements Runnable {

    public static final String DEFAULT_DATA_DIR = "data";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the command line and returns the exit code. */
    public static int run(String... args) {
        return commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args);
    }

    /**
     * The command line writing to {@code out} and {@code err}, with {@code moreCommands} (the
     * tools) added before the writers and the error handler are set, which picocli hands only to
     * the subcommands it already has.
     */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err, Object... moreCommands) {
        CommandLine commandLine = new CommandLine(new PaymentsCommand());
        for (Object command : moreCommands) {
            commandLine.addSubcommand(command);
        }
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler(new UserErrorHandler());
        return commandLine;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = PaymentsCommand.class.getPackage().getImplementationVersion();
            return new String[] {"payments " + (version == null ? "(development build)" : version),
                    "Java " + Runtime.version() + " on " + System.getProperty("os.name")};
        }
    }
}
