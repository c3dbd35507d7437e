package dev.wirewatch.bench.e2e;

import dev.wirewatch.core.kafka.TopicNames;
import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.Article;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes the workload's articles, one sequence number after the other: at a fixed rate, or without one as fast as
 * the pipeline takes them, holding the backlog (published and not yet through the first stage) under a bound.
 */
final class Load {

    /** Where one article goes: the feed farm, or the articles topic. */
    interface Sink {
        void publish(long seq, long nowMillis);
    }

    private final Sink sink;
    private final Integer rate;
    private final LongSupplier backlog;
    private final LongSupplier maxBacklog;
    private long next;

    /**
     * @param rate articles per second, or null for the closed loop
     * @param backlog articles published and not yet through the first stage
     * @param maxBacklog the bound of the closed loop, read before each article
     */
    Load(Sink sink, Integer rate, LongSupplier backlog, LongSupplier maxBacklog) {
        this.sink = sink;
        this.rate = rate;
        this.backlog = backlog;
        this.maxBacklog = maxBacklog;
    }

    /** Articles published so far. */
    long published() {
        return next;
    }

    /** Publishes until {@code untilNanos} ({@link System#nanoTime}). */
    void run(long untilNanos) throws InterruptedException {
        long start = System.nanoTime();
        long first = next;
        while (System.nanoTime() < untilNanos) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (rate != null) {
                long due = start + (next - first) * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(Math.min(wait, untilNanos - System.nanoTime()));
                    continue;
                }
            } else if (backlog.getAsLong() >= maxBacklog.getAsLong()) {
                TimeUnit.MILLISECONDS.sleep(2);
                continue;
            }
            sink.publish(next++, System.currentTimeMillis());
        }
    }

    /** The Kafka source: each article produced straight to the articles topic, every send checked. */
    static final class KafkaSink implements Sink, AutoCloseable {
        private final KafkaProducer<byte[], byte[]> producer;
        private final String topic;
        private final Workload workload;
        private final Ledger ledger;
        private final CheckedSends checks;

        KafkaSink(Properties kafka, TopicNames names, Workload workload, Ledger ledger, CheckedSends checks) {
            Properties props = new Properties();
            props.putAll(kafka);
            props.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-articles");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
            props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
            this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
            this.topic = names.of(Topics.ARTICLES);
            this.workload = workload;
            this.ledger = ledger;
            this.checks = checks;
        }

        @Override
        public void publish(long seq, long nowMillis) {
            Article article = workload.article(seq, Instant.ofEpochMilli(nowMillis));
            Ledger.ArticleEntry entry = ledger.article(article.id());
            synchronized (entry) {
                entry.seq = seq;
                entry.publishedAt = nowMillis;
                entry.fetchedAt = nowMillis;
            }
            ledger.published.add(nowMillis, 1);
            String what = topic + " " + article.id();
            try {
                producer.send(new ProducerRecord<>(topic, null, nowMillis, article.id().getBytes(StandardCharsets.UTF_8),
                        Topics.ARTICLES.valueSerde().serializer().serialize(topic, article)), checks.callback(what));
            } catch (RuntimeException e) {
                checks.thrown(what, e);
            }
        }

        @Override
        public void close() {
            producer.close(Duration.ofSeconds(30));
        }
    }
}
