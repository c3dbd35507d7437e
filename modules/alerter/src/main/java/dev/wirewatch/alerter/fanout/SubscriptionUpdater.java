package dev.wirewatch.alerter.fanout;

import dev.wirewatch.core.model.Subscription;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps the global subscriptions store and the {@link SubscriptionIndex} in step with the subscriptions topic. */
final class SubscriptionUpdater implements Processor<String, Subscription, Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionUpdater.class);

    private final SubscriptionIndex index;
    private KeyValueStore<String, Subscription> store;

    SubscriptionUpdater(SubscriptionIndex index) {
        this.index = index;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(FanoutTopology.SUBSCRIPTIONS_STORE);
        index.ensureLoaded(store);
    }

    @Override
    public void process(Record<String, Subscription> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() != null && !record.key().equals(record.value().id())) {
            LOG.warn("Subscription record with key {} holds subscription {}: ignored (the key must be the id)",
                    record.key(), record.value().id());
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
        index.apply(record.key(), record.value());
    }
}
