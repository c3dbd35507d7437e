package dev.wirewatch.bench.e2e;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many articles the tagger has tagged and committed: the sum of its consumer group's committed offsets on the
 * articles topic, read every 200 ms on a thread of its own (the articles topic has no transaction markers, its
 * producers are idempotent, not transactional, so offsets count records). The closed-loop load reads it to keep the
 * tagger's backlog bounded; the timeline gets the articles tagged per second. This should be closed before the broker.
 */
final class TaggerProgress implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TaggerProgress.class);
    private static final Duration EVERY = Duration.ofMillis(200);

    private final Admin admin;
    private final String group;
    private final String articlesTopic;
    private final Ledger.Timeline timeline;
    private final AtomicLong tagged = new AtomicLong();
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

    private void loop() {
        int failures = 0;
        while (running) {
            try {
                Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                long sum = 0;
                for (Map.Entry<TopicPartition, OffsetAndMetadata> e : offsets.entrySet()) {
                    if (e.getKey().topic().equals(articlesTopic) && e.getValue() != null) {
                        sum += e.getValue().offset();
                    }
                }
                long before = tagged.get();
                if (sum > before) {
                    tagged.set(sum);
                    timeline.add(System.currentTimeMillis(), sum - before);
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
