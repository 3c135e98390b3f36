package io.payments.sink.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.payments.sink.config.SinkConfig;
import org.flywaydb.core.Flyway;

/** The sink's connection pool, with the schema migrated to the latest version first. */
public final class Database {

    private Database() {
    }

    public static HikariDataSource connect(SinkConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.postgresUrl());
        hikari.setUsername(config.postgresUser());
        hikari.setPassword(config.postgresPassword());
        hikari.setMaximumPoolSize(config.writers() + 1);
        hikari.setPoolName("payments-sink");
        // Fail fast when PostgreSQL is down: the sink retries on its own schedule.
        hikari.setConnectionTimeout(5_000);
        hikari.setInitializationFailTimeout(-1);
        hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
        HikariDataSource dataSource = new HikariDataSource(hikari);
        try {
            migrate(dataSource);
        } catch (RuntimeException e) {
            dataSource.close();
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            throw new IllegalStateException("Cannot prepare the PostgreSQL schema at " + config.postgresUrl() + " as "
                    + config.postgresUser() + ": " + cause.getMessage() + " (check sink.postgres.url, .user and .password)", e);
        }
        return dataSource;
    }

    public static void migrate(javax.sql.DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .javaMigrations(new V2__Currencies())
                .load()
                .migrate();
    }
}
