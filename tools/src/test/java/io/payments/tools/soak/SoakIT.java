package io.payments.tools.soak;

import static org.assertj.core.api.Assertions.assertThat;

import io.payments.tools.cli.ToolsCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * A short soak: a minute at 300 transfers/s with ids remembered for 15 s (kept 30 s with the
 * retry grace). The remembered ids must level off once they start to expire (the sweep deletes
 * them), and lag, heap and RocksDB must not grow without bound.
 */
class SoakIT {

    @Test
    void rememberedIdsAndResourcesStayBounded() {
        StringWriter output = new StringWriter();
        StringWriter errors = new StringWriter();

        int exit = ToolsCommand.commandLine(new PrintWriter(output, true), new PrintWriter(errors, true)).execute(
                "soak", "--duration", "60", "--rate", "300", "--accounts", "1000", "--dedup-retention", "15",
                "--sample-interval", "5");

        String report = output.toString();
        assertThat(exit).as("exit code; errors: %s%noutput: %s", errors, report).isZero();
        assertThat(report).contains("dedup entries", "lag:", "RocksDB files:").containsPattern("remembered request ids: +bounded");
    }
}
