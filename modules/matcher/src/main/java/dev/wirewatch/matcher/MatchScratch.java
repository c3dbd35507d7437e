package dev.wirewatch.matcher;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The matcher's scratch for one document, beside its {@link DocIndex}: which topics already matched, the ids collected,
 * the snippets made, the prefilter's arrays and the counts that tests and benchmarks read.
 *
 * <p>Scratch for one thread at a time, reused from document to document.
 */
final class MatchScratch {

    /** Scratch above this many entries is dropped after use rather than kept for the next document. */
    private static final int RETAINED = 1 << 16;

    /** Bit s: the topic in slot s matched this document. */
    private long[] matchedSlots = new long[0];
    private Object[] postingScratch = new Object[256];
    private final Explanation explanation = new Explanation();
    /** Snippets made for this document, by field and character span: open addressing, cleared per document. */
    private long[] snippetKeys = new long[64];
    private String[] snippetValues = new String[64];
    private int snippetCount;
    private String[] collected = new String[256];
    private int collectedCount;
    private Object[] dataScratch = new Object[256];
    private int candidateCount;
    /** Documents matched with this scratch, for sampling one in {@link KeyStatistics#SAMPLE_EVERY}. */
    private int documents;
    /** Keeps the key table's cache-warming loads alive; never read. */
    @SuppressWarnings("unused")
    private long warmed;

    /** Forgets the previous document. */
    void reset() {
        Arrays.fill(matchedSlots, 0);
        if (snippetCount > 0) {
            if (snippetValues.length > 1024) {
                snippetKeys = new long[64];
                snippetValues = new String[64];
            } else {
                Arrays.fill(snippetValues, null);
            }
            snippetCount = 0;
        }
        candidateCount = 0;
    }

    /** Whether the topic in {@code slot} already matched this document. */
    boolean matched(int slot) {
        if (slot >= matchedSlots.length * 64) {
            matchedSlots = Arrays.copyOf(matchedSlots, Math.max(slot / 64 + 1, matchedSlots.length * 2));
        }
        return (matchedSlots[slot >>> 6] & 1L << slot) != 0;
    }

    /** Marks the topic in {@code slot} as matched by this document; call {@link #matched} first. */
    void markMatched(int slot) {
        matchedSlots[slot >>> 6] |= 1L << slot;
    }

    /** Scratch for explaining one match at a time. */
    Explanation explanation() {
        return explanation;
    }

    /** The snippet {@link #keepSnippet kept} for this document around {@code [start, end)} of a field, or null. */
    String snippet(boolean body, int start, int end) {
        long key = snippetKey(body, start, end);
        int mask = snippetKeys.length - 1;
        for (int slot = (int) (key * 0x9E3779B97F4A7C15L >>> 40) & mask; ; slot = slot + 1 & mask) {
            String found = snippetValues[slot];
            if (found == null) {
                return null;
            }
            if (snippetKeys[slot] == key) {
                return found;
            }
        }
    }

    /** Keeps {@code snippet} for the rest of this document, for other topics that match on the same words. */
    void keepSnippet(boolean body, int start, int end, String snippet) {
        if (2 * (snippetCount + 1) > snippetKeys.length) {
            long[] keys = snippetKeys;
            String[] values = snippetValues;
            snippetKeys = new long[keys.length * 2];
            snippetValues = new String[keys.length * 2];
            snippetCount = 0;
            for (int i = 0; i < keys.length; i++) {
                if (values[i] != null) {
                    putSnippet(keys[i], values[i]);
                }
            }
        }
        putSnippet(snippetKey(body, start, end), snippet);
    }

    private void putSnippet(long key, String snippet) {
        int mask = snippetKeys.length - 1;
        int slot = (int) (key * 0x9E3779B97F4A7C15L >>> 40) & mask;
        while (snippetValues[slot] != null) {
            slot = slot + 1 & mask;
        }
        snippetKeys[slot] = key;
        snippetValues[slot] = snippet;
        snippetCount++;
    }

    private static long snippetKey(boolean body, int start, int end) {
        return (long) start << 32 | (end & 0x7FFFFFFFL) | (body ? 1L << 31 : 0);
    }

    /** Adds a matching topic's id to those {@link #collected} returns. */
    void collect(String id) {
        if (collectedCount == collected.length) {
            collected = Arrays.copyOf(collected, collectedCount * 2);
        }
        collected[collectedCount++] = id;
    }

    /** The ids {@link #collect}ed for this document, as a new unmodifiable list. */
    List<String> collected() {
        // one bulk copy; the scratch keeps its references, ids of topics that the matcher holds anyway
        String[] ids = Arrays.copyOf(collected, collectedCount);
        collectedCount = 0;
        return Collections.unmodifiableList(Arrays.asList(ids));
    }

    /** Scratch for the matcher's prefilter: room for {@code count} postings. */
    Object[] postingScratch(int count) {
        if (postingScratch.length < count) {
            postingScratch = new Object[Math.max(count, postingScratch.length * 2)];
        }
        return postingScratch;
    }

    /** Scratch for the matcher's prefilter: room for {@code count} posting arrays. */
    Object[] dataScratch(int count) {
        if (dataScratch.length < count) {
            dataScratch = new Object[Math.max(count, dataScratch.length * 2)];
        }
        return dataScratch;
    }

    /** Keeps a cache-warming sum from being optimised away. */
    void keepAlive(long value) {
        warmed += value;
    }

    /** Whether the document just indexed is one that the key statistics should sample. */
    boolean sampleDue() {
        return documents++ % KeyStatistics.SAMPLE_EVERY == 0;
    }

    /** Counts one evaluation of a candidate, for tests and benchmarks. */
    void evaluated() {
        candidateCount++;
    }

    /** How many candidate clauses this document led to evaluate, or to accept on their keys alone. */
    int candidateCount() {
        return candidateCount;
    }

    /** Gives back memory that one very large document made this scratch hold. */
    void trim() {
        if (collected.length > RETAINED) {
            collected = new String[256];
        }
        if (postingScratch.length > RETAINED) {
            postingScratch = new Object[256];
            dataScratch = new Object[256];
        }
    }
}
