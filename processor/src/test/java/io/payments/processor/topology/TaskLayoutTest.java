package io.payments.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class TaskLayoutTest {

    private final KeyValueStore<String, Long> layout = Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(LedgerTopology.LAYOUT_STORE), Serdes.String(), Serdes.Long())
            .withLoggingDisabled().build();

    TaskLayoutTest() {
        MockProcessorContext<String, Long> context = new MockProcessorContext<>();
        layout.init(context.getStateStoreContext(), layout);
    }

    @Test
    void aTaskAdoptsTheCountOnceAndRefusesAnotherOneAfterwards() {
        TaskLayout.check(layout, new TaskId(0, 3), 6);
        assertThat(layout.get(TaskLayout.PARTITIONS)).isEqualTo(6L);
        TaskLayout.check(layout, new TaskId(0, 3), 6);

        assertThatThrownBy(() -> TaskLayout.check(layout, new TaskId(0, 3), 8))
                .isInstanceOf(TaskLayout.PartitionCountChangedException.class)
                .hasMessageContaining("Task 0_3's state was built for 6 partitions, but the input topics now have 8")
                .hasMessageContaining("copying payments.commands, in order, into new topics")
                .hasMessageContaining("topics.partitions=6");
        assertThat(layout.get(TaskLayout.PARTITIONS)).as("the recorded count stays").isEqualTo(6L);
    }

    @Test
    void aTaskBeyondTheCountMeansPartitionsWereAddedWhileRunning() {
        assertThatThrownBy(() -> TaskLayout.check(layout, new TaskId(0, 6), 6))
                .isInstanceOf(TaskLayout.PartitionCountChangedException.class)
                .hasMessageContaining("built for 6 partitions, but the input topics now have at least 7");
        assertThat(layout.get(TaskLayout.PARTITIONS)).as("nothing adopted").isNull();
    }
}
