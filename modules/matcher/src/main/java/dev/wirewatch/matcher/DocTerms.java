package dev.wirewatch.matcher;

import java.util.Arrays;

/**
 * The distinct terms of one document and their key ids: an open-addressing table of the terms as the analyzer hands
 * them over (with their hashes), the starts of each that some prefix key may equal, and one batched look-up of all of
 * them in the {@link KeyTable} once the text is analysed.
 *
 * <p>A document repeats most of its words (about 570 tokens but 250 distinct terms in a news article), so each
 * distinct term is looked up once. Scratch for one thread at a time, reused from document to document.
 */
final class DocTerms {

    private static final int NONE = -1;

    private KeyTable keys;
    private int limit;
    private int maxPrefix;

    /**
     * Distinct term t: {@code termChars[termStart[t], termStart[t] + termLength[t])} with hash {@code termHash[t]},
     * its key id {@code termId[t]} (or -1), and its prefix candidates {@code [prefixFrom[t], prefixTo[t])}.
     */
    private char[] termChars = new char[8192];
    private int termCharsSize;
    private int[] termStart = new int[512];
    private int[] termLength = new int[512];
    private int[] termHash = new int[512];
    /** The key id of each distinct term once {@link #lookUp} ran, -1 when none. */
    int[] termId = new int[512];
    int[] prefixFrom = new int[512];
    int[] prefixTo = new int[512];
    private int distinctCount;
    /** Open addressing over the distinct terms: {@code t + 1}, 0 when empty; at most half full. */
    private int[] termSlots = new int[1024];
    private long[] lookupScratch = new long[512];
    /** Prefix candidates: a distinct term's start that some prefix may equal (see {@link KeyTable#mayBePrefix}). */
    private int[] prefixStart = new int[256];
    private int[] prefixLength = new int[256];
    private int[] prefixHash = new int[256];
    /** The key id of each prefix candidate once {@link #lookUp} ran, -1 when none. */
    int[] prefixId = new int[256];
    private int prefixCount;

    /** Forgets the previous document; ids at or above {@code limit} are not looked up. */
    void reset(KeyTable keys, int limit) {
        this.keys = keys;
        this.limit = limit;
        this.maxPrefix = keys.maxPrefixLength();
        termCharsSize = 0;
        if (distinctCount > 0) {
            Arrays.fill(termSlots, 0);
            distinctCount = 0;
        }
        prefixCount = 0;
    }

    /** The number of the distinct term {@code term[0, length)} with {@code hash}, added if new. */
    int distinct(char[] term, int length, int hash) {
        int mask = termSlots.length - 1;
        for (int slot = mixed(hash) & mask; ; slot = slot + 1 & mask) {
            int t = termSlots[slot] - 1;
            if (t < 0) {
                return addTerm(term, length, hash, slot);
            }
            if (termHash[t] == hash && termLength[t] == length && sameChars(termStart[t], term, length)) {
                return t;
            }
        }
    }

    private boolean sameChars(int at, char[] term, int length) {
        // a plain loop: terms are short, and the intrinsic's call costs more than it saves on them
        for (int i = 0; i < length; i++) {
            if (termChars[at + i] != term[i]) {
                return false;
            }
        }
        return true;
    }

    /** Adds a distinct term in the empty {@code slot}, with the starts of it that some prefix may equal. */
    private int addTerm(char[] term, int length, int hash, int slot) {
        int t = distinctCount;
        if (2 * (t + 1) > termSlots.length) {
            growTerms();
            int mask = termSlots.length - 1;
            for (slot = mixed(hash) & mask; termSlots[slot] != 0; slot = slot + 1 & mask) {
                // probe to the first empty slot of the bigger table
            }
        }
        if (t == termStart.length) {
            int capacity = 2 * t;
            termStart = Arrays.copyOf(termStart, capacity);
            termLength = Arrays.copyOf(termLength, capacity);
            termHash = Arrays.copyOf(termHash, capacity);
            termId = Arrays.copyOf(termId, capacity);
            prefixFrom = Arrays.copyOf(prefixFrom, capacity);
            prefixTo = Arrays.copyOf(prefixTo, capacity);
        }
        termSlots[slot] = t + 1;
        distinctCount = t + 1;
        if (termCharsSize + length > termChars.length) {
            termChars = Arrays.copyOf(termChars, Math.max(termCharsSize + length, termChars.length * 2));
        }
        int at = termCharsSize;
        System.arraycopy(term, 0, termChars, at, length);
        termCharsSize = at + length;
        termStart[t] = at;
        termLength[t] = length;
        termHash[t] = hash;
        prefixFrom[t] = prefixCount;
        if (length >= QueryParser.MIN_PREFIX && keys.mayStartPrefix(term)) {
            int gated = Math.min(length, maxPrefix);
            int h = 0;
            for (int i = 0; i < gated; i++) {
                h = 31 * h + term[i];
                if (i + 1 >= QueryParser.MIN_PREFIX && keys.mayBePrefix(i + 1, h)) {
                    prefixCandidate(at, i + 1, h);
                }
            }
        }
        prefixTo[t] = prefixCount;
        return t;
    }

    private void growTerms() {
        int[] slots = new int[termSlots.length * 2];
        int mask = slots.length - 1;
        for (int t = 0; t < distinctCount; t++) {
            int slot = mixed(termHash[t]) & mask;
            while (slots[slot] != 0) {
                slot = slot + 1 & mask;
            }
            slots[slot] = t + 1;
        }
        termSlots = slots;
    }

    private static int mixed(int hash) {
        int h = hash * 0x9E3779B9;
        return h ^ h >>> 16;
    }

    /** Keeps {@code termChars[start, start + length)}, the start of a distinct term, for lookup. */
    private void prefixCandidate(int start, int length, int hash) {
        if (prefixCount == prefixStart.length) {
            int capacity = prefixCount * 2;
            prefixStart = Arrays.copyOf(prefixStart, capacity);
            prefixLength = Arrays.copyOf(prefixLength, capacity);
            prefixHash = Arrays.copyOf(prefixHash, capacity);
            prefixId = Arrays.copyOf(prefixId, capacity);
        }
        prefixStart[prefixCount] = start;
        prefixLength[prefixCount] = length;
        prefixHash[prefixCount] = hash;
        prefixCount++;
    }

    /**
     * Looks up every distinct term among the exact keys, and the prefix candidates among the prefixes, all at once
     * (see {@link KeyTable}); an id the document may not see yet becomes -1.
     *
     * @return the key table's cache-warming sum, to be kept alive
     */
    long lookUp() {
        long warmed = 0;
        int needed = Math.max(prefixCount, distinctCount);
        if (lookupScratch.length < needed) {
            lookupScratch = new long[Math.max(needed, 2 * lookupScratch.length)];
        }
        if (prefixCount > 0) {
            warmed += keys.findPrefixes(termChars, prefixStart, prefixLength, prefixHash, prefixCount, prefixId,
                    lookupScratch);
            for (int i = 0; i < prefixCount; i++) {
                if (prefixId[i] >= limit) {
                    prefixId[i] = NONE;
                }
            }
        }
        warmed += keys.findExact(termChars, termStart, termLength, termHash, distinctCount, termId, lookupScratch);
        for (int t = 0; t < distinctCount; t++) {
            if (termId[t] >= limit) {
                termId[t] = NONE;
            }
        }
        return warmed;
    }

    /** Gives back memory that one very large document made this scratch hold. */
    void trim(int retained) {
        if (termStart.length > retained) {
            termStart = new int[512];
            termLength = new int[512];
            termHash = new int[512];
            termId = new int[512];
            prefixFrom = new int[512];
            prefixTo = new int[512];
            lookupScratch = new long[512];
            termSlots = new int[1024];
            distinctCount = 0;
        }
        if (prefixStart.length > retained) {
            prefixStart = new int[256];
            prefixLength = new int[256];
            prefixHash = new int[256];
            prefixId = new int[256];
        }
        if (termChars.length > 8 * retained) {
            termChars = new char[8192];
        }
    }
}
