package dev.wirewatch.tagger;

/**
 * The names of the tagger's meters, {@code wirewatch.tagger.<what>}; dashboards, alerts and the Helm chart read them,
 * so change them only by adding.
 */
final class TaggerMeters {

    static final String THREAD_FAILURES = "wirewatch.tagger.thread.failures";
    /** Records the topology could not read or process, tagged {@code kind}. */
    static final String ERRORS = "wirewatch.tagger.errors";
    static final String TOPICS_REANCHORED = "wirewatch.tagger.topics.reanchored";
    /** Tagged {@code result}. */
    static final String TOPIC_DEFINITIONS = "wirewatch.tagger.topic.definitions";
    static final String STATS_EMITTED = "wirewatch.tagger.stats.emitted";
    static final String STATS_LATE = "wirewatch.tagger.stats.late";
    static final String MATCH_TIME = "wirewatch.tagger.match.time";
    /**
     * Timer, tag {@code hop} = {@code fetched-to-matched}: from the fetch of an article that matched a topic to the end
     * of its matching, the tagger's hop of the alerter's {@code wirewatch.alerter.freshness}.
     */
    static final String FRESHNESS = "wirewatch.tagger.freshness";
    /** Tagged {@code result}. */
    static final String ARTICLES = "wirewatch.tagger.articles";
    /** Tagged {@code result}. */
    static final String STORIES = "wirewatch.tagger.stories";
    /** Tagged {@code topic}. */
    static final String MENTIONS = "wirewatch.tagger.mentions";

    private TaggerMeters() {
    }
}
