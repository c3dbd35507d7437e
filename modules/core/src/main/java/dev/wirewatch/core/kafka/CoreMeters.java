package dev.wirewatch.core.kafka;

/**
 * The names of the meters that core's Kafka helpers register, in Micrometer's dotted form ({@code wirewatch.<what>};
 * Prometheus shows {@code wirewatch_<what>_total} for counters).
 *
 * <p>Dashboards, alerts and the Helm chart read these names: change them only by adding.
 */
public final class CoreMeters {

    /** Records sent to a stage's dead-letter topic, tagged {@code stage}. */
    public static final String DEAD_LETTERS = "wirewatch.dead.letters";
    /** Records decoded from a topic, tagged {@code topic}. */
    public static final String RECORDS_READ = "wirewatch.records.read";
    /** Records a {@link TopicFollower} skipped because they could not be read, tagged {@code follower} and {@code topic}. */
    public static final String RECORDS_UNREADABLE = "wirewatch.records.unreadable";
    /** Polls of a {@link TopicFollower} that failed and were retried, tagged {@code follower}. */
    public static final String FOLLOWER_POLL_FAILURES = "wirewatch.follower.poll.failures";

    private CoreMeters() {
    }

    /** The errors counter of a stage that names none of its own, {@code wirewatch.<stage>.errors}. */
    public static String stageErrors(String stage) {
        return "wirewatch." + stage + ".errors";
    }
}
