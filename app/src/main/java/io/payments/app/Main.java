package io.payments.app;

import io.payments.app.cli.PaymentsCommand;
import java.nio.file.Path;

/** Entry point of the {@code payments} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        logToDataDir(args);
        System.exit(PaymentsCommand.run(args));
    }

    /**
     * The log file lives in the data dir; log4j reads this property when the first logger is
     * created, so it is set from the arguments before any class that logs is touched.
     */
    public static void logToDataDir(String[] args) {
        System.setProperty("payments.log.dir", Path.of(dataDirArgument(args), "logs").toAbsolutePath().toString());
    }

    private static String dataDirArgument(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--data-dir") && i + 1 < args.length) {
                return args[i + 1];
            }
            if (args[i].startsWith("--data-dir=")) {
                return args[i].substring("--data-dir=".length());
            }
        }
        return PaymentsCommand.DEFAULT_DATA_DIR;
    }
}
