package dev.wirewatch.alerter.fanout;

import dev.wirewatch.core.model.Subscription;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The subscriptions of one fan-out instance, by id and by tracked topic, kept in step with the global subscriptions
 * store so that each mention finds its subscribers without a scan.
 *
 * <p>Readers (the stream threads) never lock: each topic maps to an immutable list that writers replace. Writers (the
 * global thread's updates and the first load from the store) take a lock, and every change is idempotent, so a load
 * that races with an update ends in the store's state.
 */
final class SubscriptionIndex {

    private final Map<String, Subscription> byId = new ConcurrentHashMap<>();
    private final Map<String, List<Subscription>> byTopic = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean loaded;

    /** Fills the index from the store once; later calls return at once. */
    void ensureLoaded(ReadOnlyKeyValueStore<String, Subscription> store) {
        if (loaded) {
            return;
        }
        lock.lock();
        try {
            if (loaded) {
                return;
            }
            Map<String, List<Subscription>> topics = new HashMap<>();
            try (KeyValueIterator<String, Subscription> all = store.all()) {
                while (all.hasNext()) {
                    KeyValue<String, Subscription> entry = all.next();
                    if (entry.value == null) {
                        continue;
                    }
                    byId.put(entry.key, entry.value);
                    for (String topic : entry.value.topics()) {
                        topics.computeIfAbsent(topic, t -> new ArrayList<>()).add(entry.value);
                    }
                }
            }
            topics.forEach((topic, subs) -> byTopic.put(topic, List.copyOf(subs)));
            loaded = true;
        } finally {
            lock.unlock();
        }
    }

    /** Applies one change from the subscriptions topic; {@code value} null removes the subscription. */
    void apply(String id, Subscription value) {
        lock.lock();
        try {
            if (!loaded) {
                // the first load reads the store, which already holds this change
                return;
            }
            Subscription old = value == null ? byId.remove(id) : byId.put(id, value);
            if (old != null) {
                for (String topic : old.topics()) {
                    List<Subscription> current = byTopic.getOrDefault(topic, List.of());
                    List<Subscription> kept = current.stream().filter(s -> !s.id().equals(id)).toList();
                    if (kept.isEmpty()) {
                        byTopic.remove(topic);
                    } else {
                        byTopic.put(topic, kept);
                    }
                }
            }
            if (value != null) {
                for (String topic : value.topics()) {
                    List<Subscription> next = new ArrayList<>(byTopic.getOrDefault(topic, List.of()));
                    next.removeIf(s -> s.id().equals(id));
                    next.add(value);
                    byTopic.put(topic, List.copyOf(next));
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** The subscriptions that follow a tracked topic, enabled or not. */
    List<Subscription> following(String topicId) {
        return byTopic.getOrDefault(topicId, List.of());
    }

    /** A subscription by id, or null. */
    Subscription get(String id) {
        return byId.get(id);
    }

    int size() {
        return byId.size();
    }
}
