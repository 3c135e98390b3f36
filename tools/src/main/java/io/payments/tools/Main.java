package io.payments.tools;

import io.payments.tools.cli.ToolsCommand;

/** Entry point of the {@code ./payments} launcher: every service command, and the tools. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        io.payments.app.Main.logToDataDir(args);
        System.exit(ToolsCommand.run(args));
    }
}
