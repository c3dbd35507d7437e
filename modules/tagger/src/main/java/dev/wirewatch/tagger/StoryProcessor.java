package dev.wirewatch.tagger;

import dev.wirewatch.core.model.TopicStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every tagged article its story (the cluster of its near-duplicates within the time horizon), and emits its
 * mentions, keyed by topic id, each saying whether it is the first of its story for that topic.
 *
 * <p>Runs in the one task of the single-partition story topic, so that every article sees every earlier one. An
 * article keeps the story it had when it was seen before (a re-published edit at the same URL has the same id, however
 * large the edit). Otherwise it joins the story of the nearest stored fingerprint within the maximum distance (ties:
 * the smaller story id), or starts a story named after its own id. The fingerprints live in a window store whose
 * retention is the horizon, laid out as {@link FingerprintTables}: key {@code [table][permuted fingerprint]}, value
 * the story id. A second window store maps article ids to stories; a third remembers which (story, topic) pairs were
 * mentioned within the horizon, and each sighting renews the memory (at most once a minute), so a story that keeps
 * running does not announce itself again. A fingerprint the story already holds is stored again at most once a minute
 * too, so that the many identical copies of a wire story do not pile up in the tables.
 *
 * <p>It also counts the mentions and stories of each topic ({@link StatsCounter}), since it sees every mention with
 * its story, and writes the changed windows every stats interval. Mentions go to the child named {@link #MENTIONS},
 * stats to the child named {@link #STATS}.
 */
final class StoryProcessor implements Processor<String, TaggedArticle, String, Object> {

    /** The name of the child node (the sink) that receives mentions. */
    static final String MENTIONS = "mentions-sink";
    /** The name of the child node (the sink) that receives topic stats. */
    static final String STATS = "topic-stats-sink";

    private static final Logger LOG = LoggerFactory.getLogger(StoryProcessor.class);

    private final String fingerprintStoreName;
    private final String articleStoreName;
    private final String storyTopicStoreName;
    private final FingerprintTables tables;
    private final long horizonMs;
    private final InstantSource clock;
    private final Counter newStories;
    private final Counter joinedStories;
    private final Counter republished;
    private final MeterRegistry meters;
    /** The mentions counter of each tracked topic, made on its first mention (this processor runs on one thread). */
    private final Map<String, Counter> mentionsByTopic = new HashMap<>();
    private final StatsCounter stats;
    private final Duration statsInterval;
    private ProcessorContext<String, Object> context;
    private WindowStore<Bytes, String> fingerprints;
    private WindowStore<String, String> articles;
    private WindowStore<String, Long> storyTopics;

    StoryProcessor(String fingerprintStoreName, String articleStoreName, String storyTopicStoreName,
            FingerprintTables tables, Duration horizon, Duration statsInterval, InstantSource clock,
            MeterRegistry meters) {
        this.fingerprintStoreName = Objects.requireNonNull(fingerprintStoreName, "fingerprintStoreName");
        this.articleStoreName = Objects.requireNonNull(articleStoreName, "articleStoreName");
        this.storyTopicStoreName = Objects.requireNonNull(storyTopicStoreName, "storyTopicStoreName");
        this.tables = Objects.requireNonNull(tables, "tables");
        this.horizonMs = horizon.toMillis();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.newStories = stories(meters, "new");
        this.joinedStories = stories(meters, "joined");
        this.republished = stories(meters, "republished");
        this.meters = meters;
        this.stats = new StatsCounter(meters);
        this.statsInterval = Objects.requireNonNull(statsInterval, "statsInterval");
    }

    private static Counter stories(MeterRegistry meters, String result) {
        return Counter.builder(TaggerMeters.STORIES).tag("result", result)
                .description("tagged articles by whether they started a story, joined one by fingerprint, or were seen before")
                .register(meters);
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.fingerprints = context.getStateStore(fingerprintStoreName);
        this.articles = context.getStateStore(articleStoreName);
        this.storyTopics = context.getStateStore(storyTopicStoreName);
        stats.init(context);
        context.schedule(statsInterval, PunctuationType.WALL_CLOCK_TIME, this::emitStats);
    }

    /** Writes the windows whose counts changed since the last call. */
    private void emitStats(long nowMs) {
        for (TopicStats s : stats.changedSinceLastCall(nowMs)) {
            context.forward(new Record<>(s.topicId(), s, nowMs), STATS);
        }
    }

    @Override
    public void process(Record<String, TaggedArticle> record) {
        TaggedArticle tagged = record.value();
        long time = record.timestamp();
        String storyId = storySeenBefore(tagged.articleId(), time);
        if (storyId != null) {
            republished.increment();
            if (tagged.fingerprint() != null) {
                remember(tagged.fingerprint(), storyId, time);
            }
        } else if (tagged.fingerprint() != null) {
            storyId = cluster(tagged, time);
        } else {
            storyId = tagged.articleId();
            newStories.increment();
        }
        articles.put(tagged.articleId(), storyId, time);
        Instant taggedAt = clock.instant();
        long streamTime = context.currentStreamTimeMs();
        for (TaggedArticle.Tag tag : tagged.tags()) {
            String key = storyId + '|' + tag.topicId();
            long previous = lastMentioned(key, time);
            boolean first = previous < time - horizonMs;
            if (previous < StatsWindow.MINUTE.start(time)) {
                // once a minute is enough: the windows of the stats begin on the minute, and the horizon is days
                storyTopics.put(key, time, time);
            }
            stats.count(tag.topicId(), time, previous, streamTime);
            mentionsByTopic.computeIfAbsent(tag.topicId(), topic -> Counter.builder(TaggerMeters.MENTIONS)
                    .tag("topic", topic).description("mentions emitted by the tagger, per tracked topic")
                    .register(meters)).increment();
            LOG.debug("Mention of topic {} by article {} in story {} (first: {})", tag.topicId(), tagged.articleId(),
                    storyId, first);
            context.forward(new Record<>(tag.topicId(),
                    MentionJson.withStory(tag.mentionBody(), taggedAt, storyId, first), time, record.headers()),
                    MENTIONS);
        }
    }

    /**
     * Finds the story of a fingerprinted article and records its fingerprint under it, unless the same fingerprint of
     * the same story was recorded earlier in the same minute: copies of a wire story often carry the very same text,
     * and storing each would make every later lookup read them all.
     */
    private String cluster(TaggedArticle tagged, long time) {
        long fp = tagged.fingerprint();
        long from = from(time);
        long to = to(time);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        long bestStoredAt = Long.MIN_VALUE;
        for (int t = 0; t < tables.tables(); t++) {
            long permuted = tables.permute(t, fp);
            try (KeyValueIterator<Windowed<Bytes>, String> candidates = fingerprints.fetch(
                    key(t, tables.rangeStart(t, permuted)), key(t, tables.rangeEnd(t, permuted)), from, to)) {
                while (candidates.hasNext()) {
                    KeyValue<Windowed<Bytes>, String> candidate = candidates.next();
                    long stored = ByteBuffer.wrap(candidate.key.key().get()).getLong(1);
                    int distance = SimHash.distance(stored, permuted);
                    if (distance <= tables.maxDistance() && (distance < bestDistance
                            || (distance == bestDistance && candidate.value.compareTo(best) < 0))) {
                        best = candidate.value;
                        bestDistance = distance;
                        bestStoredAt = candidate.key.window().start();
                    } else if (distance == bestDistance && candidate.value.equals(best)) {
                        bestStoredAt = Math.max(bestStoredAt, candidate.key.window().start());
                    }
                }
            }
            if (bestDistance == 0) {
                // nothing is nearer than the same fingerprint; ties are broken by story id within this table's range,
                // which holds every stored copy of this fingerprint
                break;
            }
        }
        String storyId;
        if (best == null) {
            storyId = tagged.articleId();
            newStories.increment();
        } else {
            storyId = best;
            joinedStories.increment();
            LOG.debug("Article {} joins story {} at distance {}", tagged.articleId(), storyId, bestDistance);
        }
        if (bestDistance != 0 || bestStoredAt < StatsWindow.MINUTE.start(time)) {
            remember(fp, storyId, time);
        }
        return storyId;
    }

    private void remember(long fingerprint, String storyId, long time) {
        for (int t = 0; t < tables.tables(); t++) {
            fingerprints.put(key(t, tables.permute(t, fingerprint)), storyId, time);
        }
    }

    /** The story of an article seen within the horizon (the latest sighting), or null. */
    private String storySeenBefore(String articleId, long time) {
        String story = null;
        try (WindowStoreIterator<String> seen = articles.fetch(articleId, from(time), to(time))) {
            while (seen.hasNext()) {
                story = seen.next().value;
            }
        }
        return story;
    }

    // times as epoch milliseconds, not Instants: the stores' Instant methods format an error message on every call

    private long from(long time) {
        return Math.max(0, time - horizonMs);
    }

    private long to(long time) {
        return time > Long.MAX_VALUE - horizonMs ? Long.MAX_VALUE : time + horizonMs;
    }

    /**
     * When a (story, topic) pair was last mentioned, looking back over the horizon or the day (whichever is longer, so
     * that the day's story counts see it) and forward over the horizon; {@link Long#MIN_VALUE} when it was not.
     */
    private long lastMentioned(String storyTopic, long time) {
        long back = Math.max(horizonMs, StatsWindow.DAY.sizeMs());
        try (WindowStoreIterator<Long> seen = storyTopics.backwardFetch(storyTopic, Math.max(0, time - back),
                to(time))) {
            return seen.hasNext() ? seen.next().key : Long.MIN_VALUE;
        }
    }

    /** The store key of a permuted fingerprint in one table: the table byte, then the value big-endian (byte order is then unsigned numeric order). */
    static Bytes key(int table, long permuted) {
        return Bytes.wrap(ByteBuffer.allocate(9).put((byte) table).putLong(permuted).array());
    }
}
