package dev.wirewatch.tagger;

import dev.wirewatch.core.model.TopicStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts each topic's mentions and distinct stories in 1-minute, 1-hour and 1-day windows (by the mention's record
 * time, that is the article's), and writes the windows that changed to the topic-stats topic every stats interval.
 *
 * <p>It reads the mentions topic itself, keyed by topic id, so that each topic's counts live in one task and count
 * exactly what readers of the mentions topic see. Distinct stories are counted with one memory per (topic, story)
 * and UTC day: the time the story was last mentioned that day. The windows nest (a minute lies in one hour, an hour
 * in one day), so that time says in which of the new mention's windows the story is new. A mention older than the
 * last one of its story that day counts as a mention but not as a new story: out-of-order copies are rare, and this
 * errs towards fewer stories. The minutes waiting to be written (each with its hour and day) are kept in a store, not
 * in memory, so that a fail-over loses none.
 */
final class StatsProcessor implements Processor<String, CountedMention, String, TopicStats> {

    private static final Logger LOG = LoggerFactory.getLogger(StatsProcessor.class);

    /** The store of the last mention time of each (topic, story) per UTC day: key {@code topicId|storyId}. */
    static final String STORIES_STORE = "topic-stories-1d";
    /** The store of minutes changed since the last emission: key {@code minuteStart|topicId}. */
    static final String PENDING_STORE = "topic-stats-pending";

    private final Duration interval;
    private final Counter emitted;
    private final Counter skipped;
    private final Counter late;
    private final Map<StatsWindow, WindowStore<String, Counts>> counts = new EnumMap<>(StatsWindow.class);
    private WindowStore<String, Long> lastSeen;
    private KeyValueStore<String, Long> pending;
    private StatsView view;
    private ProcessorContext<String, TopicStats> context;

    StatsProcessor(Duration interval, MeterRegistry meters) {
        this.interval = interval;
        this.emitted = Counter.builder("wirewatch.tagger.stats.emitted")
                .description("per-topic window counts written to the topic-stats topic").register(meters);
        this.skipped = Counter.builder("wirewatch.tagger.stats.skipped")
                .description("mention records that could not be counted (no key or no value)").register(meters);
        this.late = Counter.builder("wirewatch.tagger.stats.late")
                .description("mention counts dropped because their window was past its retention").register(meters);
    }

    /** The names of the stores this processor uses. */
    static List<String> storeNames() {
        List<String> names = new ArrayList<>();
        for (StatsWindow w : StatsWindow.values()) {
            names.add(w.countsStore());
        }
        names.add(STORIES_STORE);
        names.add(PENDING_STORE);
        return names;
    }

    @Override
    public void init(ProcessorContext<String, TopicStats> context) {
        this.context = context;
        for (StatsWindow w : StatsWindow.values()) {
            counts.put(w, context.getStateStore(w.countsStore()));
        }
        lastSeen = context.getStateStore(STORIES_STORE);
        pending = context.getStateStore(PENDING_STORE);
        view = new StatsView(counts, SpikeRule.DEFAULT);
        context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, this::emit);
    }

    @Override
    public void process(Record<String, CountedMention> record) {
        CountedMention mention = record.value();
        if (mention == null || record.key() == null) {
            skipped.increment();
            LOG.warn("Skipped a mention record without key or value");
            return;
        }
        String topicId = record.key();
        long time = record.timestamp();
        long streamTime = context.currentStreamTimeMs();

        String storyKey = topicId + '|' + mention.story();
        long day = StatsWindow.DAY.start(time);
        Long before = lastSeen.fetch(storyKey, day);
        if (before == null || before < time) {
            lastSeen.put(storyKey, time, day);
        }
        boolean counted = false;
        for (StatsWindow w : StatsWindow.values()) {
            long start = w.start(time);
            if (start + w.sizeMs() + w.retention().toMillis() <= streamTime) {
                // too late for this window's store: its counts are gone, so it is not counted (nor written) again
                late.increment();
                continue;
            }
            // new in this window when the story's last mention that day came before the window began
            boolean newStory = before == null || before < start;
            WindowStore<String, Counts> store = counts.get(w);
            Counts current = store.fetch(topicId, start);
            store.put(topicId, (current == null ? Counts.ZERO : current).plus(1, newStory ? 1 : 0), start);
            counted = true;
        }
        if (counted) {
            pending.put(StatsWindow.MINUTE.start(time) + "|" + topicId, time);
        }
    }

    /** Writes the minute, hour and day of every minute that changed since the last call. */
    private void emit(long nowMs) {
        List<String> due = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = pending.all()) {
            while (all.hasNext()) {
                KeyValue<String, Long> next = all.next();
                due.add(next.key);
            }
        }
        // each window once, even when several of its minutes changed
        Map<String, TopicStats> out = new HashMap<>();
        StatsView batch = view.remembering();
        for (String key : due) {
            int bar = key.indexOf('|');
            long minute = Long.parseLong(key.substring(0, bar));
            String topicId = key.substring(bar + 1);
            for (StatsWindow w : StatsWindow.values()) {
                long start = w.start(minute);
                out.computeIfAbsent(w.label() + '|' + start + '|' + topicId,
                        k -> batch.stats(topicId, w, start, nowMs));
            }
            pending.delete(key);
        }
        for (TopicStats stats : out.values()) {
            context.forward(new Record<>(stats.topicId(), stats, nowMs));
            emitted.increment();
        }
    }
}
