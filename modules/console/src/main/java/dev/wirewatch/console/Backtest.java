package dev.wirewatch.console;

import dev.wirewatch.core.kafka.ClientProperties;
import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.Article;
import dev.wirewatch.core.model.Highlight;
import dev.wirewatch.matcher.Document;
import dev.wirewatch.matcher.Match;
import dev.wirewatch.matcher.Query;
import dev.wirewatch.matcher.TopicMatcher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a query over the articles that Kafka still retains, from a time on, with the production matcher: the hits
 * per day and the newest matching articles with highlights, so that an editor can tune a topic before it goes live.
 *
 * <p>Each run reads {@code wirewatch.articles} with a consumer of its own from the offsets of its start time, up to
 * the end offsets it saw when it began, at most {@code console.backtest.max-articles} records and for at most
 * {@code console.backtest.timeout}; an article published again (a new version) counts once, as its latest version.
 * Days are those on which Wirewatch received the article (the record timestamp), in UTC. At most
 * {@code console.backtest.concurrency} runs at once. Thread-safe.
 */
final class Backtest {

    private static final Logger LOG = LoggerFactory.getLogger(Backtest.class);
    private static final int MAX_DAY_BUCKETS = 400;

    /** What to run: a valid query over articles received in {@code [from, to]}, with at most {@code limit} samples. */
    record Request(Query query, Instant from, Instant to, int limit) {
    }

    /** Articles read and articles matched on one day. */
    record Day(LocalDate day, long articles, long hits) {
    }

    /** One matching article, with the matched spans of its title and an excerpt of its body. */
    record Sample(String articleId, String url, String title, List<int[]> titleMarks, String source, String language,
            Instant publishedAt, Instant receivedAt, String snippet, List<int[]> snippetMarks,
            List<String> matchedClauses) {
    }

    /**
     * The outcome of a run.
     *
     * @param stoppedBy null when every retained article in the range was read; else max-articles or timeout
     */
    record Result(String query, Instant from, Instant to, long articlesScanned, long matchingArticles, List<Day> hitsPerDay,
            List<Sample> samples, boolean truncated, String stoppedBy, long elapsedMs) {
    }

    private record Seen(LocalDate day, boolean matched) {
    }

    private final Properties clientProperties;
    private final String topic;
    private final int maxArticles;
    private final Duration timeout;
    private final Semaphore permits;
    private final Timer timer;
    private final Counter unreadable;
    private final AtomicInteger runs = new AtomicInteger();

    Backtest(Properties clientProperties, String topic, int maxArticles, Duration timeout, int concurrency,
            MeterRegistry meters) {
        this.clientProperties = clientProperties;
        this.topic = topic;
        this.maxArticles = maxArticles;
        this.timeout = timeout;
        this.permits = new Semaphore(concurrency);
        this.timer = Timer.builder(ConsoleMeters.BACKTEST).description("backtest runs").register(meters);
        this.unreadable = ConsoleMeters.errors(meters, "backtest-unreadable-article");
    }

    /**
     * Runs a backtest.
     *
     * @throws ApiError 429 when too many backtests are running
     */
    Result run(Request request) {
        if (!permits.tryAcquire()) {
            throw new ApiError(429, "too many backtests are running; try again in a few seconds", null, null, null);
        }
        try {
            return timer.recordCallable(() -> scan(request));
        } catch (ApiError e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Backtest failed: " + e.getMessage(), e);
        } finally {
            permits.release();
        }
    }

    private Result scan(Request request) {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        TopicMatcher matcher = new TopicMatcher();
        matcher.put("preview", request.query());
        Map<String, Seen> seen = new HashMap<>();
        TreeMap<String, Sample> newest = new TreeMap<>();
        Map<String, String> sampleKeys = new HashMap<>();
        long scanned = 0;
        long failed = 0;
        String stoppedBy = null;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> times = new HashMap<>();
            partitions.forEach(tp -> times.put(tp, request.from().toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(times, Duration.ofSeconds(10));
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            Set<TopicPartition> open = new HashSet<>();
            for (TopicPartition tp : partitions) {
                OffsetAndTimestamp start = starts.get(tp);
                if (start != null && start.offset() < ends.get(tp)) {
                    consumer.seek(tp, start.offset());
                    open.add(tp);
                }
            }
            consumer.pause(partitions.stream().filter(tp -> !open.contains(tp)).toList());
            long toMillis = request.to().toEpochMilli();
            while (!open.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    stoppedBy = "timeout";
                    break;
                }
                if (scanned >= maxArticles) {
                    stoppedBy = "max-articles";
                    break;
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    if (!open.contains(tp)) {
                        continue;
                    }
                    if (record.timestamp() > toMillis || record.offset() >= ends.get(tp)) {
                        close(consumer, open, tp);
                        continue;
                    }
                    if (scanned >= maxArticles) {
                        continue;
                    }
                    Article article;
                    try {
                        article = Topics.ARTICLE_SERDE.fromBytes(record.value());
                    } catch (RuntimeException e) {
                        failed++;
                        unreadable.increment();
                        continue;
                    }
                    if (article == null) {
                        continue;
                    }
                    scanned++;
                    Instant received = Instant.ofEpochMilli(record.timestamp());
                    List<Match> matches = matcher.match(new Document(article.title(), article.bodyOrSummary(),
                            article.language(), article.source()));
                    seen.put(article.id(), new Seen(LocalDate.ofInstant(received, ZoneOffset.UTC), !matches.isEmpty()));
                    String oldKey = sampleKeys.remove(article.id());
                    if (oldKey != null) {
                        newest.remove(oldKey);
                    }
                    if (!matches.isEmpty()) {
                        String key = String.format("%020d/%s", record.timestamp(), article.id());
                        newest.put(key, sample(article, received, matches.get(0)));
                        sampleKeys.put(article.id(), key);
                        if (newest.size() > request.limit()) {
                            Sample evicted = newest.pollFirstEntry().getValue();
                            sampleKeys.remove(evicted.articleId());
                        }
                    }
                }
                for (TopicPartition tp : List.copyOf(open)) {
                    if (consumer.position(tp) >= ends.get(tp)) {
                        close(consumer, open, tp);
                    }
                }
            }
        }
        if (failed > 0) {
            LOG.warn("[console] backtest skipped {} articles that could not be read from {}", failed, topic);
        }
        long matching = seen.values().stream().filter(Seen::matched).count();
        List<Sample> samples = new ArrayList<>(newest.descendingMap().values());
        long elapsed = Duration.ofNanos(System.nanoTime() - started).toMillis();
        LOG.info("[console] backtest of '{}': {} articles read, {} match, {} ms{}", request.query().text(), scanned,
                matching, elapsed, stoppedBy == null ? "" : " (stopped by " + stoppedBy + ")");
        return new Result(request.query().text(), request.from(), request.to(), scanned, matching,
                days(request, seen), samples, stoppedBy != null, stoppedBy, elapsed);
    }

    private static void close(KafkaConsumer<byte[], byte[]> consumer, Set<TopicPartition> open, TopicPartition tp) {
        open.remove(tp);
        consumer.pause(List.of(tp));
    }

    private static List<Day> days(Request request, Map<String, Seen> seen) {
        TreeMap<LocalDate, long[]> counts = new TreeMap<>();
        LocalDate first = LocalDate.ofInstant(request.from(), ZoneOffset.UTC);
        LocalDate last = LocalDate.ofInstant(request.to(), ZoneOffset.UTC);
        if (!first.plusDays(MAX_DAY_BUCKETS).isBefore(last)) {
            for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
                counts.put(day, new long[2]);
            }
        }
        for (Seen s : seen.values()) {
            long[] c = counts.computeIfAbsent(s.day(), d -> new long[2]);
            c[0]++;
            if (s.matched()) {
                c[1]++;
            }
        }
        List<Day> out = new ArrayList<>();
        counts.forEach((day, c) -> out.add(new Day(day, c[0], c[1])));
        return out;
    }

    private static Sample sample(Article article, Instant received, Match match) {
        List<Highlight> highlights = match.highlights();
        List<int[]> titleMarks = highlights.stream().filter(h -> "title".equals(h.field()))
                .filter(h -> h.start() >= 0 && h.end() <= article.title().length())
                .map(h -> new int[] {h.start(), h.end()}).toList();
        String body = article.bodyOrSummary();
        Excerpt excerpt = Excerpt.of(body, "body", highlights);
        return new Sample(article.id(), article.url(), article.title(), titleMarks, article.source(), article.language(),
                article.publishedAt(), received, excerpt.text(), excerpt.marks(), match.matchedClauses());
    }

    private Properties consumerProperties() {
        Properties props = ClientProperties.committedReader(clientProperties,
                "wirewatch-console-backtest-" + runs.incrementAndGet());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        return props;
    }
}
