package dev.wirewatch.tagger;

import java.util.ArrayList;
import java.util.List;

/**
 * The permuted tables of Manku, Jain and Das Sarma ("Detecting Near-Duplicates for Web Crawling", WWW 2007), which
 * find every stored 64-bit fingerprint within a Hamming distance {@code k} of a new one without comparing it to all.
 *
 * <p>The 64 bits are split into {@code b = k + l} blocks. Two fingerprints at most {@code k} bits apart agree exactly
 * on at least {@code l} of the blocks (pigeonhole), so there is one table per choice of {@code l} leading blocks, and
 * each stores every fingerprint permuted to start with its leading blocks. A lookup reads, in each table, only the
 * stored fingerprints that share the new one's leading bits: one ordered range scan per table. {@code l} is the
 * smallest number that gives at least 16 leading bits, so that with {@code N} fingerprints stored a lookup reads
 * about {@code tables × N / 2^16} candidates at most:
 *
 * <table>
 * <caption>tables per maximum distance</caption>
 * <tr><th>k</th><th>blocks</th><th>leading</th><th>tables</th><th>leading bits</th></tr>
 * <tr><td>3</td><td>4</td><td>1</td><td>4</td><td>16</td></tr>
 * <tr><td>4</td><td>6</td><td>2</td><td>15</td><td>21</td></tr>
 * <tr><td>5</td><td>7</td><td>2</td><td>21</td><td>18</td></tr>
 * <tr><td>6</td><td>8</td><td>2</td><td>28</td><td>16</td></tr>
 * </table>
 *
 * <p>Hamming distance does not change under a permutation of bits, so candidates are compared in permuted form.
 */
final class FingerprintTables {

    /** The largest supported distance: beyond it the number of tables grows past what a lookup should cost. */
    static final int MAX_DISTANCE = 6;
    private static final int MIN_LEADING_BITS = 16;

    private final int maxDistance;
    private final int[] blockStart;
    private final int[] blockLength;
    /** Per table, the order of the blocks: its leading blocks first, then the others, each group in natural order. */
    private final int[][] order;
    private final int[] prefixBits;

    FingerprintTables(int maxDistance) {
        if (maxDistance < 0 || maxDistance > MAX_DISTANCE) {
            throw new IllegalArgumentException("maxDistance must be between 0 and " + MAX_DISTANCE + ", got " + maxDistance);
        }
        this.maxDistance = maxDistance;
        int leading = 1;
        while (64 * leading / (maxDistance + leading) < MIN_LEADING_BITS && maxDistance > 0) {
            leading++;
        }
        int blocks = maxDistance + leading;
        blockStart = new int[blocks];
        blockLength = new int[blocks];
        int start = 0;
        for (int b = 0; b < blocks; b++) {
            blockLength[b] = 64 / blocks + (b < 64 % blocks ? 1 : 0);
            blockStart[b] = start;
            start += blockLength[b];
        }
        List<int[]> orders = new ArrayList<>();
        combinations(blocks, leading, 0, new int[leading], 0, orders);
        order = orders.toArray(int[][]::new);
        prefixBits = new int[order.length];
        for (int t = 0; t < order.length; t++) {
            for (int i = 0; i < leading; i++) {
                prefixBits[t] += blockLength[order[t][i]];
            }
        }
    }

    /** Adds, for every choice of {@code leading} blocks, the block order that puts them first. */
    private static void combinations(int blocks, int leading, int from, int[] chosen, int count, List<int[]> out) {
        if (count == leading) {
            int[] blockOrder = new int[blocks];
            boolean[] isLeading = new boolean[blocks];
            int i = 0;
            for (int b : chosen) {
                blockOrder[i++] = b;
                isLeading[b] = true;
            }
            for (int b = 0; b < blocks; b++) {
                if (!isLeading[b]) {
                    blockOrder[i++] = b;
                }
            }
            out.add(blockOrder);
            return;
        }
        for (int b = from; b < blocks; b++) {
            chosen[count] = b;
            combinations(blocks, leading, b + 1, chosen, count + 1, out);
        }
    }

    int maxDistance() {
        return maxDistance;
    }

    int tables() {
        return order.length;
    }

    /** How many leading bits of table {@code t}'s permuted fingerprint a candidate must share. */
    int prefixBits(int table) {
        return prefixBits[table];
    }

    /** The fingerprint with its blocks in table {@code t}'s order. */
    long permute(int table, long fingerprint) {
        long out = 0;
        for (int block : order[table]) {
            int length = blockLength[block];
            if (length == 64) {
                return fingerprint;
            }
            out = (out << length) | ((fingerprint << blockStart[block]) >>> (64 - length));
        }
        return out;
    }

    /** The smallest permuted value that shares the leading bits of {@code permuted}. */
    long rangeStart(int table, long permuted) {
        int bits = prefixBits(table);
        return bits == 64 ? permuted : permuted & ~(-1L >>> bits);
    }

    /** The largest permuted value that shares the leading bits of {@code permuted}. */
    long rangeEnd(int table, long permuted) {
        int bits = prefixBits(table);
        return bits == 64 ? permuted : permuted | (-1L >>> bits);
    }
}
