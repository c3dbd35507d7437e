package dev.wirewatch.console;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Hands each new item to the live-stream listeners that want it, each through a bounded queue of its own, so that a
 * slow listener never holds up the reader: when its queue is full, the listener is dropped (and reconnects).
 */
final class Broadcaster<T> {

    /** One listener; {@code Optional.empty()} in its queue means the stream ends. */
    static final class Listener<T> {
        private final Predicate<T> filter;
        private final BlockingQueue<Optional<T>> queue;
        private volatile boolean overflowed;

        private Listener(Predicate<T> filter, int capacity) {
            this.filter = filter;
            this.queue = new ArrayBlockingQueue<>(capacity);
        }

        BlockingQueue<Optional<T>> queue() {
            return queue;
        }

        /** Whether items were dropped because the listener fell behind. */
        boolean overflowed() {
            return overflowed;
        }
    }

    private final Set<Listener<T>> listeners = ConcurrentHashMap.newKeySet();
    private final int capacity;
    private final Counter dropped;
    private volatile boolean closed;

    Broadcaster(String name, int capacity, MeterRegistry meters) {
        this.capacity = capacity;
        this.dropped = Counter.builder(ConsoleMeters.STREAM_DROPPED).tag("stream", name)
                .description("live-stream listeners dropped because they fell behind").register(meters);
        Gauge.builder(ConsoleMeters.STREAM_LISTENERS, listeners, Set::size).tag("stream", name)
                .description("open live-stream connections").register(meters);
    }

    /** A new listener for the items that pass the filter; {@link #remove} it when its connection ends. */
    Listener<T> listen(Predicate<T> filter) {
        Listener<T> listener = new Listener<>(filter, capacity);
        listeners.add(listener);
        if (closed) {
            listener.queue.offer(Optional.empty());
        }
        return listener;
    }

    void remove(Listener<T> listener) {
        listeners.remove(listener);
    }

    /** Offers an item to every listener that wants it. */
    void publish(T item) {
        for (Listener<T> listener : listeners) {
            if (listener.overflowed || !listener.filter.test(item)) {
                continue;
            }
            if (!listener.queue.offer(Optional.of(item))) {
                listener.overflowed = true;
                listener.queue.clear();
                listener.queue.offer(Optional.empty());
                dropped.increment();
            }
        }
    }

    int size() {
        return listeners.size();
    }

    /** Ends every stream. */
    void close() {
        closed = true;
        for (Listener<T> listener : listeners) {
            listener.queue.clear();
            listener.queue.offer(Optional.empty());
        }
    }
}
