package dev.wirewatch.bench.e2e;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.wirewatch.core.kafka.ClientProperties;
import dev.wirewatch.core.kafka.Json;
import dev.wirewatch.core.kafka.TopicNames;
import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.Article;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three {@code read_committed} readers of the articles, mentions and alerts topics, each on a thread of its own, that
 * note in the {@link Ledger} when each record first became visible, as any downstream reader would see it. They read
 * every partition from the beginning, without a consumer group. This should be closed before the broker.
 */
final class Observers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Observers.class);
    private static final JsonFactory JSON = Json.mapper().getFactory();

    private final Ledger ledger;
    private final FeedFarm farm;
    private final List<Reader> readers = new ArrayList<>();
    final AtomicLong unreadable = new AtomicLong();

    /**
     * @param farm the farm whose publication times articles take, or null for the Kafka source (the producer notes them)
     */
    Observers(Properties kafka, TopicNames names, Ledger ledger, FeedFarm farm) {
        this.ledger = ledger;
        this.farm = farm;
        readers.add(new Reader(kafka, names.of(Topics.ARTICLES), "articles", this::article));
        readers.add(new Reader(kafka, names.of(Topics.MENTIONS), "mentions", this::mention));
        readers.add(new Reader(kafka, names.of(Topics.ALERTS), "alerts", this::alert));
        readers.forEach(Reader::start);
    }

    private void article(ConsumerRecord<byte[], byte[]> record, long now) {
        Article article = Topics.ARTICLES.valueSerde().deserializer().deserialize(record.topic(), record.value());
        if (article == null) {
            return;
        }
        Ledger.ArticleEntry entry = ledger.article(article.id());
        synchronized (entry) {
            if (entry.committedAt >= 0) {
                ledger.duplicateArticles.incrementAndGet();
                return;
            }
            entry.committedAt = now;
            entry.fetchedAt = article.fetchedAt() == null ? -1 : article.fetchedAt().toEpochMilli();
            if (farm != null) {
                FeedFarm.Item item = farm.item(FeedFarm.seqOf(article.url()));
                if (item != null) {
                    entry.seq = item.seq;
                    entry.publishedAt = item.publishedAt;
                    entry.polledAt = item.firstServedAt;
                }
                entry.document = Workload.document(article);
            }
        }
        ledger.articlesCommitted.incrementAndGet();
        ledger.articlesSeen.add(now, 1);
    }

    private void mention(ConsumerRecord<byte[], byte[]> record, long now) throws IOException {
        String topicId = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        String articleId = null;
        String storyId = null;
        try (JsonParser json = JSON.createParser(record.value())) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("a mention is not a JSON object");
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                switch (field) {
                    case "articleId" -> articleId = json.getValueAsString();
                    case "storyId" -> storyId = json.getValueAsString();
                    case "topicId" -> topicId = json.getValueAsString();
                    default -> {
                        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                            json.skipChildren();
                        }
                    }
                }
            }
        }
        int topic = topicId == null ? -1 : ledger.workload().topicIndex(topicId);
        if (articleId == null || topic < 0) {
            ledger.unknownMentions.incrementAndGet();
            return;
        }
        if (ledger.article(articleId).mention(topic, now, storyId)) {
            ledger.mentionsCommitted.incrementAndGet();
            ledger.mentionsSeen.add(now, 1);
        } else {
            ledger.duplicateMentions.incrementAndGet();
        }
    }

    private void alert(ConsumerRecord<byte[], byte[]> record, long now) throws IOException {
        String id = null;
        String subscriptionId = null;
        String kind = null;
        String articleId = null;
        String topicId = null;
        try (JsonParser json = JSON.createParser(record.value())) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("an alert is not a JSON object");
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                switch (field) {
                    case "id" -> id = json.getValueAsString();
                    case "subscriptionId" -> subscriptionId = json.getValueAsString();
                    case "kind" -> kind = json.getValueAsString();
                    case "mentions" -> {
                        if (value != JsonToken.START_ARRAY) {
                            break;
                        }
                        boolean first = true;
                        while (json.nextToken() == JsonToken.START_OBJECT) {
                            if (!first) {
                                json.skipChildren();
                                continue;
                            }
                            first = false;
                            while (json.nextToken() == JsonToken.FIELD_NAME) {
                                String inner = json.currentName();
                                JsonToken v = json.nextToken();
                                if (inner.equals("articleId")) {
                                    articleId = json.getValueAsString();
                                } else if (inner.equals("topicId")) {
                                    topicId = json.getValueAsString();
                                } else if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                                    json.skipChildren();
                                }
                            }
                        }
                    }
                    default -> {
                        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                            json.skipChildren();
                        }
                    }
                }
            }
        }
        if (id == null) {
            throw new IOException("an alert without an id");
        }
        Ledger.AlertEntry alert = ledger.alert(id);
        synchronized (alert) {
            if (alert.committedAt >= 0) {
                ledger.duplicateAlerts.incrementAndGet();
                return;
            }
            alert.committedAt = now;
            alert.subscriptionId = subscriptionId;
            alert.kind = kind;
            alert.articleId = articleId;
            alert.topicId = topicId;
        }
        ledger.alertsCommitted.incrementAndGet();
        ledger.alertsSeen.add(now, 1);
    }

    /** Handles one record; {@code now} is when the poll returned it. */
    private interface Handler {
        void handle(ConsumerRecord<byte[], byte[]> record, long now) throws IOException;
    }

    /** One topic's reader thread. */
    private final class Reader {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final String topic;
        private final Handler handler;
        private final Thread thread;
        private volatile boolean running = true;

        Reader(Properties kafka, String topic, String label, Handler handler) {
            Properties props = ClientProperties.committedReader(kafka, "bench-observer-" + label);
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
            props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
            this.consumer = new KafkaConsumer<>(props);
            this.topic = topic;
            this.handler = handler;
            this.thread = Thread.ofPlatform().name("bench-observer-" + label).daemon(true).unstarted(this::loop);
        }

        void start() {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            thread.start();
        }

        private void loop() {
            try {
                while (running) {
                    var records = consumer.poll(Duration.ofMillis(200));
                    long now = System.currentTimeMillis();
                    for (ConsumerRecord<byte[], byte[]> record : records) {
                        try {
                            handler.handle(record, now);
                        } catch (IOException | RuntimeException e) {
                            if (unreadable.incrementAndGet() <= 5) {
                                LOG.error("Observer: unreadable record {}-{}@{}: {}", record.topic(), record.partition(),
                                        record.offset(), e.toString());
                            }
                        }
                    }
                }
            } catch (WakeupException e) {
                // closing
            } catch (RuntimeException e) {
                LOG.error("Observer of {} stopped", topic, e);
            } finally {
                consumer.close(Duration.ofSeconds(5));
            }
        }

        void close() {
            running = false;
            consumer.wakeup();
            try {
                thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        readers.forEach(Reader::close);
    }
}
