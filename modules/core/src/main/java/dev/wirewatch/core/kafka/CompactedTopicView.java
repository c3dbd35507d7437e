package dev.wirewatch.core.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The latest value per key of one compacted topic, kept in memory and current while a {@link TopicFollower} reads the
 * topic into it (a tombstone deletes): the one follower of a compacted topic that every stage uses.
 *
 * <p>Values arrive from the follower and, where a service writes the topic itself, from its own writes as soon as Kafka
 * acknowledges them ({@link #apply}), so that a read right after a write sees it. The offset decides: an older record
 * never replaces a newer one of the same partition, and a deleted key keeps its tombstone's offset for the same
 * reason. Listeners hear of every change on the thread that made it. A record without a key or with a value that does
 * not decode is refused, and the follower skips and counts it. Thread-safe.
 */
public final class CompactedTopicView<V> implements TopicFollower.Sink {

    /** Why a value changed. */
    public enum Kind {
        /** Read while catching up with what the partition held when reading it started. */
        LOADED,
        /** Read or written after that: a change made while the service runs. */
        UPDATED,
        /** The partition went to another member of the follower's group: the key is no longer held here. */
        HANDED_OVER,
        /** Replaced here only ({@link #replace}), ahead of the record that will bring the change from the topic. */
        REPLACED
    }

    /** One change of a key: {@code previous} or {@code current} is null when the key was absent or deleted. */
    public record Change<V>(String key, V previous, V current, int partition, Kind kind) {
    }

    /** Hears of every change of the view. */
    @FunctionalInterface
    public interface Listener<V> {
        void changed(Change<V> change);
    }

    private record Entry<V>(V value, int partition, long offset) {
    }

    private final TopicSpec<String, V> spec;
    private final String topic;
    private final Map<String, Entry<V>> entries = new ConcurrentHashMap<>();
    private final List<Listener<V>> listeners = new CopyOnWriteArrayList<>();

    /**
     * @param topic the full topic name (the spec's suffix under the configured prefix)
     */
    public CompactedTopicView(TopicSpec<String, V> spec, String topic) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.topic = Objects.requireNonNull(topic, "topic");
    }

    public TopicSpec<String, V> spec() {
        return spec;
    }

    /** The full topic name. */
    public String topic() {
        return topic;
    }

    /** Adds a listener; it hears of changes from now on. */
    public CompactedTopicView<V> onChange(Listener<V> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    @Override
    public void accept(ConsumerRecord<byte[], byte[]> record, boolean catchingUp) {
        if (record.key() == null) {
            throw new IllegalArgumentException("a record of " + topic + " without a key");
        }
        String key = new String(record.key(), StandardCharsets.UTF_8);
        V value = spec.valueSerde().deserializer().deserialize(record.topic(), record.value());
        apply(key, value, record.partition(), record.offset(), catchingUp ? Kind.LOADED : Kind.UPDATED);
    }

    /** Applies a value written by this service (null: a tombstone) unless the view already holds a newer one. */
    public void apply(String key, V value, int partition, long offset) {
        apply(key, value, partition, offset, Kind.UPDATED);
    }

    private void apply(String key, V value, int partition, long offset, Kind kind) {
        Object[] previous = new Object[1];
        boolean[] applied = new boolean[1];
        entries.compute(key, (k, old) -> {
            if (old != null && old.partition() == partition && old.offset() >= offset) {
                return old;
            }
            previous[0] = old == null ? null : old.value();
            applied[0] = true;
            return new Entry<>(value, partition, offset);
        });
        if (applied[0]) {
            @SuppressWarnings("unchecked")
            V old = (V) previous[0];
            if (old != null || value != null) {
                tell(new Change<>(key, old, value, partition, kind));
            }
        }
    }

    @Override
    public void handedOver(Set<Integer> partitions) {
        for (Map.Entry<String, Entry<V>> e : List.copyOf(entries.entrySet())) {
            Entry<V> entry = e.getValue();
            if (partitions.contains(entry.partition()) && entries.remove(e.getKey(), entry) && entry.value() != null) {
                tell(new Change<>(e.getKey(), entry.value(), null, entry.partition(), Kind.HANDED_OVER));
            }
        }
    }

    /**
     * Replaces the value of a key here only (not in the topic) if it is still {@code expected}, keeping its offset, so
     * that the record this service writes next replaces it in turn.
     *
     * @return whether the value was replaced
     */
    public boolean replace(String key, V expected, V value) {
        Objects.requireNonNull(value, "value");
        boolean[] replaced = new boolean[1];
        Entry<V> now = entries.computeIfPresent(key, (k, old) -> {
            if (!Objects.equals(old.value(), expected) || old.value() == null) {
                return old;
            }
            replaced[0] = true;
            return new Entry<>(value, old.partition(), old.offset());
        });
        if (replaced[0]) {
            tell(new Change<>(key, expected, value, now.partition(), Kind.REPLACED));
        }
        return replaced[0];
    }

    private void tell(Change<V> change) {
        for (Listener<V> listener : listeners) {
            listener.changed(change);
        }
    }

    /** The value of a key, or null. */
    public V get(String key) {
        Entry<V> entry = entries.get(key);
        return entry == null ? null : entry.value();
    }

    public boolean contains(String key) {
        return get(key) != null;
    }

    /** Every live value, ordered by key. */
    public List<V> values() {
        List<Map.Entry<String, Entry<V>>> live = new ArrayList<>();
        for (Map.Entry<String, Entry<V>> e : entries.entrySet()) {
            if (e.getValue().value() != null) {
                live.add(e);
            }
        }
        live.sort(Map.Entry.comparingByKey(Comparator.naturalOrder()));
        return live.stream().map(e -> e.getValue().value()).toList();
    }

    /** A copy of every live key and value, ordered by key. */
    public SortedMap<String, V> snapshot() {
        TreeMap<String, V> copy = new TreeMap<>();
        entries.forEach((key, entry) -> {
            if (entry.value() != null) {
                copy.put(key, entry.value());
            }
        });
        return copy;
    }

    /** The number of live keys. */
    public int size() {
        return (int) entries.values().stream().filter(e -> e.value() != null).count();
    }
}
