package dev.wirewatch.alerter.fanout;

import dev.wirewatch.core.model.Mention;
import dev.wirewatch.core.model.Subscription;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The first half of the fan-out: re-keys each mention by the id of every enabled subscription of its topic whose
 * filters it passes, so that the second half sees all of one subscriber's mentions in one task.
 */
final class RouteProcessor implements Processor<String, Mention, String, Mention> {

    private final SubscriptionIndex index;
    private final FanoutMetrics metrics;
    private ProcessorContext<String, Mention> context;

    RouteProcessor(SubscriptionIndex index, FanoutMetrics metrics) {
        this.index = index;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Mention> context) {
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
        for (Subscription subscription : index.following(mention.topicId())) {
            if (subscription.enabled() && MentionFilter.accepts(subscription, mention)) {
                metrics.routed();
                context.forward(record.withKey(subscription.id()));
            }
        }
    }
}
