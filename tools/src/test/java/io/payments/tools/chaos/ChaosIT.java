package io.payments.tools.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.payments.tools.cli.ToolsCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI-sized chaos run: 50,000 transfers through two processors and two sinks in separate JVMs
 * while ten faults are injected (processor and sink SIGKILLs, broker SIGKILLs, a paused zombie),
 * then a full reconciliation of the log and PostgreSQL that must find nothing wrong.
 */
class ChaosIT {

    @TempDir
    Path dir;

    @Test
    void nothingIsLostOrDoubledWhileProcessesAreKilledAndPaused() {
        Set<ProcessHandle> before = ProcessHandle.current().descendants().collect(Collectors.toSet());
        StringWriter output = new StringWriter();
        StringWriter errors = new StringWriter();

        int exit = ToolsCommand.commandLine(new PrintWriter(output, true), new PrintWriter(errors, true)).execute(
                "chaos", "--transfers", "50000", "--rate", "2500", "--faults", "10", "--accounts", "2000",
                "--dir", dir.toString());

        String report = output.toString();
        assertThat(exit).as("exit code; errors: %s%noutput: %s", errors, report).isZero();
        assertThat(report).containsPattern("[1-9][\\d,]* holds, every one ended");
        assertThat(report).contains("Faults injected: 10", "Reconciliation PASSED", "Violations: none",
                "(0 failed to send)");
        for (Fault fault : Fault.values()) {
            assertThat(report).as("a %s was injected", fault).containsPattern("fault \\d+: .*" + fault);
        }
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).filter(p -> !before.contains(p))
                .toList()).as("processes left running").isEmpty();
    }
}
