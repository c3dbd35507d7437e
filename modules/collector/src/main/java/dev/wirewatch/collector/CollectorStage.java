package dev.wirewatch.collector;

import dev.wirewatch.core.config.CoreSettings;
import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.core.http.HealthChecks;
import dev.wirewatch.core.kafka.CompactedTopicView;
import dev.wirewatch.core.kafka.DeadLetterRouter;
import dev.wirewatch.core.kafka.TopicFollower;
import dev.wirewatch.core.kafka.TopicNames;
import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.Article;
import dev.wirewatch.core.model.Feed;
import dev.wirewatch.core.model.FeedHealth;
import dev.wirewatch.core.spi.Stage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector stage: reads the feed registry {@code wirewatch.feeds} as a table, polls the feeds of the partitions
 * it owns and publishes articles to {@code wirewatch.articles} with an idempotent producer, keyed by article id.
 *
 * <p>Instances share the registry through the consumer group {@code <kafka.topic-prefix>collector} (by default
 * {@code wirewatch.collector}; see {@link #groupId}): each partition's feeds are polled by the instance that owns it,
 * and handed over on rebalance. On every assignment the owned partitions are read again from their beginning (the
 * topic is compacted, so that is the current table); offsets are still committed so that the group's lag shows
 * unread feed updates. A record that is not a feed goes to {@code wirewatch.dlq.collector} and reading goes on. A feed
 * record that changes while its feed is polled here makes the feed be polled at once.
 *
 * <p>At start-up the stage reads back the last {@code collector.dedup-window} of {@code wirewatch.articles} (and keeps
 * reading it) so that a restart or another instance's articles are not published again.
 */
public final class CollectorStage implements Stage {

    /** The stage name, also the suffix of the consumer group id. */
    public static final String NAME = "collector";

    private static final Logger LOG = LoggerFactory.getLogger(CollectorStage.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    private static final Duration CATCH_UP_LIMIT = Duration.ofSeconds(60);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(60);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int order() {
        return 10;
    }

    /** The consumer group of the collectors on {@code wirewatch.feeds}: the topic prefix followed by {@code collector}. */
    public static String groupId(WirewatchConfig config) {
        return config.get(CoreSettings.TOPIC_PREFIX) + NAME;
    }

    @Override
    public Handle start(WirewatchConfig config, StageContext context) {
        WirewatchConfig effective = context.demo() ? demoDefaults(config) : config;
        effective.validate(CollectorSettings.all());
        return new Handle(effective, context);
    }

    /**
     * The demo's news site publishes every few seconds on 127.0.0.1: poll it often and without the per-host rate,
     * unless the configuration says otherwise.
     */
    static WirewatchConfig demoDefaults(WirewatchConfig config) {
        Map<String, String> defaults = new HashMap<>();
        defaults.put(CollectorSettings.MIN_INTERVAL.key(), "2s");
        defaults.put(CollectorSettings.MAX_INTERVAL.key(), "10s");
        defaults.put(CollectorSettings.PER_HOST_RATE.key(), "0");
        defaults.put(CollectorSettings.PER_HOST_CONCURRENCY.key(), "8");
        // the pushed demo feed is still polled, as a safety net, once a minute
        defaults.put(CollectorSettings.WEBSUB_POLL_INTERVAL.key(), "1m");
        Map<String, String> missing = new HashMap<>();
        defaults.forEach((k, v) -> {
            if (!config.values().containsKey(k.replace('-', '.'))) {
                missing.put(k, v);
            }
        });
        return config.with(missing);
    }

    /**
     * A running collector stage: its Kafka loops and the {@link Collector}. Besides closing it, callers in the same
     * process may ask for an immediate poll ({@link #refresh}) and read feed health ({@link #feedHealth}).
     */
    public static final class Handle implements Running {

        private final Collector collector;
        private final WebSubRelay relay;
        private final dev.wirewatch.core.http.Routes routes;
        private final FeedHealthPublisher healthPublisher;
        private final KafkaProducer<String, Article> producer;
        private final KafkaProducer<byte[], byte[]> deadLetterProducer;
        private final CompactedTopicView<Feed> feeds;
        private final TopicFollower feedReader;
        private final KafkaConsumer<byte[], byte[]> articleConsumer;
        private final Thread feedThread;
        private final Thread articleThread;
        private final HealthChecks health;
        private final String feedsTopic;
        private final String articlesTopic;
        private final CountDownLatch caughtUp = new CountDownLatch(1);
        private final Counter readErrors;
        private volatile boolean running = true;
        private volatile boolean feedReaderStarted;

        Handle(WirewatchConfig config, StageContext context) {
            MeterRegistry meters = context.meters();
            TopicNames names = config.topicNames();
            this.feedsTopic = names.of(Topics.FEEDS);
            this.articlesTopic = names.of(Topics.ARTICLES);
            this.health = context.health();
            this.readErrors = CollectorMeters.errors(meters, "articles_read");
            String instance = config.get(CoreSettings.INSTANCE_ID) == null ? "" : "-" + config.get(CoreSettings.INSTANCE_ID);

            Properties producerProps = config.kafkaProperties();
            producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
            // articles are sent one by one and waited for: a long linger would be added to every article's latency
            producerProps.put(ProducerConfig.LINGER_MS_CONFIG, "5");
            producerProps.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
            producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, "wirewatch-collector" + instance);
            this.producer = new KafkaProducer<>(producerProps, new StringSerializer(), Topics.ARTICLES.valueSerde().serializer());
            Properties dlqProps = config.kafkaProperties();
            dlqProps.put(ProducerConfig.CLIENT_ID_CONFIG, "wirewatch-collector-dlq" + instance);
            this.deadLetterProducer = new KafkaProducer<>(dlqProps, new ByteArraySerializer(), new ByteArraySerializer());

            // WebSub pushes that reach this instance for another's feed travel through Kafka (only with WebSub on)
            this.relay = config.get(CollectorSettings.WEBSUB_PUBLIC_URL).isBlank() ? null : new WebSubRelay(config.kafkaProperties(),
                    names, "wirewatch-collector-websub" + instance, this::acceptForwardedPush, meters);
            this.collector = Collector.create(config, meters, article ->
                    producer.send(new ProducerRecord<>(articlesTopic, article.id(), article)).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
                    relay == null ? WebSubSubscriber.Forwarder.NONE : relay);
            this.routes = context.routes();
            routes.mount(WebSubSubscriber.PATH, collector.webSubCallback());

            this.healthPublisher = new FeedHealthPublisher(collector::health, config.kafkaProperties(), names,
                    Duration.ofSeconds(5), meters, "wirewatch-collector-health" + instance);

            Properties feedProps = config.kafkaProperties();
            feedProps.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
            feedProps.put(ConsumerConfig.CLIENT_ID_CONFIG, "wirewatch-collector-feeds" + instance);
            this.feeds = new CompactedTopicView<>(Topics.FEEDS, feedsTopic).onChange(this::apply);
            this.feedReader = TopicFollower.builder("collector-feeds", feedProps, meters).follow(feeds)
                    .group(groupId(config)).readCommitted(false)
                    .deadLetters(new DeadLetterRouter(NAME, names, deadLetterProducer, meters)).build();

            Properties articleProps = config.kafkaProperties();
            articleProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            articleProps.put(ConsumerConfig.CLIENT_ID_CONFIG, "wirewatch-collector-articles" + instance);
            this.articleConsumer = new KafkaConsumer<>(articleProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            Duration window = config.get(CollectorSettings.DEDUP_WINDOW);

            // consumer lag and producer metrics for dashboards (kafka_consumer_fetch_manager_records_lag_max, ...)
            new io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics(feedReader.consumer()).bindTo(meters);
            new io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics(producer).bindTo(meters);

            this.articleThread = Thread.ofPlatform().name("collector-articles").daemon(true).start(() -> articleLoop(window));
            this.feedThread = Thread.ofPlatform().name("collector-feeds").daemon(true).start(this::feedLoop);
            health.register("collector", this::check);
            LOG.info("Collector started: group {} on {}, publishing to {}", groupId(config), feedsTopic, articlesTopic);
        }

        private boolean acceptForwardedPush(String feedId, byte[] body, String contentType) {
            Collector c = this.collector;
            return c != null && c.acceptForwardedPush(feedId, body, contentType);
        }

        /** Polls a feed now; false when the feed is not owned by this instance. */
        public boolean refresh(String feedId) {
            return collector.refresh(feedId);
        }

        /** The health of the feeds this instance polls. */
        public List<FeedHealth> feedHealth() {
            return collector.health();
        }

        /** The collector inside, for tests and in-process tools. */
        public Collector collector() {
            return collector;
        }

        private HealthChecks.Status check() {
            if (feedReader.failure() != null) {
                return HealthChecks.Status.down("feed registry loop stopped: " + feedReader.failure());
            }
            if (running && (feedReaderStarted ? !feedReader.alive() : !feedThread.isAlive())) {
                return HealthChecks.Status.down("feed registry loop is not running");
            }
            Duration sincePoll = Duration.between(feedReader.lastPoll(), Instant.now());
            if (caughtUp.getCount() == 0 && sincePoll.compareTo(Duration.ofMinutes(2)) > 0) {
                return HealthChecks.Status.down("no poll of " + feedsTopic + " for " + sincePoll.toSeconds() + "s");
            }
            List<FeedHealth> feeds = collector.health();
            long failing = feeds.stream().filter(f -> FeedHealth.FAILING.equals(f.state())).count();
            long silent = feeds.stream().filter(f -> FeedHealth.SILENT.equals(f.state())).count();
            return HealthChecks.Status.up(feeds.size() + " feeds, " + failing + " failing, " + silent + " silent"
                    + (caughtUp.getCount() > 0 ? ", reading back published articles" : ""));
        }

        /** Reads wirewatch.articles from the dedup window on, so that what was published is not published again. */
        private void articleLoop(Duration window) {
            try {
                List<TopicPartition> partitions = articleConsumer.partitionsFor(articlesTopic).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                articleConsumer.assign(partitions);
                long since = Instant.now().minus(window).toEpochMilli();
                Map<TopicPartition, Long> query = new HashMap<>();
                partitions.forEach(p -> query.put(p, since));
                Map<TopicPartition, OffsetAndTimestamp> starts = articleConsumer.offsetsForTimes(query);
                Map<TopicPartition, Long> ends = articleConsumer.endOffsets(partitions);
                for (TopicPartition p : partitions) {
                    OffsetAndTimestamp start = starts.get(p);
                    articleConsumer.seek(p, start == null ? ends.get(p) : start.offset());
                }
                long startedAt = System.nanoTime();
                long read = 0;
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> record : articleConsumer.poll(POLL_TIMEOUT)) {
                        try {
                            Article article = Topics.ARTICLES.valueSerde().deserializer().deserialize(record.topic(), record.value());
                            if (article != null) {
                                collector.remember(article);
                                read++;
                            }
                        } catch (RuntimeException e) {
                            readErrors.increment();
                            LOG.warn("Unreadable record {}-{}@{} on {}: {}", record.topic(), record.partition(), record.offset(),
                                    articlesTopic, e.toString());
                        }
                    }
                    if (caughtUp.getCount() > 0 && (reachedEnd(ends) || System.nanoTime() - startedAt > CATCH_UP_LIMIT.toNanos())) {
                        LOG.info("Collector read back {} published articles from {} ({})", read, articlesTopic,
                                reachedEnd(ends) ? "caught up" : "still behind after " + CATCH_UP_LIMIT.toSeconds() + "s, starting anyway");
                        caughtUp.countDown();
                    }
                }
            } catch (WakeupException e) {
                // closing
            } catch (RuntimeException e) {
                readErrors.increment();
                LOG.error("Reading back {} failed: dedup now relies on this instance's memory only", articlesTopic, e);
            } finally {
                caughtUp.countDown();
                articleConsumer.close(Duration.ofSeconds(5));
            }
        }

        private boolean reachedEnd(Map<TopicPartition, Long> ends) {
            for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
                if (articleConsumer.position(e.getKey()) < e.getValue()) {
                    return false;
                }
            }
            return true;
        }

        /** Starts reading the owned partitions of the feed registry once the published articles are read back. */
        private void feedLoop() {
            try {
                if (!caughtUp.await(CATCH_UP_LIMIT.toSeconds() + 10, TimeUnit.SECONDS)) {
                    LOG.warn("Starting to poll feeds before {} was read back", articlesTopic);
                }
                if (running) {
                    feedReader.start();
                    feedReaderStarted = true;
                }
            } catch (InterruptedException e) {
                // closing
            } catch (RuntimeException e) {
                if (running) {
                    readErrors.increment();
                    LOG.error("The collector's feed registry reader did not start", e);
                }
            }
        }

        /** Keeps the collector's feed set equal to the owned partitions of the feed registry. */
        private void apply(CompactedTopicView.Change<Feed> change) {
            String key = change.key();
            Feed feed = change.current();
            if (feed == null) {
                if (change.kind() == CompactedTopicView.Kind.HANDED_OVER) {
                    collector.remove(key);
                } else {
                    // a tombstone: the feed was deleted, so its hub is asked to stop pushing it
                    collector.delete(key);
                    LOG.info("Feed {} deleted", key);
                }
                return;
            }
            if (!feed.id().equals(key)) {
                readErrors.increment();
                LOG.warn("Feed record {} in partition {} has id {}: ignored", key, change.partition(), feed.id());
                return;
            }
            collector.upsert(feed, change.kind() == CompactedTopicView.Kind.UPDATED);
        }

        @Override
        public void close() {
            running = false;
            health.unregister("collector");
            routes.unmount(WebSubSubscriber.PATH);
            if (relay != null) {
                relay.close();
            }
            articleConsumer.wakeup();
            feedThread.interrupt();
            join(feedThread);
            feedReader.close();
            join(articleThread);
            healthPublisher.close();
            collector.close();
            producer.close(Duration.ofSeconds(10));
            deadLetterProducer.close(Duration.ofSeconds(5));
            LOG.info("Collector stopped");
        }

        private static void join(Thread thread) {
            try {
                thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
