package io.payments.sink.postgres;

import static io.payments.sink.projection.TestRecords.debit;
import static io.payments.sink.projection.TestRecords.entry;
import static io.payments.sink.projection.TestRecords.opened;
import static io.payments.sink.projection.TestRecords.transferResult;
import static org.assertj.core.api.Assertions.assertThat;

import io.payments.avro.AccountKind;
import io.payments.avro.Leg;
import io.payments.avro.Outcome;
import io.payments.sink.projection.RecordBatch;
import io.payments.testkit.LocalRuntimeExtension;
import io.payments.testkit.TestRuntime;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The tables as {@link ProjectionTables} describes them against the schema the migrations make:
 * every described column is there with that type, every column a row needs is described, and the
 * derived statements write what the projection's rules say.
 */
@ExtendWith(LocalRuntimeExtension.class)
class ProjectionSchemaIT {

    private static final List<Table<?>> TABLES = List.of(ProjectionTables.SINK_OFFSETS, ProjectionTables.ACCOUNTS,
            ProjectionTables.LEDGER_ENTRIES, ProjectionTables.ACCOUNT_BALANCES, ProjectionTables.TRANSFERS);

    @Test
    void everyDescribedColumnIsInTheSchemaWithItsTypeAndEveryRequiredColumnIsDescribed(TestRuntime runtime)
            throws SQLException {
        PGSimpleDataSource dataSource = migrated(runtime);
        try (Connection db = dataSource.getConnection()) {
            for (Table<?> table : TABLES) {
                Map<String, String> types = new HashMap<>();
                Set<String> required = new HashSet<>();
                try (PreparedStatement columns = db.prepareStatement("""
                        SELECT column_name, udt_name, is_nullable = 'NO' AND column_default IS NULL
                        FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?""")) {
                    columns.setString(1, table.name());
                    try (ResultSet rows = columns.executeQuery()) {
                        while (rows.next()) {
                            types.put(rows.getString(1), rows.getString(2));
                            if (rows.getBoolean(3)) {
                                required.add(rows.getString(1));
                            }
                        }
                    }
                }
                List<Column<?>> stored = table.columns().stream().filter(c -> c.role() != Column.Role.EXPECTED)
                        .<Column<?>>map(c -> c).toList();
                for (Column<?> column : stored) {
                    assertThat(types).as(table.name()).containsEntry(column.name(), column.sqlType());
                }
                assertThat(stored.stream().map(Column::name).toList()).as(table.name() + "'s required columns")
                        .containsAll(required);
            }
        }
    }

    @Test
    void theDerivedStatementsWriteTheRowsTheRulesSay(TestRuntime runtime) throws SQLException {
        PGSimpleDataSource dataSource = migrated(runtime);
        PostgresLedgerWriter writer = new PostgresLedgerWriter(dataSource);
        TopicPartition partition = new TopicPartition("entries", 0);
        writer.claim(List.of(partition));
        RecordBatch batch = new RecordBatch();
        batch.add(debit("acc-a", 1, "t1", "acc-b", 300));
        batch.add(entry("acc-b", 1, Leg.CREDIT, "t1", "acc-a", "acc-a", 300));
        batch.add(debit("acc-a", 2, "t2", "acc-b", 50));
        batch.add(transferResult("acc-a", "t1", "acc-b", 300, Outcome.COMPLETED, null).build());
        batch.add(opened("acc-a", AccountKind.CUSTOMER).build());
        batch.move(partition, 0, 7);

        writer.trial(batch);
        try (Connection db = dataSource.getConnection()) {
            assertThat(query(db, "SELECT count(*) FROM ledger_entries")).containsExactly("0");
            writer.write(batch);

            assertThat(query(db, "SELECT transfer_id || ' ' || status || ' ' || amount_minor FROM transfers ORDER BY 1"))
                    .containsExactly("t1 COMPLETED 300", "t2 PENDING 50");
            assertThat(query(db, "SELECT account_id || ' ' || version || ' ' || balance_minor FROM account_balances ORDER BY 1"))
                    .containsExactly("acc-a 2 950", "acc-b 1 700");
            assertThat(query(db, "SELECT account_id || ' ' || kind || ' ' || (extract(epoch FROM opened_at) * 1000)::bigint "
                    + "FROM accounts")).containsExactly("acc-a CUSTOMER 4000");
            assertThat(query(db, "SELECT count(*) FROM ledger_entries")).containsExactly("3");
            assertThat(query(db, "SELECT next_offset FROM sink_offsets")).containsExactly("7");
        }
    }

    private static PGSimpleDataSource migrated(TestRuntime runtime) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(runtime.createDatabase());
        dataSource.setUser(runtime.postgres().user());
        dataSource.setPassword(runtime.postgres().password());
        Database.migrate(dataSource);
        return dataSource;
    }

    private static List<String> query(Connection db, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
