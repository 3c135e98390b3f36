package io.payments.app.service;

import io.micrometer.core.instrument.Metrics;
import io.payments.app.cli.ServiceSettings;
import io.payments.app.cli.VerboseOption;
import io.payments.schemas.config.Settings;
import io.payments.sink.SinkMain;
import io.payments.sink.config.SinkConfig;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code payments sink}: the PostgreSQL projection as a service. */
@Command(name = "sink", mixinStandardHelpOptions = true,
        description = {"Projects the ledger into PostgreSQL exactly once, until Ctrl-C; migrates the schema first.",
                "Settings: --config, PAYMENTS_... variables, --set (see the README's sink settings); "
                        + "any kafka.* key goes to the consumer."})
public final class SinkCommand implements Callable<Integer> {

    @Mixin
    ServiceSettings settings;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Settings loaded = settings.load(Map.of());
        if (settings.printIfAsked(loaded, out)) {
            return 0;
        }
        SinkConfig config = SinkConfig.from(loaded);
        out.printf("Sink %s writing to %s. Ctrl-C stops it.%n", config.groupId(), config.postgresUrl());
        out.flush();
        SinkMain.run(config, Metrics.globalRegistry);
        return 0;
    }
}
