package dev.wirewatch.tagger;

import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.TrackedTopic;
import dev.wirewatch.matcher.QueryException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global store of tracked-topic definitions and the {@link TopicIndex} in step with the compacted
 * {@code tracked-topics} topic, so that a changed definition is matched from the next article on, without a restart.
 *
 * <p>Definitions are kept as their JSON bytes. One that cannot be read, or whose query does not compile, is counted,
 * logged and not stored, so the previous definition of that topic stays in force, also after a restart (the store
 * never holds what the index refused). On start-up the index is loaded from the restored store.
 */
final class TrackedTopicsUpdater implements Processor<String, byte[], Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(TrackedTopicsUpdater.class);

    private final String storeName;
    private final TopicIndex index;
    private final Counter applied;
    private final Counter removed;
    private final Counter rejected;
    private KeyValueStore<String, byte[]> store;

    TrackedTopicsUpdater(String storeName, TopicIndex index, MeterRegistry meters) {
        this.storeName = Objects.requireNonNull(storeName, "storeName");
        this.index = Objects.requireNonNull(index, "index");
        this.applied = definitions(meters, "applied");
        this.removed = definitions(meters, "removed");
        this.rejected = definitions(meters, "rejected");
    }

    private static Counter definitions(MeterRegistry meters, String result) {
        return Counter.builder(TaggerMeters.TOPIC_DEFINITIONS).tag("result", result)
                .description("tracked-topic definitions read by the tagger, by outcome").register(meters);
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
        int loaded = 0;
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                if (apply(entry.key, entry.value)) {
                    loaded++;
                }
            }
        }
        LOG.info("Loaded {} tracked topics from the global store {}", loaded, storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String topicId = record.key();
        if (topicId == null) {
            rejected.increment();
            LOG.warn("Ignored a tracked-topic record without a key");
            return;
        }
        if (record.value() == null) {
            index.apply(topicId, null);
            store.delete(topicId);
            removed.increment();
            LOG.info("Tracked topic {} deleted", topicId);
            return;
        }
        if (apply(topicId, record.value())) {
            store.put(topicId, record.value());
        }
    }

    /** Decodes and applies one definition; false (counted and logged) when it cannot be used. */
    private boolean apply(String topicId, byte[] json) {
        TrackedTopic topic;
        try {
            topic = Topics.TRACKED_TOPIC_SERDE.fromBytes(json);
        } catch (SerializationException e) {
            rejected.increment();
            LOG.error("Tracked topic {} has an unreadable definition; keeping the previous one: {}", topicId, e.getMessage());
            return false;
        }
        if (!topicId.equals(topic.id())) {
            rejected.increment();
            LOG.error("Tracked topic record keyed {} holds topic {}; ignored", topicId, topic.id());
            return false;
        }
        try {
            index.apply(topicId, topic);
        } catch (QueryException e) {
            rejected.increment();
            LOG.error("Tracked topic {} version {} has a query that does not compile ({}); keeping the previous version",
                    topicId, topic.version(), e.getMessage());
            return false;
        } catch (RuntimeException | Error e) {
            // Neither a matcher bug nor a StackOverflowError from a query the console should have refused may stop the
            // global thread, and with it the whole tagger. An OutOfMemoryError ends the JVM through its own flag.
            rejected.increment();
            LOG.error("Tracked topic {} version {} could not be compiled; keeping the previous version", topicId,
                    topic.version(), e);
            return false;
        }
        if (topic.enabled()) {
            applied.increment();
            LOG.info("Tracked topic {} version {} is matched: {}", topicId, topic.version(), topic.query());
        } else {
            removed.increment();
            LOG.info("Tracked topic {} version {} is disabled", topicId, topic.version());
        }
        return true;
    }
}
