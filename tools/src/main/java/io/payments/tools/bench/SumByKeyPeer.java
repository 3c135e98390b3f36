package io.payments.tools.bench;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The peer the processor is measured against: the barest exactly-once Kafka Streams app that
 * keeps state per key. It sums long amounts by key in a persistent store with the record cache
 * off and emits the new sum for every input, one output per input, as a ledger must.
 */
final class SumByKeyPeer {

    static final String STORE = "sums";

    private SumByKeyPeer() {
    }

    static Topology topology(String input, String output) {
        Topology topology = new Topology();
        topology.addSource("in", Serdes.String().deserializer(), Serdes.Long().deserializer(), input);
        topology.addProcessor("sum", SumProcessor::new, "in");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE),
                Serdes.String(), Serdes.Long()).withCachingDisabled(), "sum");
        topology.addSink("out", output, Serdes.String().serializer(), Serdes.Long().serializer(), "sum");
        return topology;
    }

    private static final class SumProcessor implements Processor<String, Long, String, Long> {
        private ProcessorContext<String, Long> context;
        private KeyValueStore<String, Long> sums;

        @Override
        public void init(ProcessorContext<String, Long> context) {
            this.context = context;
            this.sums = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, Long> record) {
            Long previous = sums.get(record.key());
            long sum = Math.addExact(previous == null ? 0 : previous, record.value());
            sums.put(record.key(), sum);
            context.forward(record.withValue(sum));
        }
    }
}
