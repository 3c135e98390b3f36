package io.payments.reconcile.rebuild;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.payments.reconcile.Progress;
import io.payments.sink.config.SinkConfig;
import io.payments.sink.consumer.SinkService;
import io.payments.sink.postgres.CatchUp;
import io.payments.sink.postgres.Database;
import io.payments.sink.postgres.ProjectionTables;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code payments rebuild}: replays the ledger topics from the beginning into a fresh schema
 * through the sink's own code (a {@link SinkService} with a group and a schema of its own),
 * up to the committed ends taken at the start, then compares the rebuilt tables with the live
 * ones. {@link #swap} makes the rebuilt schema the live one.
 */
public final class ProjectionRebuild {

    /** The columns compared per table, as the sink describes them: everything but the times a row was written. */
    private static final Map<String, List<String>> TABLES = ProjectionTables.replayedColumns();
    private static final int EXAMPLES = 5;

    /** One table's rows: how many each side has, how many only one side has, and a few of those. */
    public record TableDiff(String table, long liveRows, long rebuiltRows, long onlyLive, long onlyRebuilt,
                            List<String> examples) {
        public boolean identical() {
            return onlyLive == 0 && onlyRebuilt == 0;
        }
    }

    public record Outcome(String liveSchema, String rebuiltSchema, List<TableDiff> tables) {
        public boolean identical() {
            return tables.stream().allMatch(TableDiff::identical);
        }
    }

    private final SinkConfig live;

    public ProjectionRebuild(SinkConfig live) {
        this.live = live;
    }

    public Outcome run(Progress progress) throws Exception {
        String liveSchema;
        String rebuiltSchema;
        try (Connection connection = connect(live.postgresUrl())) {
            liveSchema = currentSchema(connection);
            rebuiltSchema = liveSchema + "_rebuild_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE SCHEMA " + quote(rebuiltSchema));
            }
        }
        SinkConfig rebuilt = new SinkConfig(live.common(), live.groupId() + "-" + rebuiltSchema,
                withSchema(live.postgresUrl(), rebuiltSchema), live.postgresUser(), live.postgresPassword(), live.writers(),
                live.maxPollRecords(), live.maxBackoff(), live.holdsMetricsInterval(), live.kafkaOverrides());
        Map<TopicPartition, Long> ends;
        Map<String, Object> adminConfig = live.common().clientConfig(live.kafkaOverrides());
        try (Admin admin = Admin.create(adminConfig)) {
            ends = CatchUp.committedEnds(admin, live.common().topics());
        }
        replay(rebuilt, ends, progress);
        List<TableDiff> tables = new ArrayList<>();
        try (Connection connection = connect(live.postgresUrl())) {
            for (String table : TABLES.keySet()) {
                tables.add(compare(connection, table, liveSchema, rebuiltSchema));
            }
        }
        return new Outcome(liveSchema, rebuiltSchema, tables);
    }

    private static void replay(SinkConfig rebuilt, Map<TopicPartition, Long> ends, Progress progress)
            throws Exception {
        long total = ends.values().stream().mapToLong(Long::longValue).sum();
        try (HikariDataSource dataSource = Database.connect(rebuilt)) {
            SinkService sink = new SinkService(rebuilt, dataSource, new SimpleMeterRegistry());
            Thread thread = new Thread(sink, "rebuild-sink");
            thread.start();
            try {
                while (true) {
                    Map<TopicPartition, Long> stored;
                    try (Connection connection = dataSource.getConnection()) {
                        stored = CatchUp.stored(connection);
                    }
                    long done = ends.entrySet().stream()
                            .mapToLong(e -> Math.min(e.getValue(), stored.getOrDefault(e.getKey(), 0L))).sum();
                    progress.reading("replaying into the new schema", done, total);
                    if (CatchUp.reached(stored, ends)) {
                        break;
                    }
                    if (!thread.isAlive()) {
                        throw new IllegalStateException("The rebuild's sink stopped before reaching the end of the topics");
                    }
                    Thread.sleep(200);
                }
            } finally {
                sink.close();
                thread.join(15_000);
            }
        }
    }

    private static TableDiff compare(Connection connection, String table, String liveSchema, String rebuiltSchema)
            throws SQLException {
        String columns = String.join(", ", TABLES.get(table));
        String liveTable = quote(liveSchema) + "." + table;
        String rebuiltTable = quote(rebuiltSchema) + "." + table;
        String onlyLive = "SELECT " + columns + " FROM " + liveTable + " EXCEPT ALL SELECT " + columns + " FROM " + rebuiltTable;
        String onlyRebuilt = "SELECT " + columns + " FROM " + rebuiltTable + " EXCEPT ALL SELECT " + columns + " FROM " + liveTable;
        List<String> examples = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            examples.addAll(examples(statement, onlyLive, "only live: "));
            examples.addAll(examples(statement, onlyRebuilt, "only rebuilt: "));
            return new TableDiff(table, count(statement, "SELECT count(*) FROM " + liveTable),
                    count(statement, "SELECT count(*) FROM " + rebuiltTable),
                    count(statement, "SELECT count(*) FROM (" + onlyLive + ") d"),
                    count(statement, "SELECT count(*) FROM (" + onlyRebuilt + ") d"), examples);
        }
    }

    /**
     * Makes the rebuilt schema the live one in one transaction; the old one is kept under a new
     * name. Stop the sink first: a sink still writing the old schema would write to the renamed one.
     * @return the name the old live schema now has
     */
    public String swap(Outcome outcome) throws SQLException {
        String previous = outcome.rebuiltSchema().replace("_rebuild_", "_replaced_");
        try (Connection connection = connect(live.postgresUrl())) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("ALTER SCHEMA " + quote(outcome.liveSchema()) + " RENAME TO " + quote(previous));
                statement.execute("ALTER SCHEMA " + quote(outcome.rebuiltSchema()) + " RENAME TO " + quote(outcome.liveSchema()));
            }
            connection.commit();
        }
        return previous;
    }

    /** Drops the rebuilt schema, when it was only needed for the comparison. */
    public void discard(Outcome outcome) throws SQLException {
        try (Connection connection = connect(live.postgresUrl()); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA " + quote(outcome.rebuiltSchema()) + " CASCADE");
        }
    }

    private static List<String> examples(Statement statement, String query, String label) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery(query + " LIMIT " + EXAMPLES)) {
            int n = result.getMetaData().getColumnCount();
            while (result.next()) {
                StringBuilder row = new StringBuilder(label);
                for (int i = 1; i <= n; i++) {
                    row.append(i > 1 ? ", " : "").append(result.getMetaData().getColumnName(i)).append('=')
                            .append(result.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private static long count(Statement statement, String query) throws SQLException {
        try (ResultSet result = statement.executeQuery(query)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static String currentSchema(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery("SELECT current_schema()")) {
            result.next();
            String schema = result.getString(1);
            if (schema == null) {
                throw new IllegalStateException("The connection has no current schema (check currentSchema in "
                        + SinkConfig.POSTGRES_URL.key() + ")");
            }
            return schema;
        }
    }

    private Connection connect(String url) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", live.postgresUser());
        properties.setProperty("password", live.postgresPassword());
        return DriverManager.getConnection(url, properties);
    }

    /** The same URL with the schema as the connection's current schema. */
    static String withSchema(String url, String schema) {
        String cleaned = url.replaceAll("([?&])currentSchema=[^&]*&?", "$1").replaceAll("[?&]$", "");
        return cleaned + (cleaned.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
