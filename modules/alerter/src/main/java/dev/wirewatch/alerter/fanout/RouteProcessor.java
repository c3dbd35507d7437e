package dev.wirewatch.alerter.fanout;

import dev.wirewatch.core.model.Mention;
import dev.wirewatch.core.model.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The first half of the fan-out: finds the enabled subscriptions of a mention's topic whose filters it passes, and
 * sends the mention once to each fan-out partition that owns some of them, with their ids ({@link Routed}).
 *
 * <p>An article that matched several topics of one subscription makes one alert naming them all, without waiting for
 * its other mentions: every mention lists all the topics its article matched ({@link Mention#matchedTopics()}), so
 * each subscription is routed only the mention of the first of its topics in that list (topic id order) and skips the
 * others. The mentions of one article may sit in different partitions and tasks; none waits for another.
 */
final class RouteProcessor implements Processor<String, Mention, String, Routed> {

    private final SubscriptionIndex index;
    private final FanoutMetrics metrics;
    private final int partitions;
    private ProcessorContext<String, Routed> context;

    RouteProcessor(SubscriptionIndex index, FanoutMetrics metrics, int partitions) {
        this.index = index;
        this.metrics = metrics;
        this.partitions = partitions;
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
        ReadOnlyKeyValueStore<String, Subscription> store = context.getStateStore(FanoutTopology.SUBSCRIPTIONS_STORE);
        index.ensureLoaded(store);
    }

    @Override
    public void process(Record<String, Mention> record) {
        Mention mention = record.value();
        if (mention == null) {
            return;
        }
        metrics.mentionRead();
        List<List<String>> byPartition = null;
        for (Subscription subscription : index.following(mention.topicId())) {
            if (subscription.enabled() && MentionFilter.accepts(subscription, mention)
                    && mention.topicId().equals(leadTopic(subscription, mention))) {
                if (byPartition == null) {
                    byPartition = new ArrayList<>(partitions);
                    for (int i = 0; i < partitions; i++) {
                        byPartition.add(new ArrayList<>());
                    }
                }
                byPartition.get(Routed.partitionOf(subscription.id(), partitions)).add(subscription.id());
                metrics.routed();
            }
        }
        if (byPartition == null) {
            return;
        }
        for (int p = 0; p < partitions; p++) {
            List<String> ids = byPartition.get(p);
            if (!ids.isEmpty()) {
                context.forward(new Record<>(Integer.toString(p), new Routed(p, ids, mention), record.timestamp()));
            }
        }
    }

    /**
     * The topic whose mention carries an article to a subscription: the first of the article's topics (in the
     * mention's list) that the subscription follows; the mention's own topic for a record without the list.
     */
    static String leadTopic(Subscription subscription, Mention mention) {
        for (String topic : mention.topicIds()) {
            if (subscription.topics().contains(topic)) {
                return topic;
            }
        }
        return mention.topicId();
    }

    /** Sends each routed mention to the partition its subscribers belong to. */
    static final class Partitioner implements StreamPartitioner<String, Routed> {
        @Override
        public Optional<Set<Integer>> partitions(String topic, String key, Routed value, Headers headers,
                int numPartitions) {
            // numPartitions equals the fan-out's partition count except under TopologyTestDriver (one partition)
            return Optional.of(Set.of(value.partition() % numPartitions));
        }

        // still abstract in the interface, though marked for removal in favour of the method above
        @SuppressWarnings("removal")
        @Override
        public Optional<Set<Integer>> partitions(String topic, String key, Routed value, int numPartitions) {
            return partitions(topic, key, value, null, numPartitions);
        }
    }
}
