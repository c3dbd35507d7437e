package dev.wirewatch.alerter.delivery;

import dev.wirewatch.core.model.PendingDelivery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerts waiting for a retry, mirrored from the compacted retry topic of the partitions this instance owns, and
 * the scheduler that hands each to the {@link Endpoints} when it falls due.
 *
 * <p>The retry topic is the truth: this book only ever changes when a record of it is read (the latest revision per
 * alert wins; a tombstone removes it), so after a restart or a rebalance the new owner reads the partition from the
 * beginning and has the same book. A partition's alerts are not dispatched until it has been read to the end offset
 * seen at assignment, so a stale state is never acted on. An alert handed out is "in flight" until a newer record
 * for it is read (its next state, or its tombstone), and is not handed out twice meanwhile.
 *
 * <p>This should be closed on shutdown.
 */
final class RetryBook implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RetryBook.class);
    private static final Duration BUSY_BACKOFF = Duration.ofMillis(250);

    /** A pending alert and where its state lives. */
    private record Entry(PendingDelivery state, TopicPartition partition, Instant dueAt) {
    }

    private final Clock clock;
    private final Predicate<Job> dispatcher;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, Entry> entries = new HashMap<>();
    private final PriorityQueue<Entry> byDue = new PriorityQueue<>(Comparator.comparing(Entry::dueAt));
    private final Set<String> inFlight = new HashSet<>();
    private final Set<TopicPartition> ready = new HashSet<>();
    private final Thread scheduler;
    private volatile boolean running = true;

    /** @param dispatcher starts a job; false when its endpoint is full (the job is tried again shortly) */
    RetryBook(Clock clock, Predicate<Job> dispatcher) {
        this.clock = clock;
        this.dispatcher = dispatcher;
        this.scheduler = Thread.ofVirtual().name("alerter-retry-scheduler").start(this::schedule);
    }

    /** Applies one record of the retry topic; {@code state} null is a tombstone. */
    void apply(TopicPartition partition, String alertId, PendingDelivery state) {
        lock.lock();
        try {
            Entry current = entries.get(alertId);
            if (state == null) {
                entries.remove(alertId);
                inFlight.remove(alertId);
                return;
            }
            if (current != null && state.revision() <= current.state().revision()) {
                return;
            }
            inFlight.remove(alertId);
            Entry entry = new Entry(state, partition, state.dueAt());
            entries.put(alertId, entry);
            byDue.add(entry);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Puts an alert handed out back in the book, due now, after its outcome could not be written. */
    void release(String alertId) {
        lock.lock();
        try {
            inFlight.remove(alertId);
            Entry entry = entries.get(alertId);
            if (entry != null) {
                Entry again = new Entry(entry.state(), entry.partition(), clock.instant().plus(BUSY_BACKOFF));
                entries.put(alertId, again);
                byDue.add(again);
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** A partition was read to the end offset seen at assignment: its alerts may be dispatched. */
    void ready(TopicPartition partition) {
        lock.lock();
        try {
            ready.add(partition);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** A partition went to another instance: forget its alerts (jobs in flight finish and write their outcome). */
    void revoke(TopicPartition partition) {
        lock.lock();
        try {
            ready.remove(partition);
            entries.values().removeIf(e -> e.partition().equals(partition));
            byDue.removeIf(e -> e.partition().equals(partition));
        } finally {
            lock.unlock();
        }
    }

    /** Alerts waiting for a retry in the partitions this instance owns. */
    int size() {
        lock.lock();
        try {
            return entries.size();
        } finally {
            lock.unlock();
        }
    }

    private void schedule() {
        while (running) {
            List<Entry> due = new ArrayList<>();
            lock.lock();
            try {
                Instant now = clock.instant();
                List<Entry> notReady = new ArrayList<>();
                while (!byDue.isEmpty() && !byDue.peek().dueAt().isAfter(now)) {
                    Entry head = byDue.poll();
                    String id = head.state().alertId();
                    if (entries.get(id) != head || inFlight.contains(id)) {
                        continue;
                    }
                    if (!ready.contains(head.partition())) {
                        notReady.add(head);
                        continue;
                    }
                    inFlight.add(id);
                    due.add(head);
                }
                for (Entry e : notReady) {
                    Entry later = new Entry(e.state(), e.partition(), now.plus(BUSY_BACKOFF));
                    entries.put(e.state().alertId(), later);
                    byDue.add(later);
                }
                if (due.isEmpty()) {
                    long waitNanos = byDue.isEmpty() ? TimeUnit.SECONDS.toNanos(1)
                            : Math.min(TimeUnit.SECONDS.toNanos(1),
                                    Math.max(1, Duration.between(now, byDue.peek().dueAt()).toNanos()));
                    changed.awaitNanos(waitNanos);
                    continue;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
            for (Entry entry : due) {
                boolean started;
                try {
                    started = dispatcher.test(Job.retry(entry.state(), entry.partition()));
                } catch (RuntimeException e) {
                    LOG.error("Failed to dispatch the retry of alert {}", entry.state().alertId(), e);
                    started = false;
                }
                if (!started) {
                    release(entry.state().alertId());
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        scheduler.interrupt();
        try {
            scheduler.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
