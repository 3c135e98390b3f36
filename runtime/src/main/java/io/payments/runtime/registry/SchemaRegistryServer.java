package io.payments.runtime.registry;

import com.sun.net.httpserver.HttpServer;
import io.payments.runtime.Ports;
import io.payments.schemas.registry.InMemorySchemaRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The embedded schema registry: a Confluent-compatible REST API on 127.0.0.1 whose state lives
 * in a compacted Kafka topic, so ids stay the same across restarts. One instance per topic.
 */
public final class SchemaRegistryServer implements AutoCloseable {

    /** The topic the Confluent registry uses by default. */
    public static final String DEFAULT_TOPIC = "_schemas";

    private final HttpServer http;
    private final ExecutorService executor;
    private final KafkaRegistryJournal journal;

    private SchemaRegistryServer(HttpServer http, ExecutorService executor, KafkaRegistryJournal journal) {
        this.http = http;
        this.executor = executor;
        this.journal = journal;
    }

    /**
     * Replays the registry topic and starts serving on the port (0 for any free one).
     *
     * @param kafkaClientConfig extra Kafka client settings, e.g. security; may be empty
     */
    public static SchemaRegistryServer start(String bootstrapServers, String topic, int port,
                                             Map<String, Object> kafkaClientConfig) {
        KafkaRegistryJournal journal = new KafkaRegistryJournal(bootstrapServers, topic, kafkaClientConfig);
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry(journal);
        journal.replayInto(registry);
        int boundPort = Ports.requireFree(port, "the schema registry", "the registry port setting");
        ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "schema-registry-http");
            thread.setDaemon(true);
            return thread;
        });
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", boundPort), 50);
            http.createContext("/", new RegistryHttpApi(registry));
            http.setExecutor(executor);
            http.start();
            return new SchemaRegistryServer(http, executor, journal);
        } catch (IOException e) {
            journal.close();
            executor.shutdownNow();
            throw new UncheckedIOException("Cannot start the schema registry on port " + boundPort, e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    public int port() {
        return http.getAddress().getPort();
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
        journal.close();
    }
}
