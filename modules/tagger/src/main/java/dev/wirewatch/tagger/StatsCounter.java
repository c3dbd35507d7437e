package dev.wirewatch.tagger;

import dev.wirewatch.core.model.TopicStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Counts each topic's mentions and distinct stories in 1-minute, 1-hour and 1-day windows (by the mention's record
 * time, that is the article's), and says which windows changed since they were last written to the topic-stats topic.
 *
 * <p>It works inside the story task, which sees every mention with its story, so it needs no state of its own to
 * count distinct stories: the story task passes the time its (story, topic) pair was last mentioned before, and the
 * windows nest (a minute lies in one hour, an hour in one day), so that time says in which of the new mention's
 * windows the story is new. A mention older than the last one of its story counts as a mention but not as a new
 * story: out-of-order copies are rare, and this errs towards fewer stories.
 *
 * <p>The counts live in caching window stores, so a busy topic's counts are written to their changelogs once per
 * commit, not once per mention. Which minutes changed is kept in memory; when the task starts (after a restart or a
 * fail-over) it marks the latest minute of every topic as changed, so the current windows are written again and
 * nothing but an emission of a late, older window can be lost.
 */
final class StatsCounter {

    private final Counter emitted;
    private final Counter late;
    private final Map<StatsWindow, WindowStore<String, Counts>> counts = new EnumMap<>(StatsWindow.class);
    /** A topic's minute whose counts changed. */
    private record ChangedMinute(long minute, String topicId) {
    }

    /** Minutes changed since the last emission, in the order they changed. */
    private final Set<ChangedMinute> changed = new LinkedHashSet<>();
    private StatsView view;

    StatsCounter(MeterRegistry meters) {
        this.emitted = Counter.builder(TaggerMeters.STATS_EMITTED)
                .description("per-topic window counts written to the topic-stats topic").register(meters);
        this.late = Counter.builder(TaggerMeters.STATS_LATE)
                .description("mention counts dropped because their window was past its retention").register(meters);
    }

    /** The names of the stores the counter uses. */
    static List<String> storeNames() {
        List<String> names = new ArrayList<>();
        for (StatsWindow w : StatsWindow.values()) {
            names.add(w.countsStore());
        }
        return names;
    }

    /** Opens the stores of the task and marks the latest minute of every topic as changed. */
    void init(ProcessorContext<?, ?> context) {
        for (StatsWindow w : StatsWindow.values()) {
            counts.put(w, context.getStateStore(w.countsStore()));
        }
        view = new StatsView(counts, SpikeRule.DEFAULT);
        changed.clear();
        Map<String, Long> latestMinute = new HashMap<>();
        try (KeyValueIterator<Windowed<String>, Counts> all = counts.get(StatsWindow.MINUTE).all()) {
            while (all.hasNext()) {
                KeyValue<Windowed<String>, Counts> next = all.next();
                latestMinute.merge(next.key.key(), next.key.window().start(), Math::max);
            }
        }
        latestMinute.forEach((topicId, minute) -> changed.add(new ChangedMinute(minute, topicId)));
    }

    /**
     * Counts one mention of a topic.
     *
     * @param previous when the mention's (story, topic) pair was last mentioned before, or {@link Long#MIN_VALUE}
     * @param streamTime the task's stream time, to tell windows past their retention
     */
    void count(String topicId, long time, long previous, long streamTime) {
        boolean counted = false;
        for (StatsWindow w : StatsWindow.values()) {
            long start = w.start(time);
            if (start + w.sizeMs() + w.retention().toMillis() <= streamTime) {
                // too late for this window's store: its counts are gone, so it is not counted (nor written) again
                late.increment();
                continue;
            }
            boolean newStory = previous < start;
            WindowStore<String, Counts> store = counts.get(w);
            Counts current = store.fetch(topicId, start);
            store.put(topicId, (current == null ? Counts.ZERO : current).plus(1, newStory ? 1 : 0), start);
            counted = true;
        }
        if (counted) {
            changed.add(new ChangedMinute(StatsWindow.MINUTE.start(time), topicId));
        }
    }

    /** The minute, hour and day of every minute that changed since the last call, each window once. */
    List<TopicStats> changedSinceLastCall(long nowMs) {
        Map<String, TopicStats> out = new HashMap<>();
        StatsView batch = view.remembering();
        for (ChangedMinute key : changed) {
            long minute = key.minute();
            String topicId = key.topicId();
            for (StatsWindow w : StatsWindow.values()) {
                long start = w.start(minute);
                out.computeIfAbsent(w.label() + '|' + start + '|' + topicId,
                        k -> batch.stats(topicId, w, start, nowMs));
            }
        }
        changed.clear();
        emitted.increment(out.size());
        return new ArrayList<>(out.values());
    }
}
