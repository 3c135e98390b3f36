package io.payments.producer.client;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.payments.avro.AccountKind;
import io.payments.avro.OpenAccount;
import io.payments.avro.PlaceHold;
import io.payments.avro.PostHold;
import io.payments.avro.TransferRequest;
import io.payments.avro.TransferResult;
import io.payments.avro.VoidHold;
import io.payments.ledger.LedgerRules;
import io.payments.ledger.Money;
import io.payments.schemas.config.CommonSettings;
import io.payments.schemas.config.Setting;
import io.payments.schemas.config.Settings;
import io.payments.schemas.registry.SchemaRegistries;
import io.payments.schemas.serde.PaymentSerdes;
import io.payments.schemas.topics.PaymentTopic;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What an upstream service embeds to send requests to the pipeline: an idempotent producer
 * ({@code acks=all}, {@code enable.idempotence=true}) writing Confluent wire-format Avro to
 * {@code payments.commands}, keyed by the account each command acts on. Requests are checked
 * before anything is sent. With {@code followResults}, each submission also gets a future of its
 * final result, from one results consumer shared by the client.
 *
 * <p>Retrying after a timeout is safe when the retry reuses the transfer id: the pipeline
 * answers it with the original outcome and moves no money.
 */
public final class TransferClient implements AutoCloseable, MeterBinder {

    /** The client's settings: its own below, the common ones ({@link CommonSettings}) and any kafka.* key. */
    public record Config(CommonSettings common, boolean followResults, Duration outcomeTimeout,
                         Map<String, Object> kafkaOverrides) {

        public static final Setting<Boolean> FOLLOW_RESULTS = Setting.bool("client.follow.results", true)
                .doc("Follow the results topic, so that each submission also gets a future of its final result.");
        public static final Setting<Duration> OUTCOME_TIMEOUT = Setting.duration("client.outcome.timeout",
                        Duration.ofSeconds(30))
                .doc("How long a result future waits before it fails with `OutcomeTimeoutException` "
                        + "(a retry with the same transfer id is safe).");

        /** The client's own settings, in the order the reference lists them. */
        public static final List<Setting<?>> SETTINGS = List.of(FOLLOW_RESULTS, OUTCOME_TIMEOUT);

        public static Config from(Settings settings) {
            return new Config(CommonSettings.from(settings), settings.get(FOLLOW_RESULTS), settings.get(OUTCOME_TIMEOUT),
                    settings.kafkaOverrides());
        }
    }

    private final KafkaProducer<String, SpecificRecord> producer;
    private final ResultFollower follower;
    private final String commandsTopic;
    private final KafkaClientMetrics producerMetrics;

    private TransferClient(KafkaProducer<String, SpecificRecord> producer, ResultFollower follower, String commandsTopic) {
        this.producer = producer;
        this.follower = follower;
        this.commandsTopic = commandsTopic;
        this.producerMetrics = new KafkaClientMetrics(producer);
    }

    public static TransferClient connect(Config config) throws InterruptedException {
        PaymentSerdes serdes = new PaymentSerdes(SchemaRegistries.connect(config.common().schemaRegistryUrl()), true);
        Map<String, Object> producerConfig = new HashMap<>();
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // Keyed requests spread over every partition: larger batches per partition, fewer requests.
        producerConfig.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        producerConfig.putAll(config.kafkaOverrides());
        producerConfig.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.common().bootstrapServers());
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                serdes.<SpecificRecord>forTopic(PaymentTopic.COMMANDS).serializer());
        ResultFollower follower = null;
        if (config.followResults()) {
            Map<String, Object> consumerConfig = new HashMap<>(config.kafkaOverrides());
            consumerConfig.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.common().bootstrapServers());
            follower = new ResultFollower(consumerConfig, config.common().topics().name(PaymentTopic.TRANSFER_RESULTS),
                    serdes.<SpecificRecord>forTopic(PaymentTopic.TRANSFER_RESULTS).deserializer(), config.outcomeTimeout());
            follower.awaitReady(Duration.ofSeconds(30));
        }
        return new TransferClient(producer, follower, config.common().topics().name(PaymentTopic.COMMANDS));
    }

    /** Binds the producer's metrics (kafka_producer_*): sends, errors, batch sizes, request latency. */
    @Override
    public void bindTo(MeterRegistry registry) {
        producerMetrics.bindTo(registry);
    }

    /** Submits a transfer; throws {@link InvalidRequestException} (and sends nothing) if the order is malformed. */
    public Submission submit(TransferOrder order) {
        order.validate();
        return send(new TransferRequest(order.transferId(), order.sourceAccountId(), order.destinationAccountId(),
                order.amount().minor(), order.amount().currency(), System.currentTimeMillis(),
                order.metadata().isEmpty() ? null : order.metadata()), true);
    }

    /** Sends a request exactly as given, for instance a stored request sent again as a retry. */
    public Submission send(TransferRequest request) {
        return send(request, true);
    }

    /**
     * Sends a request exactly as given; with {@code followOutcome} false its outcome is not
     * awaited (the future fails at once), which spares the follower's bookkeeping for bulk loads.
     */
    public Submission send(TransferRequest request, boolean followOutcome) {
        TransferOrder.requireId("transferId", request.getTransferId());
        TransferOrder.requireId("sourceAccountId", request.getSourceAccountId());
        TransferOrder.requireId("destinationAccountId", request.getDestinationAccountId());
        Money.of(request.getAmountMinor(), checkedCurrency(request.getCurrency()));
        if (request.getAmountMinor() <= 0) {
            throw new InvalidRequestException("amount", "must be positive, got " + request.getAmountMinor());
        }
        return send(request.getSourceAccountId(), request.getTransferId(), request, followOutcome);
    }

    /** Opens an account; the request id is generated. */
    public Submission openAccount(String accountId, String currency, AccountKind kind) {
        TransferOrder.requireId("accountId", accountId);
        checkedCurrency(currency);
        if (kind == null) {
            throw new InvalidRequestException("kind", "is required: CUSTOMER or SETTLEMENT");
        }
        String requestId = UUID.randomUUID().toString();
        return send(accountId, requestId, new OpenAccount(requestId, accountId, currency, kind, System.currentTimeMillis()),
                true);
    }

    /**
     * Places a hold: reserves the order's amount of its source's available balance for its
     * destination, under the order's transfer id as the hold id. Its outcome is HELD or REJECTED
     * (docs/ledger-rules.md, "Holds").
     *
     * @param timeout how long after the broker takes the command the hold expires, whole seconds
     *                from 1 s to 31 days; null for a hold that stays open until posted or voided
     * @throws InvalidRequestException naming the field, and nothing is sent, when the order or the
     *                                 timeout is malformed
     */
    public Submission hold(TransferOrder order, Duration timeout) {
        order.validate();
        Long timeoutSeconds = null;
        if (timeout != null) {
            if (timeout.toMillis() % 1_000 != 0 || timeout.getSeconds() < 1
                    || timeout.getSeconds() > LedgerRules.MAX_HOLD_TIMEOUT_SECONDS) {
                throw new InvalidRequestException("timeout", "must be whole seconds from 1 s to "
                        + LedgerRules.MAX_HOLD_TIMEOUT_SECONDS + " s (31 days), or none, got " + timeout);
            }
            timeoutSeconds = timeout.getSeconds();
        }
        return send(order.sourceAccountId(), order.transferId(), new PlaceHold(order.transferId(), order.sourceAccountId(),
                order.destinationAccountId(), order.amount().minor(), order.amount().currency(), timeoutSeconds,
                System.currentTimeMillis(), order.metadata().isEmpty() ? null : order.metadata()), true);
    }

    /**
     * Posts a hold: debits {@code amount} of it from the source and credits it to the hold's
     * destination, releasing the rest. Its outcome is COMPLETED, REVERSED (the destination refused
     * the credit) or REJECTED.
     *
     * @param postId the post's own id, for its retries
     * @param amount at most the held amount; null posts all of it
     * @throws InvalidRequestException naming the field, and nothing is sent, when an id is malformed
     *                                 or the amount is not positive
     */
    public Submission post(String postId, String sourceAccountId, String holdId, Money amount) {
        TransferOrder.requireId("postId", postId);
        TransferOrder.requireId("sourceAccountId", sourceAccountId);
        TransferOrder.requireId("holdId", holdId);
        if (amount != null && amount.minor() <= 0) {
            throw new InvalidRequestException("amount", "must be positive, or absent for all of the hold, got " + amount);
        }
        return send(sourceAccountId, postId, new PostHold(postId, sourceAccountId, holdId,
                amount == null ? null : amount.minor(), System.currentTimeMillis()), true);
    }

    /**
     * Voids a hold: releases all of it. Its outcome is COMPLETED or REJECTED.
     *
     * @param voidId the void's own id, for its retries
     * @throws InvalidRequestException naming the field, and nothing is sent, when an id is malformed
     */
    public Submission voidHold(String voidId, String sourceAccountId, String holdId) {
        TransferOrder.requireId("voidId", voidId);
        TransferOrder.requireId("sourceAccountId", sourceAccountId);
        TransferOrder.requireId("holdId", holdId);
        return send(sourceAccountId, voidId, new VoidHold(voidId, sourceAccountId, holdId, System.currentTimeMillis()),
                true);
    }

    private Submission send(String key, String id, SpecificRecord value, boolean followOutcome) {
        CompletableFuture<TransferResult> outcome = follower == null || !followOutcome
                ? CompletableFuture.failedFuture(new IllegalStateException("this submission's outcome is not followed"))
                : follower.expect(key, id);
        CompletableFuture<RecordMetadata> acknowledged = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(commandsTopic, key, value), (metadata, error) -> {
                if (error == null) {
                    acknowledged.complete(metadata);
                } else {
                    acknowledged.completeExceptionally(error);
                    outcome.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            acknowledged.completeExceptionally(e);
            outcome.completeExceptionally(e);
            if (follower != null && followOutcome) {
                follower.forget(key, id, outcome);
            }
        }
        return new Submission(id, acknowledged, outcome);
    }

    private static String checkedCurrency(String currency) {
        if (!Money.isSupportedCurrency(currency)) {
            throw new InvalidRequestException("currency", "\"" + currency
                    + "\" is not an ISO 4217 code with a minor unit, such as EUR, USD or JPY");
        }
        return currency;
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() throws InterruptedException {
        producer.close(Duration.ofSeconds(30));
        producerMetrics.close();
        if (follower != null) {
            follower.close();
        }
    }
}
