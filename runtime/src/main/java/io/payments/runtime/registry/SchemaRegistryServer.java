package io.payments.runtime.registry;

import io.payments.runtime.Ports;
import io.payments.schemas.http.HttpEndpoint;
import io.payments.schemas.registry.InMemorySchemaRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The embedded schema registry: a Confluent-compatible REST API on 127.0.0.1 whose state lives
 * in a compacted Kafka topic, so ids stay the same across restarts. One instance per topic.
 */
public final class SchemaRegistryServer implements AutoCloseable {

    /** The topic the Confluent registry uses by default. */
    public static final String DEFAULT_TOPIC = "_schemas";

    private final HttpEndpoint http;
    private final KafkaRegistryJournal journal;

    private SchemaRegistryServer(HttpEndpoint http, KafkaRegistryJournal journal) {
        this.http = http;
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
        try {
            return new SchemaRegistryServer(HttpEndpoint.start("127.0.0.1", boundPort, 4, "schema-registry-http",
                    Map.of("/", new RegistryHttpApi(registry))), journal);
        } catch (IOException e) {
            journal.close();
            throw new UncheckedIOException("Cannot start the schema registry on port " + boundPort, e);
        }
    }

    public String url() {
        return http.url();
    }

    public int port() {
        return http.port();
    }

    @Override
    public void close() {
        http.close();
        journal.close();
    }
}
