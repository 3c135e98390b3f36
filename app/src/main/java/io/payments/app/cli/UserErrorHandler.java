package io.payments.app.cli;

import io.payments.schemas.failure.Causes;
import picocli.CommandLine;

/**
 * Ends a failed command with one line saying what went wrong and how to fix it, and exit code 1;
 * the stack trace only with --verbose. Messages of the project's exceptions are written for users.
 */
final class UserErrorHandler implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        boolean verbose = parseResult.subcommands().stream().anyMatch(sub -> sub.hasMatchedOption("--verbose"))
                || parseResult.hasMatchedOption("--verbose");
        commandLine.getErr().println("payments: " + rootMessage(e));
        if (verbose) {
            e.printStackTrace(commandLine.getErr());
        } else {
            commandLine.getErr().println("(run with --verbose for details)");
        }
        return 1;
    }

    private static String rootMessage(Throwable e) {
        String message = Causes.outermostMessage(e);
        return message.lines().findFirst().orElse(message);
    }
}
