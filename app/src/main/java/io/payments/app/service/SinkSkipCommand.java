package io.payments.app.service;

import com.zaxxer.hikari.HikariDataSource;
import io.payments.app.cli.ServiceCommand;
import io.payments.app.cli.ServiceSettings;
import io.payments.schemas.config.CommonSettings;
import io.payments.schemas.config.Setting;
import io.payments.schemas.config.Settings;
import io.payments.sink.config.SinkConfig;
import io.payments.sink.postgres.Database;
import io.payments.sink.postgres.SkippedRecords;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code payments sink skip}: moves a stopped partition past the one record PostgreSQL refused, and records it. */
@Command(name = "skip", mixinStandardHelpOptions = true,
        description = {"Skips the one record a sink partition stopped at (PostgreSQL refused its rows), recording who, "
                + "when and why in sink_skipped_records; restart the sink afterwards. The projection then lacks the "
                + "record's rows, and payments reconcile reports them.",
                "Settings: the sink's (--config, PAYMENTS_... variables, --set sink.postgres.*)."})
public final class SinkSkipCommand extends ServiceCommand {

    /** Every setting it reads, for --print-config. */
    public static final List<Setting<?>> SETTINGS = ServiceSettings.declared(CommonSettings.SETTINGS, SinkConfig.SETTINGS);

    @Option(names = "--topic", required = true, description = "The topic of the stopped partition, as the sink's log names it.")
    String topic;

    @Option(names = "--partition", required = true, description = "The stopped partition.")
    int partition;

    @Option(names = "--offset", required = true, description = "The offset the partition stopped at.")
    long offset;

    @Option(names = "--reason", required = true, description = "Why this record may be left out of the projection.")
    String reason;

    public SinkSkipCommand() {
        super(SETTINGS);
    }

    @Override
    protected int run(Settings loaded, PrintWriter out) throws Exception {
        try (HikariDataSource db = Database.connect(SinkConfig.from(loaded))) {
            new SkippedRecords(db).skip(topic, partition, offset, reason);
        }
        out.printf("Skipped %s-%d@%d and recorded it in sink_skipped_records. Restart the sink to go on.%n", topic,
                partition, offset);
        return 0;
    }
}
