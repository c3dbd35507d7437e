package dev.wirewatch.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wirewatch.core.model.TrackedTopic;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class CompactedTopicViewTest {

    private final CompactedTopicView<TrackedTopic> view = new CompactedTopicView<>(Topics.TRACKED_TOPICS,
            "wirewatch.tracked-topics");
    private final List<CompactedTopicView.Change<TrackedTopic>> changes = new ArrayList<>();

    CompactedTopicViewTest() {
        view.onChange(changes::add);
    }

    @Test
    void anOlderRecordNeverReplacesANewerOneOfTheSamePartition() {
        view.apply("cecot", TrackedTopic.of("cecot", "CECOT v2", "CECOT"), 0, 10);
        // the reader catches up with a record written before the service's own write
        view.apply("cecot", TrackedTopic.of("cecot", "CECOT v1", "CECOT"), 0, 7);
        assertThat(view.get("cecot").name()).isEqualTo("CECOT v2");
        view.apply("cecot", TrackedTopic.of("cecot", "CECOT v3", "CECOT"), 0, 11);
        assertThat(view.get("cecot").name()).isEqualTo("CECOT v3");
        assertThat(changes).extracting(c -> c.current().name()).containsExactly("CECOT v2", "CECOT v3");
        assertThat(changes.get(1).previous().name()).isEqualTo("CECOT v2");
    }

    @Test
    void aTombstoneDeletesAndKeepsItsOffset() {
        view.apply("bukele", TrackedTopic.of("bukele", "Bukele", "Bukele"), 0, 3);
        view.apply("bukele", null, 0, 5);
        assertThat(view.contains("bukele")).isFalse();
        view.apply("bukele", TrackedTopic.of("bukele", "stale", "Bukele"), 0, 4);
        assertThat(view.get("bukele")).isNull();
        assertThat(view.size()).isZero();
        assertThat(view.values()).isEmpty();
        assertThat(changes).hasSize(2);
        assertThat(changes.get(1).current()).isNull();
    }

    @Test
    void valuesAndSnapshotAreOrderedByKey() {
        view.apply("ms-13", TrackedTopic.of("ms-13", "MS-13", "\"MS-13\""), 0, 1);
        view.apply("cecot", TrackedTopic.of("cecot", "CECOT", "CECOT"), 0, 2);
        assertThat(view.values()).extracting(TrackedTopic::id).containsExactly("cecot", "ms-13");
        assertThat(view.snapshot().keySet()).containsExactly("cecot", "ms-13");
    }

    @Test
    void recordsReadWhileCatchingUpAreLoadedAndLaterOnesAreUpdates() {
        view.accept(record(0, 0, "cecot", TrackedTopic.of("cecot", "CECOT", "CECOT")), true);
        view.accept(record(0, 1, "cecot", TrackedTopic.of("cecot", "CECOT 2", "CECOT")), false);
        assertThat(changes).extracting(CompactedTopicView.Change::kind)
                .containsExactly(CompactedTopicView.Kind.LOADED, CompactedTopicView.Kind.UPDATED);
    }

    @Test
    void aRecordWithoutAKeyOrWithAnUnreadableValueIsRefusedAndChangesNothing() {
        ConsumerRecord<byte[], byte[]> noKey = new ConsumerRecord<>("wirewatch.tracked-topics", 0, 0, null,
                Topics.TRACKED_TOPIC_SERDE.toBytes(TrackedTopic.of("cecot", "CECOT", "CECOT")));
        assertThatThrownBy(() -> view.accept(noKey, false)).isInstanceOf(IllegalArgumentException.class);
        ConsumerRecord<byte[], byte[]> garbage = new ConsumerRecord<>("wirewatch.tracked-topics", 0, 1,
                bytes("cecot"), bytes("{not json"));
        assertThatThrownBy(() -> view.accept(garbage, false)).isInstanceOf(RuntimeException.class);
        assertThat(view.size()).isZero();
        assertThat(changes).isEmpty();
    }

    @Test
    void handingOverAPartitionDropsItsKeysOnly() {
        view.apply("cecot", TrackedTopic.of("cecot", "CECOT", "CECOT"), 0, 1);
        view.apply("bukele", TrackedTopic.of("bukele", "Bukele", "Bukele"), 1, 1);
        view.handedOver(Set.of(1));
        assertThat(view.snapshot().keySet()).containsExactly("cecot");
        assertThat(changes.getLast().kind()).isEqualTo(CompactedTopicView.Kind.HANDED_OVER);
        assertThat(changes.getLast().previous().id()).isEqualTo("bukele");
    }

    @Test
    void replaceSwapsOnlyTheExpectedValueAndKeepsTheOffset() {
        TrackedTopic first = TrackedTopic.of("cecot", "CECOT", "CECOT");
        view.apply("cecot", first, 0, 4);
        TrackedTopic local = TrackedTopic.of("cecot", "CECOT (local)", "CECOT");
        assertThat(view.replace("cecot", first, local)).isTrue();
        assertThat(view.replace("cecot", first, TrackedTopic.of("cecot", "lost race", "CECOT"))).isFalse();
        assertThat(view.replace("absent", first, local)).isFalse();
        assertThat(view.get("cecot")).isEqualTo(local);
        assertThat(changes.getLast().kind()).isEqualTo(CompactedTopicView.Kind.REPLACED);
        // the record written next replaces the local value; an older one does not
        view.apply("cecot", first, 0, 3);
        assertThat(view.get("cecot")).isEqualTo(local);
        view.apply("cecot", first, 0, 5);
        assertThat(view.get("cecot")).isEqualTo(first);
    }

    private static ConsumerRecord<byte[], byte[]> record(int partition, long offset, String key, TrackedTopic value) {
        return new ConsumerRecord<>("wirewatch.tracked-topics", partition, offset, bytes(key),
                Topics.TRACKED_TOPIC_SERDE.toBytes(value));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
