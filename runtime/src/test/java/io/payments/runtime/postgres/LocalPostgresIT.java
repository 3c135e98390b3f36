package io.payments.runtime.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPostgresIT {

    @TempDir
    Path dataDir;

    @Test
    void keepsCommittedRowsAcrossARestartWithDurabilityOn() throws SQLException {
        try (LocalPostgres postgres = LocalPostgres.embedded(dataDir.resolve("pg"), 0).start()) {
            postgres.createDatabase("it_restart");
            postgres.createDatabase("it_restart");
            try (Connection connection = postgres.connect("it_restart"); Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE t (id bigint PRIMARY KEY)");
                statement.execute("INSERT INTO t VALUES (1), (2)");
                assertThat(setting(statement, "fsync")).isEqualTo("on");
                assertThat(setting(statement, "synchronous_commit")).isEqualTo("on");
            }
            int port = postgres.port();

            postgres.stop();
            assertThat(postgres.isRunning()).isFalse();
            postgres.start();

            assertThat(postgres.port()).isEqualTo(port);
            try (Connection connection = postgres.connect("it_restart"); Statement statement = connection.createStatement()) {
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM t");
                rows.next();
                assertThat(rows.getLong(1)).isEqualTo(2);
            }
        }
    }

    private static String setting(Statement statement, String name) throws SQLException {
        ResultSet result = statement.executeQuery("SHOW " + name);
        result.next();
        return result.getString(1);
    }
}
