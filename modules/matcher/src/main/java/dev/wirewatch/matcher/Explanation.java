package dev.wirewatch.matcher;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * What made one query match one document: the clauses, in query order, and the token spans they cover. Scratch
 * space, reused from match to match by one thread: {@link #reset} before each.
 */
final class Explanation {

    /** Enough to show every hit of an ordinary article; a huge one is cut here. */
    static final int MAX_SPANS = 100;

    private String[] clauses = new String[8];
    private int clauseCount;
    private long[] spans = new long[16];
    private int spanCount;

    void reset() {
        Arrays.fill(clauses, 0, clauseCount, null);
        clauseCount = 0;
        spanCount = 0;
    }

    void clause(String clause) {
        for (int i = 0; i < clauseCount; i++) {
            if (clauses[i].equals(clause)) {
                return;
            }
        }
        if (clauseCount == clauses.length) {
            clauses = Arrays.copyOf(clauses, clauseCount * 2);
        }
        clauses[clauseCount++] = clause;
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

    /** Drops the one-token spans at whose position {@code test} holds (before {@link #merge}). */
    void dropSingleTokens(IntPredicate test) {
        int kept = 0;
        for (int i = 0; i < spanCount; i++) {
            long span = spans[i];
            int start = (int) (span >>> 32);
            if (!((int) span - start == 1 && test.test(start))) {
                spans[kept++] = span;
            }
        }
        spanCount = kept;
    }

    /** The clauses, as a new unmodifiable list. */
    List<String> clauses() {
        return switch (clauseCount) {
            case 0 -> List.of();
            case 1 -> List.of(clauses[0]);
            default -> List.of(Arrays.copyOf(clauses, clauseCount));
        };
    }

    /**
     * Sorts the spans by start and merges overlapping ones, keeping at most {@link #MAX_SPANS}; returns how many there
     * are then: span {@code i} is {@code [start(i), end(i))}. Spans that only touch stay apart: the tokens of two hits
     * side by side may have punctuation between them ("Terrorismo (CECOT"), which only the text can tell.
     */
    int merge() {
        boolean sorted = true;
        for (int i = 1; i < spanCount && sorted; i++) {
            sorted = spans[i - 1] <= spans[i];
        }
        if (!sorted) {
            Arrays.sort(spans, 0, spanCount);
        }
        int merged = 0;
        for (int i = 0; i < spanCount; i++) {
            long span = spans[i];
            int start = (int) (span >>> 32);
            int end = (int) span;
            if (merged > 0 && start < end(merged - 1)) {
                spans[merged - 1] = (long) start(merged - 1) << 32 | Math.max(end(merged - 1), end);
            } else if (merged < MAX_SPANS) {
                spans[merged++] = span;
            }
        }
        spanCount = merged;
        return merged;
    }

    /** The start of span {@code i}, after {@link #merge}. */
    int start(int i) {
        return (int) (spans[i] >>> 32);
    }

    /** The end of span {@code i}, after {@link #merge}. */
    int end(int i) {
        return (int) spans[i];
    }
}
