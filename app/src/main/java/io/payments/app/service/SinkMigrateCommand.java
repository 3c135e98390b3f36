package io.payments.app.service;

import com.zaxxer.hikari.HikariDataSource;
import io.payments.app.cli.ServiceCommand;
import io.payments.app.cli.ServiceSettings;
import io.payments.schemas.config.CommonSettings;
import io.payments.schemas.config.Setting;
import io.payments.schemas.config.Settings;
import io.payments.sink.config.SinkConfig;
import io.payments.sink.postgres.Database;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;

/**
 * {@code payments sink migrate}: brings the projection's schema up to date and exits. Run once as
 * the schema's owner, so that the sink itself can log in as a user holding only the
 * {@code payments_sink} role (docs/security.md, "Least privilege").
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Migrates the projection's schema (Flyway) as the user sink.postgres.user logs in as, then exits; "
                + "run it as the schema's owner before sinks that log in with the least-privilege role.",
                "Settings: the sink's (--config, PAYMENTS_... variables, --set sink.postgres.*)."})
public final class SinkMigrateCommand extends ServiceCommand {

    /** Every setting it reads, for --print-config. */
    public static final List<Setting<?>> SETTINGS = ServiceSettings.declared(CommonSettings.SETTINGS, SinkConfig.SETTINGS);

    public SinkMigrateCommand() {
        super(SETTINGS);
    }

    @Override
    protected int run(Settings loaded, PrintWriter out) throws Exception {
        SinkConfig config = SinkConfig.from(loaded);
        try (HikariDataSource migrated = Database.connect(config)) {
            out.printf("The projection's schema at %s is up to date.%n", config.postgresUrl());
        }
        return 0;
    }
}
