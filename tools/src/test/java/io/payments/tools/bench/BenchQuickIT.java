package io.payments.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.payments.tools.cli.ToolsCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Smoke test of {@code payments bench --quick}: all four benchmarks complete and print their
 * tables. It asserts no timing: speed is measured by the benchmark command, not by tests.
 */
class BenchQuickIT {

    @Test
    void everyBenchmarkRunsAndPrintsItsTable() {
        Set<ProcessHandle> before = ProcessHandle.current().descendants().collect(Collectors.toSet());
        StringWriter output = new StringWriter();
        StringWriter errors = new StringWriter();

        int exit = ToolsCommand.commandLine(new PrintWriter(output, true), new PrintWriter(errors, true))
                .execute("bench", "--quick");

        String report = output.toString();
        assertThat(exit).as("exit code; errors: %s%noutput: %s", errors, report).isZero();
        assertThat(report).contains("Machine: ", "| Kafka ProducerPerformance |", "| payments TransferClient |",
                "| peer: sum by key, EOS v2, cache off |", "| payments processor |",
                "| payments processor, hold then whole post |", "| payments sink |",
                "| uniform, unthrottled |", "| zipf, unthrottled |", "| after the 1 s warm-up |");
        assertThat(report.split("\nRatio: ", -1)).as("three peer ratios, and holds to transfers").hasSize(5);
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).filter(p -> !before.contains(p))
                .toList()).as("processes left running").isEmpty();
    }
}
