package io.payments.sink.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.payments.schemas.failure.Causes;
import io.payments.sink.config.SinkConfig;
import org.flywaydb.core.Flyway;

/** The sink's connection pool, with the schema migrated to the latest version first. */
public final class Database {

    private Database() {
    }

    public static HikariDataSource connect(SinkConfig config) {
        return connect(config, null);
    }

    /** The same, with the pool's meters (hikaricp_connections_*) in the registry. */
    public static HikariDataSource connect(SinkConfig config, MeterRegistry meters) {
        HikariConfig hikari = new HikariConfig();
        if (meters != null) {
            hikari.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
        }
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
            throw new IllegalStateException("Cannot prepare the PostgreSQL schema at " + config.postgresUrl() + " as "
                    + config.postgresUser() + ": " + Causes.root(e).getMessage() + " (check sink.postgres.url, .user and .password)", e);
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
