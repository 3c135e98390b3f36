package io.payments.app.service;

import com.zaxxer.hikari.HikariDataSource;
import io.payments.app.cli.ServiceSettings;
import io.payments.app.cli.VerboseOption;
import io.payments.schemas.config.CommonSettings;
import io.payments.schemas.config.Setting;
import io.payments.schemas.config.Settings;
import io.payments.sink.config.SinkConfig;
import io.payments.sink.postgres.Database;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code payments sink migrate}: brings the projection's schema up to date and exits. Run once as
 * the schema's owner, so that the sink itself can log in as a user holding only the
 * {@code payments_sink} role (docs/security.md, "Least privilege").
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Migrates the projection's schema (Flyway) as the user sink.postgres.user logs in as, then exits; "
                + "run it as the schema's owner before sinks that log in with the least-privilege role.",
                "Settings: the sink's (--config, PAYMENTS_... variables, --set sink.postgres.*)."})
public final class SinkMigrateCommand implements Callable<Integer> {

    /** Every setting it reads, for --print-config. */
    public static final List<Setting<?>> SETTINGS = ServiceSettings.declared(CommonSettings.SETTINGS, SinkConfig.SETTINGS);

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
        if (settings.printIfAsked(loaded, SETTINGS)) {
            return 0;
        }
        SinkConfig config = SinkConfig.from(loaded);
        try (HikariDataSource migrated = Database.connect(config)) {
            out.printf("The projection's schema at %s is up to date.%n", config.postgresUrl());
        }
        out.flush();
        return 0;
    }
}
