package dev.wirewatch.bench.e2e;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many articles the tagger has tagged and committed: the sum of its consumer group's committed offsets on the
 * articles topic, read every 200 ms on a thread of its own (the articles topic has no transaction markers, its
 * producers are idempotent, not transactional, so offsets count records); and how far behind its internal topics are
 * (the records of its repartition topics not yet committed by the tasks that read them, transaction markers included),
 * since a later sub-topology can fall behind while the first keeps up. The closed-loop load reads both to keep the
 * tagger's backlog bounded; the timeline gets the articles tagged per second. This should be closed before the broker.
 */
final class TaggerProgress implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TaggerProgress.class);
    private static final Duration EVERY = Duration.ofMillis(200);
    private static final Duration RATE_WINDOW = Duration.ofSeconds(2);

    private final Admin admin;
    private final String group;
    private final String articlesTopic;
    private final Ledger.Timeline timeline;
    private final AtomicLong tagged = new AtomicLong();
    private final AtomicLong internalLag = new AtomicLong();
    /** Articles tagged per second over the last two seconds of readings. */
    private volatile double recentRate;
    private final ArrayDeque<long[]> readings = new ArrayDeque<>();
    private final Thread thread;
    private volatile boolean running = true;

    TaggerProgress(Admin admin, String group, String articlesTopic, Ledger.Timeline timeline) {
        this.admin = admin;
        this.group = group;
        this.articlesTopic = articlesTopic;
        this.timeline = timeline;
        this.thread = Thread.ofPlatform().name("bench-progress").daemon(true).start(this::loop);
    }

    /** Articles tagged and committed, as of the last reading. */
    long tagged() {
        return tagged.get();
    }

    /** Articles tagged per second over the last two seconds. */
    double recentRate() {
        return recentRate;
    }

    /** Records of the tagger's internal topics not yet committed by their readers, as of the last reading. */
    long internalLag() {
        return internalLag.get();
    }

    private void loop() {
        int failures = 0;
        while (running) {
            try {
                Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                long sum = 0;
                Map<TopicPartition, OffsetSpec> internal = new HashMap<>();
                for (Map.Entry<TopicPartition, OffsetAndMetadata> e : offsets.entrySet()) {
                    if (e.getValue() == null) {
                        continue;
                    }
                    if (e.getKey().topic().equals(articlesTopic)) {
                        sum += e.getValue().offset();
                    } else {
                        internal.put(e.getKey(), OffsetSpec.latest());
                    }
                }
                long lag = 0;
                if (!internal.isEmpty()) {
                    var ends = admin.listOffsets(internal).all().get(10, TimeUnit.SECONDS);
                    for (TopicPartition p : internal.keySet()) {
                        lag += Math.max(0, ends.get(p).offset() - offsets.get(p).offset());
                    }
                }
                internalLag.set(lag);
                long before = tagged.get();
                if (sum > before) {
                    tagged.set(sum);
                    timeline.add(System.currentTimeMillis(), sum - before);
                }
                long nowNanos = System.nanoTime();
                readings.addLast(new long[] {nowNanos, tagged.get()});
                while (readings.size() > 2 && nowNanos - readings.peekFirst()[0] > RATE_WINDOW.toNanos()) {
                    readings.removeFirst();
                }
                long[] oldest = readings.peekFirst();
                if (oldest != null && nowNanos > oldest[0]) {
                    recentRate = (readings.peekLast()[1] - oldest[1]) * 1e9 / (nowNanos - oldest[0]);
                }
                TimeUnit.MILLISECONDS.sleep(EVERY.toMillis());
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (++failures <= 3) {
                    LOG.warn("Reading the tagger's committed offsets failed: {}", e.toString());
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
