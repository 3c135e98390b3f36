package io.payments.app.produce;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.payments.producer.load.LoadGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;

/** The summary printed at the end of a load, and its manifest file. */
final class LoadReport {

    private LoadReport() {
    }

    static void print(LoadGenerator generator, Duration elapsed, PrintWriter out) {
        var latencies = generator.latencies();
        out.printf("%nSent %,d requests (accounts, funding and transfers) in %.1f s: %,d acknowledged, %,d failed%n",
                generator.sent(), elapsed.toMillis() / 1000.0, generator.acknowledged(), generator.failed());
        out.printf("Achieved rate: %,.0f requests/s%n", generator.sent() * 1000.0 / Math.max(1, elapsed.toMillis()));
        out.printf("Send latency (to the broker's acknowledgement, acks=all): p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                latencies.percentile(50) / 1000.0, latencies.percentile(95) / 1000.0,
                latencies.percentile(99) / 1000.0, latencies.percentile(100) / 1000.0);
    }

    static void writeManifest(LoadGenerator generator, Path file) throws IOException {
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), generator.manifest().asMap());
    }
}
