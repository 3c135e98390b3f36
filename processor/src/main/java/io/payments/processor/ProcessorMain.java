package io.payments.processor;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.payments.processor.config.ProcessorConfig;
import io.payments.schemas.config.Settings;
import io.payments.schemas.failure.Causes;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Runs the processor as a process of its own: {@code ProcessorMain [config.properties]}, with
 * {@code PAYMENTS_…} environment variables applied on top. Exits 1 if processing stops on an error.
 */
public final class ProcessorMain {

    private ProcessorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path file = args.length > 0 ? Path.of(args[0]) : null;
        System.exit(run(ProcessorConfig.from(Settings.load(file, System.getenv(), Map.of())), Metrics.globalRegistry,
                service -> { }));
    }

    /**
     * Runs the processor until it stops (an error, or the JVM shutting down) and returns the exit
     * code 0. {@code started} sees the running service first.
     *
     * @throws IllegalStateException when it stopped on an error, with the error's own message
     */
    public static int run(ProcessorConfig config, MeterRegistry meters, java.util.function.Consumer<ProcessorService> started)
            throws InterruptedException {
        ProcessorService service = ProcessorService.start(config, meters);
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "processor-shutdown"));
        started.accept(service);
        service.awaitStopped();
        if (service.state() == KafkaStreams.State.ERROR) {
            throw new IllegalStateException("The processor stopped: " + Causes.innermostMessage(service.failure()).orElse("an error (see the log)"),
                    service.failure());
        }
        return 0;
    }

}
