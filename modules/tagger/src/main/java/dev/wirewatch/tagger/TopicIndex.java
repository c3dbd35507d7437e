package dev.wirewatch.tagger;

import dev.wirewatch.core.model.TrackedTopic;
import dev.wirewatch.matcher.Document;
import dev.wirewatch.matcher.Match;
import dev.wirewatch.matcher.QueryException;
import dev.wirewatch.matcher.TopicMatcher;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tracked topics that one tagger instance matches: their compiled queries and their current definitions.
 *
 * <p>The global-store processor is the only writer; every stream thread matches concurrently while definitions
 * change, so an update never pauses tagging. Disabled topics are not matched.
 */
final class TopicIndex {

    private final TopicMatcher matcher = new TopicMatcher();
    private final Map<String, TrackedTopic> definitions = new ConcurrentHashMap<>();

    /**
     * Applies one definition: compiles and adds or replaces an enabled topic, removes a disabled or deleted one.
     *
     * @param topic the new definition, or null when the topic was deleted
     * @throws QueryException when the query does not compile; the previous definition stays in force
     */
    void apply(String topicId, TrackedTopic topic) {
        if (topic == null || !topic.enabled()) {
            matcher.remove(topicId);
            definitions.remove(topicId);
            return;
        }
        matcher.put(topicId, topic.query());
        definitions.put(topicId, topic);
    }

    /** The matches of one document against every enabled topic. */
    List<Match> match(Document document) {
        return matcher.match(document);
    }

    /** The definition in force for a topic, or null when it is not tracked (any more). */
    TrackedTopic definition(String topicId) {
        return definitions.get(topicId);
    }

    /** How many topics the matcher has moved to rarer anchors, from what it learned of the articles it matched. */
    long reanchoredTopics() {
        return matcher.reanchoredTopics();
    }

    /** How many topics are matched. */
    int size() {
        return definitions.size();
    }
}
