package io.payments.producer.client;

import io.payments.avro.TransferResult;
import io.payments.ledger.Remembered;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One consumer per client following {@code payments.transfer-results} from the moment the client
 * started, completing the outcome futures of the requests it sent, matched by source account and
 * id. A retry sent again waits for its own (duplicate) result; each result completes the oldest
 * waiting future of its request. A future not completed within the timeout fails with
 * {@link OutcomeTimeoutException}.
 */
final class ResultFollower implements AutoCloseable {

    private final Map<String, Deque<CompletableFuture<TransferResult>>> waiting = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, SpecificRecord> consumer;
    private final ScheduledExecutorService timeouts = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "transfer-outcome-timeouts");
        thread.setDaemon(true);
        return thread;
    });
    private final Duration timeout;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Thread thread;

    ResultFollower(Map<String, Object> consumerConfig, String topic, Deserializer<SpecificRecord> results, Duration timeout) {
        this.timeout = timeout;
        Map<String, Object> config = new java.util.HashMap<>(consumerConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), results);
        this.thread = new Thread(() -> follow(topic), "transfer-results-follower");
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits until the follower reads from the current end of the results, so no result of a later request is missed. */
    void awaitReady(Duration wait) throws InterruptedException {
        if (!ready.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("Could not start following the results topic within " + wait.toSeconds()
                    + " s: is Kafka reachable?");
        }
    }

    CompletableFuture<TransferResult> expect(String sourceAccountId, String transferId) {
        CompletableFuture<TransferResult> future = new CompletableFuture<>();
        String key = Remembered.key(sourceAccountId, transferId);
        waiting.compute(key, (k, queue) -> {
            Deque<CompletableFuture<TransferResult>> deque = queue == null ? new ArrayDeque<>() : queue;
            deque.addLast(future);
            return deque;
        });
        timeouts.schedule(() -> {
            if (future.completeExceptionally(new OutcomeTimeoutException(sourceAccountId, transferId, timeout))) {
                forget(key, future);
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        return future;
    }

    void forget(String sourceAccountId, String transferId, CompletableFuture<TransferResult> future) {
        forget(Remembered.key(sourceAccountId, transferId), future);
    }

    private void forget(String key, CompletableFuture<TransferResult> future) {
        waiting.computeIfPresent(key, (k, queue) -> {
            queue.remove(future);
            return queue.isEmpty() ? null : queue;
        });
    }

    private void follow(String topic) {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            ready.countDown();
            while (running.get()) {
                for (ConsumerRecord<String, SpecificRecord> record : consumer.poll(Duration.ofMillis(200))) {
                    TransferResult result = (TransferResult) record.value();
                    CompletableFuture<TransferResult>[] next = new CompletableFuture[1];
                    String key = Remembered.key(result.getSourceAccountId(), result.getTransferId());
                    waiting.computeIfPresent(key, (k, queue) -> {
                        next[0] = queue.pollFirst();
                        return queue.isEmpty() ? null : queue;
                    });
                    if (next[0] != null) {
                        next[0].complete(result);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        consumer.wakeup();
        thread.join(5_000);
        timeouts.shutdownNow();
        waiting.values().forEach(queue -> queue.forEach(f -> f.completeExceptionally(
                new IllegalStateException("the client was closed before the result arrived"))));
    }
}
