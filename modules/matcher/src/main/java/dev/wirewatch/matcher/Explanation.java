package dev.wirewatch.matcher;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** What made one query match one document: the clauses, in query order, and the token spans they cover. */
final class Explanation {

    /** Enough to show every hit of an ordinary article; a huge one is cut here. */
    static final int MAX_SPANS = 100;

    private final List<String> clauses = new ArrayList<>();
    private long[] spans = new long[16];
    private int spanCount;

    void clause(String clause) {
        if (!clauses.contains(clause)) {
            clauses.add(clause);
        }
    }

    /** A token span {@code [start, end)}; beyond {@link #MAX_SPANS} (before merging) the rest is ignored. */
    void span(int start, int end) {
        if (spanCount == 4 * MAX_SPANS) {
            return;
        }
        if (spanCount == spans.length) {
            spans = Arrays.copyOf(spans, spanCount * 2);
        }
        spans[spanCount++] = (long) start << 32 | end;
    }

    List<String> clauses() {
        return clauses;
    }

    /** The spans sorted by start, overlapping and adjacent spans merged, at most {@link #MAX_SPANS}. */
    List<int[]> mergedSpans() {
        long[] sorted = Arrays.copyOf(spans, spanCount);
        Arrays.sort(sorted);
        List<int[]> merged = new ArrayList<>();
        for (long span : sorted) {
            int start = (int) (span >>> 32);
            int end = (int) span;
            if (!merged.isEmpty() && start <= merged.get(merged.size() - 1)[1]) {
                int[] last = merged.get(merged.size() - 1);
                last[1] = Math.max(last[1], end);
            } else if (merged.size() < MAX_SPANS) {
                merged.add(new int[] {start, end});
            }
        }
        return merged;
    }
}
