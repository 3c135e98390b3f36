package io.payments.producer.client;

import io.payments.avro.TransferResult;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * A submitted request: {@code acknowledged} completes when the broker has it (acks=all), and
 * {@code outcome} when its final result arrives (only if the client follows results; otherwise
 * it fails at once with an IllegalStateException).
 */
public record Submission(String transferId, CompletableFuture<RecordMetadata> acknowledged,
                         CompletableFuture<TransferResult> outcome) {
}
