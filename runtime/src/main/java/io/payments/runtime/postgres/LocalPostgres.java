package io.payments.runtime.postgres;

import io.payments.runtime.Ports;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

/**
 * A real PostgreSQL server: either embedded (zonky's PostgreSQL binaries from Maven Central, data
 * under one directory, started and stopped by this class) or an existing server named by a JDBC
 * URL, such as {@code PAYMENTS_PG_URL}. The embedded server runs with fsync and
 * synchronous_commit on (zonky turns both off by default): a projection that promises nothing
 * is lost must not lose committed rows in a crash.
 */
public final class LocalPostgres implements AutoCloseable {

    public static final String DEFAULT_DATABASE = "payments";

    private final Path dataDir;
    private final String externalUrl;
    private final String user;
    private final String password;
    private int port;
    private EmbeddedPostgres server;

    private LocalPostgres(Path dataDir, int port, String externalUrl, String user, String password) {
        this.dataDir = dataDir == null ? null : dataDir.toAbsolutePath();
        this.port = port;
        this.externalUrl = externalUrl;
        this.user = user;
        this.password = password;
    }

    /** An embedded server with data under dataDir on the given port (0 for any free one); not started yet. */
    public static LocalPostgres embedded(Path dataDir, int port) {
        return new LocalPostgres(dataDir, port, null, "postgres", "");
    }

    /**
     * An existing server. The URL names the server and a database (which this class never
     * drops); other databases are reached on the same server by replacing its name.
     */
    public static LocalPostgres external(String jdbcUrl, String user, String password) {
        if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("PostgreSQL URL \"" + jdbcUrl
                    + "\" must look like jdbc:postgresql://host:5432/database");
        }
        return new LocalPostgres(null, 0, jdbcUrl, user, password);
    }

    public boolean isEmbedded() {
        return externalUrl == null;
    }

    public synchronized LocalPostgres start() {
        if (!isEmbedded() || server != null) {
            return this;
        }
        try {
            Files.createDirectories(dataDir);
            StalePostmaster.stopIfRunning(dataDir);
            port = Ports.requireFree(port == 0 ? portFromLastRun() : port, "PostgreSQL", "the PostgreSQL port setting");
            server = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("shared_buffers", "256MB")
                    .setServerConfig("max_wal_size", "2GB")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            Files.writeString(dataDir.getParent().resolve(dataDir.getFileName() + ".port"), Integer.toString(port));
            createDatabase(DEFAULT_DATABASE);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start PostgreSQL in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** Stops the embedded server (a fast shutdown: open transactions are rolled back). */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot stop PostgreSQL: " + e.getMessage(), e);
        } finally {
            server = null;
        }
    }

    public synchronized boolean isRunning() {
        return !isEmbedded() || server != null;
    }

    @Override
    public void close() {
        stop();
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** JDBC URL of the pipeline's default database. */
    public String jdbcUrl() {
        return jdbcUrl(DEFAULT_DATABASE);
    }

    public String jdbcUrl(String database) {
        if (isEmbedded()) {
            return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
        }
        if (database.equals(DEFAULT_DATABASE)) {
            return externalUrl;
        }
        String afterHost = externalUrl.substring("jdbc:postgresql://".length());
        int slash = afterHost.indexOf('/');
        String query = afterHost.contains("?") ? afterHost.substring(afterHost.indexOf('?')) : "";
        return "jdbc:postgresql://" + (slash < 0 ? afterHost : afterHost.substring(0, slash)) + "/" + database + query;
    }

    public Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        return DriverManager.getConnection(jdbcUrl(database), properties);
    }

    /** Creates a database unless it exists. */
    public void createDatabase(String name) {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("database name must be lower-case letters, digits and _: " + name);
        }
        String maintenance = isEmbedded() ? "postgres" : DEFAULT_DATABASE;
        try (Connection connection = connect(maintenance); Statement statement = connection.createStatement()) {
            var exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'");
            if (!exists.next()) {
                statement.execute("CREATE DATABASE " + name);
            }
        } catch (SQLException e) {
            if (!"42P04".equals(e.getSQLState())) {
                throw new IllegalStateException("Cannot create database " + name + " at " + jdbcUrl(maintenance)
                        + ": " + e.getMessage(), e);
            }
        }
    }

    private int portFromLastRun() {
        Path file = dataDir.getParent().resolve(dataDir.getFileName() + ".port");
        try {
            return Files.exists(file) ? Integer.parseInt(Files.readString(file).trim()) : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }
}
