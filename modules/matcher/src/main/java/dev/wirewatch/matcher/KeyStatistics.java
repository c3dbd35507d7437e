package dev.wirewatch.matcher;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How often each key occurs in the documents a matcher sees: the share of sampled documents that contain it.
 *
 * <p>The compiler anchors a topic on its rarest keys. Before it has seen documents it can only guess that longer
 * words are rarer, as Lucene Monitor's default weighting does; news text proves many long words common
 * ({@code presidente}, {@code government}) and some short ones rare. One document in {@link #SAMPLE_EVERY} is
 * sampled: its keys are counted, from the list of keys the matcher has just built for it, so a sample costs a
 * few hundred increments and an unsampled document nothing.
 *
 * <p>Counts are plain ints that threads increment without locking: a lost increment only blurs an estimate, and
 * an int is never torn. A key's share is counted from the sample at which the key was created, and is unknown
 * until {@link #MIN_SAMPLES} documents have been sampled since.
 */
final class KeyStatistics {

    /** One document in this many is sampled, per scratch (thread). */
    static final int SAMPLE_EVERY = 16;
    /** Fewer samples than this since a key was created leave its share unknown. */
    static final int MIN_SAMPLES = 64;

    private final AtomicLong samples = new AtomicLong();
    /** Per key id: sampled documents that contained it. Replaced by a bigger copy under the matcher's lock. */
    private volatile int[] hits = new int[4096];
    /** Per key id: the sample count when it was created. */
    private volatile long[] born = new long[4096];

    /** Counts the keys of {@code doc}, which has just been indexed; returns the number of samples now. */
    long sample(DocIndex doc) {
        int[] counts = hits;
        int limit = counts.length;
        for (int i = 0, n = doc.touchedCount(); i < n; i++) {
            int key = doc.touched(i);
            if (key < limit) {
                counts[key]++;
            }
        }
        for (int i = 0, n = doc.metaCount(); i < n; i++) {
            int key = doc.metaKey(i);
            if (key < limit) {
                counts[key]++;
            }
        }
        return samples.incrementAndGet();
    }

    /** Notes that keys {@code [from, to)} were just created. Callers hold the matcher's write lock. */
    void created(int from, int to) {
        if (to > hits.length) {
            int capacity = Math.max(to, 2 * hits.length);
            long[] births = Arrays.copyOf(born, capacity);
            born = births;
            // counts made in between on the old array are lost: at most a few samples' worth
            hits = Arrays.copyOf(hits, capacity);
        }
        long now = samples.get();
        long[] births = born;
        for (int key = from; key < to; key++) {
            births[key] = now;
        }
    }

    /** The share of sampled documents that contain {@code key}, or NaN while too few were sampled. */
    double share(int key) {
        int[] counts = hits;
        long[] births = born;
        if (key >= counts.length || key >= births.length) {
            return Double.NaN;
        }
        long seen = samples.get() - births[key];
        return seen < MIN_SAMPLES ? Double.NaN : Math.min(1.0, (double) counts[key] / seen);
    }

    /** How many documents were sampled. */
    long samples() {
        return samples.get();
    }
}
