package dev.wirewatch.tagger;

import dev.wirewatch.core.model.TopicStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
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
 * exactly what readers of the mentions topic see. The windows waiting to be written are kept in a store, not in
 * memory, so that a fail-over loses none.
 */
final class StatsProcessor implements Processor<String, CountedMention, String, TopicStats> {

    private static final Logger LOG = LoggerFactory.getLogger(StatsProcessor.class);

    /** The store of windows changed since the last emission: key {@code window|start|topicId}. */
    static final String PENDING_STORE = "topic-stats-pending";

    private final Duration interval;
    private final Counter emitted;
    private final Counter skipped;
    private final Counter late;
    private final Map<StatsWindow, WindowStore<String, Counts>> counts = new EnumMap<>(StatsWindow.class);
    private final Map<StatsWindow, WindowStore<String, Long>> stories = new EnumMap<>(StatsWindow.class);
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
            names.add(w.storiesStore());
        }
        names.add(PENDING_STORE);
        return names;
    }

    @Override
    public void init(ProcessorContext<String, TopicStats> context) {
        this.context = context;
        for (StatsWindow w : StatsWindow.values()) {
            counts.put(w, context.getStateStore(w.countsStore()));
            stories.put(w, context.getStateStore(w.storiesStore()));
        }
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
        String story = mention.story();
        long time = record.timestamp();
        long streamTime = context.currentStreamTimeMs();
        for (StatsWindow w : StatsWindow.values()) {
            long start = w.start(time);
            if (start + w.sizeMs() + w.retention().toMillis() <= streamTime) {
                // too late for this window's store: its counts are gone, so it is not counted (nor written) again
                late.increment();
                continue;
            }
            String storyKey = topicId + '|' + story;
            WindowStore<String, Long> seen = stories.get(w);
            boolean newStory = seen.fetch(storyKey, start) == null;
            if (newStory) {
                seen.put(storyKey, time, start);
            }
            WindowStore<String, Counts> store = counts.get(w);
            Counts current = store.fetch(topicId, start);
            store.put(topicId, (current == null ? Counts.ZERO : current).plus(1, newStory ? 1 : 0), start);
            pending.put(w.label() + '|' + start + '|' + topicId, start);
        }
    }

    /** Writes every window that changed since the last call. */
    private void emit(long nowMs) {
        List<String> due = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = pending.all()) {
            while (all.hasNext()) {
                KeyValue<String, Long> next = all.next();
                due.add(next.key);
            }
        }
        for (String key : due) {
            String[] parts = key.split("\\|", 3);
            StatsWindow window = StatsWindow.byLabel(parts[0]);
            long start = Long.parseLong(parts[1]);
            String topicId = parts[2];
            TopicStats stats = view.stats(topicId, window, start, nowMs);
            context.forward(new Record<>(topicId, stats, nowMs));
            pending.delete(key);
            emitted.increment();
        }
    }
}
