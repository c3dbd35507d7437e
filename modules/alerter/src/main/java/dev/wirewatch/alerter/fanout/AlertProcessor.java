package dev.wirewatch.alerter.fanout;

import dev.wirewatch.core.model.Alert;
import dev.wirewatch.core.model.DeliveryMode;
import dev.wirewatch.core.model.MatchedTopic;
import dev.wirewatch.core.model.Mention;
import dev.wirewatch.core.model.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The second half of the fan-out, in the task that owns the mention's subscribers ({@link Routed}): decides for each
 * (subscriber, mention) whether it is new to the subscriber, and whether it goes out now or waits for a digest.
 *
 * <p>The alert's mention lists the topics of the subscription that the article matched ({@link #forSubscriber}); the
 * route step sent it only once per subscriber and article, whatever the number of those topics.
 *
 * <ul>
 *   <li>An article the subscriber has seen (through another topic, or re-tagged) is dropped: the stories seen are
 *       kept with the articles each subscriber has seen of them ({@link StoryState}).</li>
 *   <li>A later copy of a story the subscriber has seen is dropped or folded into the next digest, as the
 *       subscription's {@code syndicated} setting says.</li>
 *   <li>A new story goes to the digest for digest subscribers; for real-time subscribers it is sent at once, unless it
 *       is quiet hours (held until they end) or the hourly budget is spent (held until the hour is over, with a note).
 *   </li>
 * </ul>
 *
 * <p>A wall-clock punctuation sends the digests that are due. "Now" is the task's wall-clock time, which
 * {@code TopologyTestDriver} lets tests move.
 */
final class AlertProcessor implements Processor<String, Routed, String, Alert> {

    private static final long HOUR = Duration.ofHours(1).toMillis();

    private final SubscriptionIndex index;
    private final FanoutTopology.Options options;
    private final FanoutMetrics metrics;
    private ProcessorContext<String, Alert> context;
    private WindowStore<String, String> seen;
    private KeyValueStore<String, PendingDigest> digests;
    private KeyValueStore<String, String> due;
    private KeyValueStore<String, String> budgets;

    AlertProcessor(SubscriptionIndex index, FanoutTopology.Options options, FanoutMetrics metrics) {
        this.index = index;
        this.options = options;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.seen = context.getStateStore(FanoutTopology.SEEN_STORE);
        this.digests = context.getStateStore(FanoutTopology.DIGESTS_STORE);
        this.due = context.getStateStore(FanoutTopology.DUE_STORE);
        this.budgets = context.getStateStore(FanoutTopology.BUDGET_STORE);
        index.ensureLoaded(context.getStateStore(FanoutTopology.SUBSCRIPTIONS_STORE));
        context.schedule(options.digestCheckInterval(), PunctuationType.WALL_CLOCK_TIME, this::sendDueDigests);
    }

    @Override
    public void process(Record<String, Routed> record) {
        Routed routed = record.value();
        if (routed == null) {
            return;
        }
        Mention mention = routed.mention();
        long time = record.timestamp();
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        String story = mention.storyId() == null || mention.storyId().isBlank() ? mention.articleId() : mention.storyId();
        StoryState state = loadStory(story, time);
        boolean changed = false;
        for (String subscriptionId : routed.subscriptionIds()) {
            Subscription subscription = index.get(subscriptionId);
            if (subscription == null || !subscription.enabled()) {
                metrics.dropped("subscription-gone", 1);
                continue;
            }
            if (state.seenArticle(subscriptionId, mention.articleId())) {
                metrics.dropped("duplicate", 1);
                continue;
            }
            boolean knownStory = state.seenStory(subscriptionId);
            state.markSeen(subscriptionId, mention.articleId());
            changed = true;
            alert(subscription, forSubscriber(subscription, mention), knownStory, now);
        }
        if (changed) {
            seen.put(story, state.encode(), time);
        }
    }

    private void alert(Subscription subscription, Mention mention, boolean knownStory, Instant now) {
        DeliveryMode mode = subscription.mode();
        if (knownStory) {
            if ("drop".equals(mode.syndicated())) {
                metrics.dropped("syndicated", 1);
            } else {
                hold(subscription, mention, PendingDigest.Reason.FOLDED, Schedules.nextDigest(mode, now,
                        options.foldDigestEvery()));
            }
        } else if (DeliveryMode.DIGEST.equals(mode.type())) {
            hold(subscription, mention, PendingDigest.Reason.SCHEDULED, Schedules.nextDigest(mode, now,
                    options.foldDigestEvery()));
        } else if (Schedules.isQuiet(mode, now)) {
            hold(subscription, mention, PendingDigest.Reason.QUIET, Schedules.quietEnd(mode, now));
        } else {
            Instant budgetEnd = spendBudget(subscription, now);
            if (budgetEnd != null) {
                hold(subscription, mention, PendingDigest.Reason.OVER_BUDGET, budgetEnd);
            } else {
                String id = subscription.id();
                Alert alert = new Alert(Alert.SCHEMA_VERSION, AlertIds.realtime(id, mention.articleId()), id,
                        Alert.REALTIME, List.of(mention), now, null);
                context.forward(new Record<>(id, alert, now.toEpochMilli()));
                metrics.alert(Alert.REALTIME);
                metrics.freshness(mention, now);
            }
        }
    }

    /**
     * The mention as one subscriber sees it: its matched topics cut down to those the subscription follows (the same
     * object when they all are, so that the codec writes its JSON once for every subscriber).
     */
    static Mention forSubscriber(Subscription subscription, Mention mention) {
        List<MatchedTopic> all = mention.matchedTopics();
        List<MatchedTopic> theirs = null;
        for (int i = 0; i < all.size(); i++) {
            boolean follows = subscription.topics().contains(all.get(i).topicId());
            if (!follows && theirs == null) {
                theirs = new ArrayList<>(all.subList(0, i));
            } else if (follows && theirs != null) {
                theirs.add(all.get(i));
            }
        }
        return theirs == null ? mention : mention.withMatchedTopics(theirs);
    }

    /** What the subscribers of this partition have seen of a story, merged over its stored entries. */
    private StoryState loadStory(String story, long time) {
        long horizon = options.dedupHorizon().toMillis();
        StoryState state = StoryState.empty();
        // epoch milliseconds, not Instants: the store's Instant overload formats an error message on every call
        try (WindowStoreIterator<String> entries = seen.fetch(story, Math.max(0, time - horizon), time + horizon)) {
            while (entries.hasNext()) {
                state.merge(entries.next().value);
            }
        }
        return state;
    }

    /** Counts one real-time alert against the hourly budget; returns null when it fits, else when the hour ends. */
    private Instant spendBudget(Subscription subscription, Instant now) {
        Integer max = subscription.mode().maxPerHour();
        if (max == null) {
            return null;
        }
        String state = budgets.get(subscription.id());
        long start = now.toEpochMilli();
        int count = 0;
        if (state != null) {
            int colon = state.indexOf(':');
            long previousStart = Long.parseLong(state.substring(0, colon));
            if (now.toEpochMilli() < previousStart + HOUR) {
                start = previousStart;
                count = Integer.parseInt(state.substring(colon + 1));
            }
        }
        if (count >= max) {
            return Instant.ofEpochMilli(start + HOUR);
        }
        budgets.put(subscription.id(), start + ":" + (count + 1));
        return null;
    }

    private void hold(Subscription subscription, Mention mention, PendingDigest.Reason reason, Instant candidate) {
        String id = subscription.id();
        PendingDigest pending = digests.get(id);
        Instant dueAt = pending == null || candidate.isBefore(pending.dueAt()) ? candidate : pending.dueAt();
        dueAt = Schedules.deferQuiet(subscription.mode(), dueAt);
        if (pending == null) {
            pending = PendingDigest.empty(dueAt);
        } else if (!pending.dueAt().equals(dueAt)) {
            due.delete(dueKey(pending.dueAt(), id));
            pending = pending.withDueAt(dueAt);
        }
        digests.put(id, pending.add(mention, reason, options.digestMaxMentions()));
        due.put(dueKey(dueAt, id), id);
        metrics.held(reason);
    }

    private void sendDueDigests(long wallClock) {
        Instant now = Instant.ofEpochMilli(wallClock);
        List<KeyValue<String, String>> ready = new ArrayList<>();
        try (KeyValueIterator<String, String> entries = due.range(dueKey(Instant.EPOCH, ""), dueKey(now, "\uffff"))) {
            entries.forEachRemaining(ready::add);
        }
        for (KeyValue<String, String> entry : ready) {
            due.delete(entry.key);
            String id = entry.value;
            PendingDigest pending = digests.get(id);
            if (pending == null || !entry.key.equals(dueKey(pending.dueAt(), id))) {
                continue;
            }
            Subscription subscription = index.get(id);
            if (subscription == null || !subscription.enabled()) {
                digests.delete(id);
                metrics.dropped("subscription-gone", pending.mentions().size() + pending.omitted());
                continue;
            }
            if (Schedules.isQuiet(subscription.mode(), now)) {
                Instant end = Schedules.quietEnd(subscription.mode(), now);
                digests.put(id, pending.withDueAt(end));
                due.put(dueKey(end, id), id);
                continue;
            }
            digests.delete(id);
            if (pending.mentions().isEmpty()) {
                continue;
            }
            Alert digest = new Alert(Alert.SCHEMA_VERSION,
                    AlertIds.digest(id, pending.dueAt(), pending.mentions().get(0).id()), id, Alert.DIGEST,
                    pending.mentions(), now, DigestNotes.note(pending, subscription));
            context.forward(new Record<>(id, digest, wallClock));
            metrics.alert(Alert.DIGEST);
        }
    }

    /** A key of the due index: zero-padded due time, so that a range scan finds every digest due by a time. */
    static String dueKey(Instant dueAt, String subscriptionId) {
        String millis = Long.toString(Math.max(0, dueAt.toEpochMilli()));
        return "0".repeat(Math.max(0, 19 - millis.length())) + millis + '|' + subscriptionId;
    }
}
