package dev.wirewatch.bench.e2e;

import java.util.Arrays;

/**
 * The distribution of a set of latencies in milliseconds: count, p50, p90, p99 and max, by the nearest-rank method
 * (the p-th percentile is the smallest value with at least p% of the values at or below it).
 */
record Summary(int count, long p50, long p90, long p99, long max) {

    static final Summary EMPTY = new Summary(0, 0, 0, 0, 0);

    /** The summary of {@code values}, which it sorts in place. */
    static Summary of(long[] values) {
        if (values.length == 0) {
            return EMPTY;
        }
        Arrays.sort(values);
        return new Summary(values.length, percentile(values, 0.50), percentile(values, 0.90), percentile(values, 0.99),
                values[values.length - 1]);
    }

    /** The nearest-rank percentile {@code p} (0 to 1) of sorted values; 0 when there are none. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
    }
}
