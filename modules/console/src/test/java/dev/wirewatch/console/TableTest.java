package dev.wirewatch.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.TrackedTopic;
import org.junit.jupiter.api.Test;

class TableTest {

    private final Table<TrackedTopic> table = new Table<>(Topics.TRACKED_TOPICS, "wirewatch.tracked-topics");

    @Test
    void anOlderRecordNeverReplacesANewerOneOfTheSamePartition() {
        table.apply("cecot", TrackedTopic.of("cecot", "CECOT v2", "CECOT"), 0, 10);
        // the reader catches up with a record written before the console's own write
        table.apply("cecot", TrackedTopic.of("cecot", "CECOT v1", "CECOT"), 0, 7);
        assertThat(table.get("cecot").name()).isEqualTo("CECOT v2");
        table.apply("cecot", TrackedTopic.of("cecot", "CECOT v3", "CECOT"), 0, 11);
        assertThat(table.get("cecot").name()).isEqualTo("CECOT v3");
    }

    @Test
    void aTombstoneDeletesAndKeepsItsOffset() {
        table.apply("bukele", TrackedTopic.of("bukele", "Bukele", "Bukele"), 0, 3);
        table.apply("bukele", null, 0, 5);
        assertThat(table.contains("bukele")).isFalse();
        table.apply("bukele", TrackedTopic.of("bukele", "stale", "Bukele"), 0, 4);
        assertThat(table.get("bukele")).isNull();
        assertThat(table.size()).isZero();
        assertThat(table.values()).isEmpty();
    }

    @Test
    void valuesAreOrderedByKey() {
        table.apply("ms-13", TrackedTopic.of("ms-13", "MS-13", "\"MS-13\""), 0, 1);
        table.apply("cecot", TrackedTopic.of("cecot", "CECOT", "CECOT"), 0, 2);
        assertThat(table.values()).extracting(TrackedTopic::id).containsExactly("cecot", "ms-13");
    }
}
