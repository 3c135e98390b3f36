package io.payments.sink;

import io.payments.schemas.serde.PaymentSerdes;
import io.payments.schemas.topics.PaymentTopic;
import io.payments.testkit.TestRuntime;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/** Serializes values with the serde of whichever payments topic they go to. */
final class TopicValueSerializer implements Serializer<SpecificRecord> {

    private final Serializer<SpecificRecord> entries;
    private final Serializer<SpecificRecord> results;

    TopicValueSerializer(TestRuntime runtime) {
        PaymentSerdes serdes = runtime.serdes();
        this.entries = serdes.<SpecificRecord>forTopic(PaymentTopic.LEDGER_ENTRIES).serializer();
        this.results = serdes.<SpecificRecord>forTopic(PaymentTopic.TRANSFER_RESULTS).serializer();
    }

    @Override
    public byte[] serialize(String topic, SpecificRecord value) {
        return topic.endsWith(PaymentTopic.LEDGER_ENTRIES.baseName()) ? entries.serialize(topic, value)
                : results.serialize(topic, value);
    }
}
