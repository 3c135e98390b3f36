package io.payments.processor;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.payments.processor.config.ProcessorConfig;
import io.payments.processor.errors.DeadLetterHandler;
import io.payments.processor.health.InputStallWatch;
import io.payments.processor.health.TransientTrouble;
import io.payments.processor.legs.LegAuthentication;
import io.payments.processor.metrics.LedgerMeters;
import io.payments.processor.metrics.ProcessorGauges;
import io.payments.processor.query.BalanceQueryServer;
import io.payments.processor.topology.LedgerTopology;
import io.payments.schemas.failure.Causes;
import io.payments.schemas.failure.Health;
import io.payments.schemas.registry.SchemaRegistries;
import io.payments.schemas.registry.SchemaRegistryException;
import io.payments.schemas.serde.PaymentSerdes;
import io.payments.schemas.topics.PaymentTopic;
import io.payments.schemas.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the ledger topology with Kafka Streams, and the balance query API beside it. */
public final class ProcessorService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessorService.class);

    private final KafkaStreams streams;
    private final BalanceQueryServer queries;
    private final KafkaStreamsMetrics streamsMetrics;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final ProcessorConfig config;
    private final Map<String, Object> adminConfig;
    private final TransientTrouble trouble;
    private final InputStallWatch stalls;
    private volatile Throwable failure;

    private ProcessorService(KafkaStreams streams, BalanceQueryServer queries, KafkaStreamsMetrics streamsMetrics,
                             ProcessorConfig config, Map<String, Object> adminConfig, MeterRegistry registry) {
        this.streams = streams;
        this.queries = queries;
        this.streamsMetrics = streamsMetrics;
        this.config = config;
        this.adminConfig = adminConfig;
        this.trouble = new TransientTrouble(registry, config.maxRetryBackoff());
        this.stalls = new InputStallWatch(Admin.create(adminConfig), config.common().topics(),
                config.common().bootstrapServers(), registry, config.stallCheckInterval(), config.stallAlertAfter());
    }

    /** Starts with the meters going to Micrometer's global registry (nowhere, unless one is added to it). */
    public static ProcessorService start(ProcessorConfig config) {
        return start(config, Metrics.globalRegistry);
    }

    /**
     * Creates the topics if needed, checks their partition counts and that the inputs are
     * timestamped by the broker, and starts processing.
     *
     * @throws IllegalStateException when a topic has another partition count or an input topic
     *         keeps producer timestamps; the message says what to change
     */
    public static ProcessorService start(ProcessorConfig config, MeterRegistry registry) {
        Map<String, Object> adminConfig = config.common().clientConfig(config.kafkaOverrides());
        Map<Integer, Long> unsignedLegsBelow;
        int deadLetterLimit;
        try (Admin admin = Admin.create(adminConfig)) {
            config.common().topics().ensureCreated(admin);
            config.common().topics().requireBrokerTimestamps(admin, config.common().bootstrapServers());
            unsignedLegsBelow = endOffsets(admin, config.common().topics().name(PaymentTopic.CREDITS),
                    config.topology().partitions());
            deadLetterLimit = config.common().topics().maxMessageBytes(admin, PaymentTopic.DEAD_LETTERS);
            DeadLetterHandler.requireRoom(config.common().topics().name(PaymentTopic.DEAD_LETTERS), deadLetterLimit,
                    config.common().bootstrapServers());
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not check the topics' settings: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checking the topics", e);
        }
        PaymentSerdes serdes = new PaymentSerdes(SchemaRegistries.connect(config.common().schemaRegistryUrl()), true);
        LedgerMeters meters = new LedgerMeters(registry);
        Properties properties = config.streamsProperties();
        properties.put(LedgerMeters.CONFIG_KEY, meters);
        properties.put(DeadLetterHandler.TOPIC_MAX_MESSAGE_BYTES, deadLetterLimit);
        KafkaStreams streams = new KafkaStreams(
                LedgerTopology.build(config.common().topics(), serdes, config.topology(),
                        LegAuthentication.of(config.legKeys(), unsignedLegsBelow), meters), properties);
        BalanceQueryServer queries = config.httpPort() > 0
                ? BalanceQueryServer.start(streams, config.httpHost(), config.httpAdvertisedHost(), config.httpPort(),
                config.httpToken()) : null;
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        ProcessorGauges.bind(streams, registry);
        ProcessorService service = new ProcessorService(streams, queries, streamsMetrics, config, adminConfig, registry);
        streams.setUncaughtExceptionHandler(service::onUncaughtException);
        streams.setStateListener((newState, oldState) -> {
            LOG.info("Kafka Streams state {} -> {}", oldState, newState);
            if (newState == KafkaStreams.State.NOT_RUNNING || newState == KafkaStreams.State.ERROR) {
                service.stopped.countDown();
            }
        });
        streams.start();
        return service;
    }

    /** The end offset of each partition of a topic: where unsigned legs stop being accepted on a first start. */
    private static Map<Integer, Long> endOffsets(Admin admin, String topic, int partitions)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<Integer, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((partition, info) -> ends.put(partition.partition(), info.offset()));
        return ends;
    }

    /**
     * The failure classes (docs/failures.md, "Failure classes"). A transient one (the schema registry
     * unreachable, or answering 5xx, 429, 401 or 403) is waited out: after a backoff that grows
     * to {@code processor.retry.backoff.max}, the stream thread is replaced and reads the record
     * again; nothing is dead-lettered for it. Anything else that reaches here is a bug or a broken
     * invariant (a record's own fault was dead-lettered before): the client stops rather than skip
     * a record, which could lose money.
     */
    private StreamThreadExceptionResponse onUncaughtException(Throwable e) {
        Optional<SchemaRegistryException> outage = Causes.chain(e).filter(SchemaRegistryException.class::isInstance)
                .map(SchemaRegistryException.class::cast).filter(SchemaRegistryException::isTransient).findFirst();
        if (outage.isPresent()) {
            String what = outage.get().getMessage();
            Duration backoff = trouble.failed("the schema registry cannot answer: " + what);
            LOG.warn("The schema registry cannot answer ({}); reading the record again in {} ms", what, backoff.toMillis());
            try {
                Thread.sleep(backoff.toMillis());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        }
        failure = explained(e);
        LOG.error("Processing failed; stopping the processor: {}", failure.getMessage(), e);
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    /**
     * The failure in the operator's terms where it has a known cause. Partitions added to the
     * input topics stop Kafka Streams (its changelogs no longer match, or a task finds a count its
     * state was not built with); Kafka Streams' own message then advises resetting the application,
     * which would throw the ledger's state away, so the changed count is named instead. The count
     * the state was built with is the accounts changelog's.
     */
    private Throwable explained(Throwable e) {
        Map<String, Object> quick = new HashMap<>(adminConfig);
        quick.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        quick.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        String changelog = config.applicationId() + "-" + LedgerTopology.ACCOUNTS_STORE + "-changelog";
        try (Admin admin = Admin.create(quick)) {
            List<String> names = new ArrayList<>(List.of(changelog));
            PaymentTopic.PROCESSOR_INPUTS.forEach(input -> names.add(config.common().topics().name(input)));
            Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get();
            int built = described.get(changelog).partitions().size();
            for (PaymentTopic input : PaymentTopic.PROCESSOR_INPUTS) {
                String name = config.common().topics().name(input);
                int now = described.get(name).partitions().size();
                if (now != built) {
                    IllegalStateException explanation = new IllegalStateException("Input topic " + name + " has " + now
                            + " partitions; the processor's state (" + changelog + ") was built for " + built
                            + ". Accounts are placed by their id's hash modulo the partition count, so with another "
                            + "count they land on partitions whose state does not hold them: the processor stopped. "
                            + Topics.CHANGING_THE_PARTITION_COUNT);
                    explanation.addSuppressed(e);
                    return explanation;
                }
            }
        } catch (ExecutionException | RuntimeException describeFailed) {
            e.addSuppressed(describeFailed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        return e;
    }

    /** Why the processor stopped on its own, or null: the error that shut Kafka Streams down. */
    public Throwable failure() {
        return failure;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Up while Kafka Streams runs; the details name an outage being retried and inputs held by an open transaction. */
    public Health health() {
        List<String> details = new ArrayList<>();
        trouble.detail().ifPresent(details::add);
        details.addAll(stalls.details());
        if (failure != null) {
            details.add(0, "stopped: " + failure.getMessage());
        }
        return new Health(state() == KafkaStreams.State.RUNNING, details);
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** Waits until Kafka Streams has stopped, after an error or {@link #close()}. */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        if (queries != null) {
            queries.close();
        }
        // Leave the group on a clean stop, so the next start (or another instance) takes the
        // partitions at once instead of waiting for this member's session to time out.
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
        streamsMetrics.close();
        stalls.close();
    }
}
