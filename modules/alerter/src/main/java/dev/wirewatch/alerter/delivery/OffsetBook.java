package dev.wirewatch.alerter.delivery;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets of the alerts partitions are settled (delivered, given up, or safely parked in the retry topic), so
 * that the committed offset never passes an alert that is still in flight.
 *
 * <p>Used only by the consumer's thread; settlements from delivery threads reach it through a queue. The committable
 * offset of a partition is its lowest unsettled offset, or the next offset to read when all are settled.
 */
final class OffsetBook {

    private final Map<TopicPartition, Tracker> trackers = new HashMap<>();
    private final AtomicInteger pending = new AtomicInteger();

    private static final class Tracker {
        final TreeSet<Long> unsettled = new TreeSet<>();
        long next = -1;
        long committed = -1;
    }

    void assigned(TopicPartition partition) {
        trackers.putIfAbsent(partition, new Tracker());
    }

    /** Forgets a partition; its unsettled alerts go to the next owner. */
    void revoked(TopicPartition partition) {
        Tracker t = trackers.remove(partition);
        if (t != null) {
            pending.addAndGet(-t.unsettled.size());
        }
    }

    /** An alert was read and is now in flight. */
    void track(TopicPartition partition, long offset) {
        Tracker t = trackers.computeIfAbsent(partition, p -> new Tracker());
        if (t.unsettled.add(offset)) {
            pending.incrementAndGet();
        }
        t.next = Math.max(t.next, offset + 1);
    }

    /** An alert is settled; unknown partitions (revoked meanwhile) are ignored. */
    void settle(TopicPartition partition, long offset) {
        Tracker t = trackers.get(partition);
        if (t != null && t.unsettled.remove(offset)) {
            pending.decrementAndGet();
        }
    }

    /** The offsets to commit now: partitions whose committable offset moved since the last commit. */
    Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        trackers.forEach((partition, t) -> {
            long offset = t.unsettled.isEmpty() ? t.next : t.unsettled.first();
            if (offset > t.committed && offset >= 0) {
                out.put(partition, new OffsetAndMetadata(offset));
            }
        });
        return out;
    }

    /** Records that these offsets were committed. */
    void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((partition, offset) -> {
            Tracker t = trackers.get(partition);
            if (t != null) {
                t.committed = Math.max(t.committed, offset.offset());
            }
        });
    }

    /** Alerts read and not settled, across partitions; safe to read from any thread. */
    int pending() {
        return pending.get();
    }
}
