package dev.wirewatch.tagger;

import java.util.OptionalLong;

/**
 * 64-bit SimHash fingerprints (Charikar) of an article's body, so that near-duplicate texts get fingerprints a few
 * bits apart.
 *
 * <p>The features are word shingles: every run of {@value #SHINGLE_WORDS} consecutive words, lower-cased, each hashed
 * to 64 bits. A small edit changes only the shingles that contain the edited words. The headline is left out:
 * syndicated copies keep the wire's body but often rewrite the headline. Texts with fewer than
 * {@value #MIN_SHINGLES} shingles get no fingerprint: a line or two says too little to tell a copy from a
 * coincidence.
 *
 * <p>Why two-word shingles: on the 1,082 distinct long items of the shared Spanish news corpus ({@code
 * SimHashCorpusTest}), with the default distance of 3 bits, a one-word edit stays in its story 94% of the time, a
 * three-word edit 68% and an appended credit line 84%, and no two unrelated items come within 3 bits; three-word
 * shingles did clearly worse on the same edits (83%, 50%, 85%). Single words would be steadier still, but put
 * unrelated texts of one language within 3 bits of each other (shared function words). Larger edits are what the
 * article id is for: a re-published article keeps its story whatever changed.
 */
final class SimHash {

    static final int SHINGLE_WORDS = 2;
    static final int MIN_SHINGLES = 20;

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    /** What the general case makes of each char from U+0080 to U+00FF: its lower case if a letter or digit, else -1. */
    private static final int[] LATIN1 = latin1();

    private SimHash() {
    }

    private static int[] latin1() {
        int[] folded = new int[0x80];
        for (int c = 0x80; c < 0x100; c++) {
            folded[c - 0x80] = Character.isLetterOrDigit(c) ? Character.toLowerCase(c) : -1;
        }
        return folded;
    }

    /** The fingerprint of a text, or empty when it holds too few words. */
    static OptionalLong fingerprint(String text) {
        Accumulator acc = new Accumulator();
        words(text, acc);
        return acc.shingles < MIN_SHINGLES ? OptionalLong.empty() : OptionalLong.of(acc.fingerprint());
    }

    /** The number of bits in which two fingerprints differ. */
    static int distance(long a, long b) {
        return Long.bitCount(a ^ b);
    }

    private static void words(String text, Accumulator acc) {
        if (text == null) {
            return;
        }
        long hash = FNV_OFFSET;
        boolean inWord = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.charAt(i);
            int folded;
            if (cp < 0x80) {
                // ASCII, the bulk of most texts: no table look-ups
                boolean upper = cp >= 'A' && cp <= 'Z';
                folded = upper ? cp + 32 : (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') ? cp : -1;
                i++;
            } else if (cp < 0x100) {
                // the rest of Latin-1 (accented letters of most European news) by table too
                folded = LATIN1[cp - 0x80];
                i++;
            } else {
                cp = text.codePointAt(i);
                i += Character.charCount(cp);
                folded = Character.isLetterOrDigit(cp) ? Character.toLowerCase(cp) : -1;
            }
            if (folded >= 0) {
                hash = (hash ^ folded) * FNV_PRIME;
                inWord = true;
            } else if (inWord) {
                acc.word(hash);
                hash = FNV_OFFSET;
                inWord = false;
            }
        }
        if (inWord) {
            acc.word(hash);
        }
    }

    /**
     * Rolls the last words into shingles and counts, for each of the 64 bits, the shingles that have it set.
     *
     * <p>The counts are kept eight at a time in the bytes of eight longs (lane {@code j} holds bits {@code j, j + 8,
     * ..., j + 56}), so a shingle costs eight additions instead of sixty-four; lanes are emptied into the totals
     * before a byte could overflow.
     */
    private static final class Accumulator {
        private static final long LOW_BITS = 0x0101010101010101L;
        private static final int LANE_CAPACITY = 255;

        private final long[] lanes = new long[8];
        private final int[] ones = new int[64];
        private int inLanes;
        private long previous;
        private int words;
        private int shingles;

        void word(long hash) {
            words++;
            if (words >= SHINGLE_WORDS) {
                add(mix(previous ^ Long.rotateLeft(hash, 29)));
            }
            previous = hash;
        }

        private void add(long shingle) {
            shingles++;
            for (int j = 0; j < 8; j++) {
                lanes[j] += (shingle >>> j) & LOW_BITS;
            }
            if (++inLanes == LANE_CAPACITY) {
                flush();
            }
        }

        private void flush() {
            for (int j = 0; j < 8; j++) {
                long lane = lanes[j];
                for (int k = 0; k < 8; k++) {
                    ones[8 * k + j] += (int) ((lane >>> (8 * k)) & 0xFF);
                }
                lanes[j] = 0;
            }
            inLanes = 0;
        }

        /** A bit is set when more than half of the shingles have it set (the sign of the summed +1/-1 weights). */
        long fingerprint() {
            flush();
            long fp = 0;
            for (int bit = 0; bit < 64; bit++) {
                if (2 * ones[bit] > shingles) {
                    fp |= 1L << bit;
                }
            }
            return fp;
        }
    }

    /** The SplitMix64 finalizer: spreads every input bit over the whole output. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
