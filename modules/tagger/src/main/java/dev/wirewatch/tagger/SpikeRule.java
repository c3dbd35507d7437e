package dev.wirewatch.tagger;

/**
 * When an hour of mentions counts as a spike: its count reaches {@code max(minimum, factor × mean, mean + sigmas ×
 * standard deviation)} of the previous 24 hourly counts of the same topic (hours without mentions count as 0).
 *
 * <p>Why each term: the multiple of the mean catches a steady topic that suddenly triples; mean plus three standard
 * deviations keeps a topic with a bursty but normal rhythm (a daily news cycle) from flagging every morning; the
 * minimum keeps a quiet topic (a mention a day) from "spiking" on two mentions. Twenty-four hours of baseline cover
 * one daily cycle and follow a topic's drift within a day. A topic tracked for less than a day has zeros for the
 * hours before it, so its first busy hour can flag: for a new topic that is news too.
 *
 * @param minimum the fewest mentions in an hour that can be a spike
 * @param factor how many times the mean hourly count an hour must reach
 * @param sigmas how many standard deviations above the mean an hour must reach
 */
record SpikeRule(long minimum, double factor, double sigmas) {

    /** The rule Wirewatch uses: at least 5, at least 3 × the mean and at least mean + 3σ. */
    static final SpikeRule DEFAULT = new SpikeRule(5, 3.0, 3.0);

    /** The number of previous hourly counts the rule reads. */
    static final int BASELINE_HOURS = 24;

    /** The smallest hourly count that is a spike after these previous hourly counts. */
    double threshold(long[] previousHours) {
        double mean = 0;
        for (long c : previousHours) {
            mean += c;
        }
        mean /= previousHours.length == 0 ? 1 : previousHours.length;
        double variance = 0;
        for (long c : previousHours) {
            variance += (c - mean) * (c - mean);
        }
        variance /= previousHours.length == 0 ? 1 : previousHours.length;
        return Math.max(minimum, Math.max(factor * mean, mean + sigmas * Math.sqrt(variance)));
    }

    boolean isSpike(long hourCount, long[] previousHours) {
        return hourCount >= threshold(previousHours);
    }
}
