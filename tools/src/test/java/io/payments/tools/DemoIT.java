package io.payments.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.payments.tools.cli.ToolsCommand;
import io.payments.runtime.postgres.LocalPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small demo through the command's own entry point; its report checked against PostgreSQL afterwards. */
class DemoIT {

    @TempDir
    Path dir;

    @Test
    void aSmallDemoAccountsForEveryTransferAndLeavesNothingRunning() throws Exception {
        // Other tests' shared runtime (a broker JVM) may already run; only the demo's own processes count.
        java.util.Set<ProcessHandle> before = ProcessHandle.current().descendants().collect(java.util.stream.Collectors.toSet());
        StringWriter output = new StringWriter();
        StringWriter errors = new StringWriter();
        int exit = ToolsCommand.commandLine(new PrintWriter(output, true), new PrintWriter(errors, true)).execute(
                "demo", "--data-dir", dir.toString(), "--transfers", "2000", "--accounts", "200",
                "--kafka-port", "0", "--registry-port", "0", "--postgres-port", "0", "--http-port", "0", "--metrics-port", "0");
        String report = output.toString();

        assertThat(exit).as("exit code; errors: %s", errors).isZero();
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).filter(p -> !before.contains(p)).toList())
                .as("processes left running").isEmpty();
        long sent = number(report, "([\\d,]+) requests sent");
        assertThat(number(report, "requests sent, ([\\d,]+) results")).isEqualTo(sent);
        long completed = number(report, "\\n  COMPLETED +([\\d,]+)");
        long reversed = number(report, "\\n  REVERSED +([\\d,]+)");
        long rejected = number(report, "\\n  REJECTED +([\\d,]+)");
        long held = number(report, "\\n  HELD \\(holds placed\\) +([\\d,]+)");
        long retries = number(report, "retries answered with the original outcome +([\\d,]+)");
        assertThat(completed + reversed + rejected + held + retries).isEqualTo(sent);
        assertThat(held).as("the load's share of holds").isPositive();
        assertThat(report).contains("EUR                                        0.00", "USD                                        0.00");

        try (LocalPostgres postgres = LocalPostgres.embedded(dir.resolve("postgres"), 0).start();
             Connection db = postgres.connect(LocalPostgres.DEFAULT_DATABASE); Statement sql = db.createStatement()) {
            assertThat(query(sql, "SELECT count(*) FROM ledger_entries"))
                    .isEqualTo(number(report, "([\\d,]+) ledger entries"));
            assertThat(query(sql, "SELECT count(*) FROM transfers WHERE status = 'COMPLETED'"))
                    .isEqualTo(number(report, "Transfers by status:\\n +COMPLETED +([\\d,]+)"));
            assertThat(query(sql, "SELECT count(*) FROM transfers WHERE status = 'REVERSED'")).isEqualTo(reversed);
            assertThat(query(sql, "SELECT count(*) FROM transfers WHERE status = 'REJECTED'")).isEqualTo(rejected);
            assertThat(query(sql, "SELECT count(*) FROM accounts")).as("opened accounts").isEqualTo(202);
            assertThat(query(sql, "SELECT count(*) FROM transfers WHERE status = 'PENDING'")).isZero();
            assertThat(query(sql, "SELECT count(DISTINCT status) FROM holds WHERE status <> 'HELD'"))
                    .as("holds posted, voided and expired").isEqualTo(3);
            assertThat(query(sql, "SELECT count(*) FROM holds WHERE status = 'HELD'")).as("holds left open").isZero();
            assertThat(query(sql, "SELECT count(*) FROM holds WHERE status = 'POSTED' AND posted_amount_minor < amount_minor"))
                    .as("holds posted in part").isPositive();
            assertThat(query(sql, "SELECT coalesce(sum(balance_minor), 0) FROM account_balances")).isZero();
            assertThat(query(sql, """
                    SELECT count(*) FROM account_balances b JOIN (SELECT account_id, sum(amount_minor) s, max(account_version) v
                    FROM ledger_entries GROUP BY account_id) e USING (account_id) WHERE b.balance_minor <> e.s OR b.version <> e.v"""))
                    .as("balances that are not the sum of their entries").isZero();
            // Every opened account counts as a completed request, and so does every void (a voided hold); the rest are
            // transfers, posts among them.
            assertThat(completed).isEqualTo(202 + query(sql, "SELECT count(*) FROM transfers WHERE status = 'COMPLETED'")
                    + query(sql, "SELECT count(*) FROM holds WHERE status = 'VOIDED'"));
        }
    }

    private static long number(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as("%s in the report:%n%s", regex, text).isTrue();
        return Long.parseLong(matcher.group(1).replace(",", ""));
    }

    private static long query(Statement sql, String query) throws Exception {
        try (ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
