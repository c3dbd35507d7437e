package dev.wirewatch.console;

import dev.wirewatch.core.kafka.TopicSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest value per key of one compacted topic, kept in memory, with the offset each value came from.
 *
 * <p>Values arrive from two sides: the reader that follows the topic, and the console's own writes as soon as Kafka
 * acknowledges them (so that a read right after a write sees it). The offset decides: an older record never
 * replaces a newer one. A deleted key keeps its tombstone's offset for the same reason. Thread-safe.
 */
final class Table<V> {

    private record Entry<V>(V value, int partition, long offset) {
    }

    private final TopicSpec<String, V> spec;
    private final String topic;
    private final Map<String, Entry<V>> entries = new ConcurrentHashMap<>();

    Table(TopicSpec<String, V> spec, String topic) {
        this.spec = spec;
        this.topic = topic;
    }

    TopicSpec<String, V> spec() {
        return spec;
    }

    /** The full topic name. */
    String topic() {
        return topic;
    }

    /** Applies a record unless the table already holds a newer one for its key; a null value deletes. */
    void apply(String key, V value, int partition, long offset) {
        entries.compute(key, (k, old) -> old != null && old.partition() == partition && old.offset() >= offset
                ? old : new Entry<>(value, partition, offset));
    }

    /** The value of a key, or null. */
    V get(String key) {
        Entry<V> entry = entries.get(key);
        return entry == null ? null : entry.value();
    }

    boolean contains(String key) {
        return get(key) != null;
    }

    /** Every live value, ordered by key. */
    List<V> values() {
        List<Map.Entry<String, Entry<V>>> live = new ArrayList<>();
        for (Map.Entry<String, Entry<V>> e : entries.entrySet()) {
            if (e.getValue().value() != null) {
                live.add(e);
            }
        }
        live.sort(Map.Entry.comparingByKey(Comparator.naturalOrder()));
        return live.stream().map(e -> e.getValue().value()).toList();
    }

    int size() {
        return (int) entries.values().stream().filter(e -> e.value() != null).count();
    }
}
