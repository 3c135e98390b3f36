package io.payments.tools.demo;

import io.payments.runtime.LocalSecrets;
import io.payments.runtime.postgres.LocalPostgres;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** The demo's final report: what the results said, and what PostgreSQL holds. */
final class DemoReport {

    private DemoReport() {
    }

    static void print(PrintWriter out, ResultTally results, long sent, Duration elapsed, LocalPostgres postgres,
                      int httpPort, String httpToken, String metricsUrl) throws SQLException {
        printOutcomes(out, results, sent, elapsed);
        printProjection(out, postgres);
        printWhereToLook(out, postgres, httpPort, httpToken, metricsUrl);
        out.flush();
    }

    private static void printOutcomes(PrintWriter out, ResultTally results, long sent, Duration elapsed) {
        out.println();
        out.printf("Done in %.1f s. %,d requests sent, %,d results (every request has one):%n",
                elapsed.toMillis() / 1000.0, sent, results.total());
        out.printf("  %-44s %,10d%n", "COMPLETED", results.count("COMPLETED"));
        out.printf("  %-44s %,10d%n", "REVERSED", results.count("REVERSED"));
        out.printf("  %-44s %,10d%n", "REJECTED", results.count("REJECTED"));
        out.printf("  %-44s %,10d%n", "HELD (holds placed)", results.count("HELD"));
        results.byReason().forEach((reason, count) -> out.printf("    %-42s %,10d%n",
                reason.equals("DUPLICATE") ? "retries answered with the original outcome" : reason, count));
    }

    private static void printProjection(PrintWriter out, LocalPostgres postgres) throws SQLException {
        try (Connection db = postgres.connect(LocalPostgres.DEFAULT_DATABASE); Statement statement = db.createStatement()) {
            out.println();
            out.println("In PostgreSQL:");
            try (ResultSet rows = statement.executeQuery(
                    "SELECT (SELECT count(*) FROM ledger_entries), (SELECT count(*) FROM account_balances), "
                            + "(SELECT count(*) FROM transfers)")) {
                rows.next();
                out.printf("  %,d ledger entries, %,d account balances, %,d transfers%n", rows.getLong(1), rows.getLong(2),
                        rows.getLong(3));
            }
            out.println("  Transfers by status:");
            try (ResultSet rows = statement.executeQuery(
                    "SELECT status, count(*) FROM transfers GROUP BY status ORDER BY status")) {
                while (rows.next()) {
                    out.printf("    %-42s %,10d%n", rows.getString(1), rows.getLong(2));
                }
            }
            out.println("  Holds by how they ended (HELD: still open):");
            try (ResultSet rows = statement.executeQuery(
                    "SELECT status, count(*) FROM holds GROUP BY status ORDER BY status")) {
                while (rows.next()) {
                    out.printf("    %-42s %,10d%n", rows.getString(1), rows.getLong(2));
                }
            }
            out.println("  Σ balances per currency (0 when nothing is in flight: money is only moved, never made):");
            try (ResultSet rows = statement.executeQuery("""
                    SELECT b.currency, sum(b.balance_minor) AS total_minor,
                           round(sum(b.balance_minor) / 10::numeric ^ c.fraction_digits, c.fraction_digits) AS total
                    FROM account_balances b JOIN currencies c ON c.code = b.currency
                    GROUP BY b.currency, c.fraction_digits ORDER BY b.currency""")) {
                while (rows.next()) {
                    out.printf("    %-42s %s%n", rows.getString(1), rows.getString(3));
                }
            }
            out.println("  Top customer balances:");
            try (ResultSet rows = statement.executeQuery("""
                    SELECT b.account_id, b.balance, b.currency, b.version FROM account_balances_decimal b
                    JOIN accounts a USING (account_id) WHERE a.kind = 'CUSTOMER'
                    ORDER BY b.balance DESC, b.account_id LIMIT 5""")) {
                while (rows.next()) {
                    out.printf("    %-20s %16s %s  (version %d)%n", rows.getString(1), rows.getString(2), rows.getString(3),
                            rows.getLong(4));
                }
            }
        }
    }

    private static void printWhereToLook(PrintWriter out, LocalPostgres postgres, int httpPort, String httpToken,
                                         String metricsUrl) {
        out.println();
        out.println("Look at the data:");
        out.println("  PostgreSQL  " + postgres.jdbcUrl() + "  (user " + postgres.user() + ")");
        if (postgres.isEmbedded()) {
            String psql = "psql -h 127.0.0.1 -p " + postgres.port() + " -U " + postgres.user() + " payments -c ";
            out.println("    " + psql + "\"SELECT * FROM transfers_decimal ORDER BY updated_at DESC LIMIT 10\"");
            out.println("    " + psql + "\"SELECT * FROM ledger_entries_decimal WHERE account_id = 'acct-000001' ORDER BY account_version\"");
            out.println("    " + psql + "\"SELECT status, reason, count(*) FROM transfers GROUP BY 1, 2 ORDER BY 3 DESC\"");
        }
        if (httpPort > 0) {
            out.println("  Balance API (while the demo runs; the token is in " + LocalSecrets.FILE + " of the data directory):");
            out.println("    curl -H 'Authorization: Bearer " + httpToken + "' http://127.0.0.1:" + httpPort
                    + "/accounts/acct-000001");
        }
        out.println("  Metrics     " + metricsUrl + "/metrics  and  " + metricsUrl + "/health  (while the demo runs)");
    }
}
