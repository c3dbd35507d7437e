package dev.wirewatch.launcher.demo;

import dev.wirewatch.core.kafka.ClientProperties;
import dev.wirewatch.core.kafka.TopicNames;
import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.Article;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures, in the demo, the time from the demo site's WebSub push of a story to the story's article committed in
 * {@code wirewatch.articles} (the record's timestamp), and logs p50, p99 and max every 10 stories. Close it on shutdown.
 */
public final class DemoPushLatency implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoPushLatency.class);

    private final DemoNewsSite site;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final List<Long> millis = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    public DemoPushLatency(Properties kafka, TopicNames names, DemoNewsSite site) {
        this.site = site;
        this.topic = names.of(Topics.ARTICLES);
        this.consumer = new KafkaConsumer<>(ClientProperties.committedReader(kafka, "wirewatch-demo-push-latency"));
        this.thread = Thread.ofPlatform().name("demo-push-latency").daemon(true).start(this::loop);
    }

    private void loop() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    Article article = Topics.ARTICLE_SERDE.fromBytes(record.value());
                    if (article == null || !DemoNewsSite.PUSHED_FEED.equals(article.feedId()) || article.version() != 1) {
                        continue;
                    }
                    String path = java.net.URI.create(article.url()).getPath();
                    Instant pushed = site.pushedAt(path.substring(path.lastIndexOf('/') + 1));
                    if (pushed != null) {
                        record(record.timestamp() - pushed.toEpochMilli());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.warn("Demo push latency probe stopped: {}", e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void record(long ms) {
        synchronized (millis) {
            millis.add(ms);
            if (millis.size() % 10 == 0) {
                LOG.info("Demo: pushed stories reached {} in {}", topic, summary());
            }
        }
    }

    /** p50, p99 and max of the latencies seen so far, in one line. */
    public String summary() {
        synchronized (millis) {
            if (millis.isEmpty()) {
                return "no pushed story yet";
            }
            List<Long> sorted = millis.stream().sorted().toList();
            return "p50 " + at(sorted, 0.50) + " ms, p99 " + at(sorted, 0.99) + " ms, max " + sorted.getLast() + " ms (" + sorted.size()
                    + " stories)";
        }
    }

    private static long at(List<Long> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Demo: pushed stories reached {} in {}", topic, summary());
    }
}
