package dev.wirewatch.matcher;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The dictionary of every term, prefix and metadata value that some query uses, each with a dense integer id.
 *
 * <p>Lookups take a {@code char[]} slice and its hash, so documents are matched without making a string per token,
 * and cost one memory access for a word no query uses. Ids are never reused and entries never removed; one writer
 * at a time adds (callers hold the matcher's write lock), any number of readers look up without locking. An id is
 * findable once it is below {@link #size()}.
 */
final class KeyTable {

    /** Metadata keys start with a character that no token contains. */
    static final char META = '\u0000';

    /** Open addressing: each slot packs {@code hash << 32 | id + 1}, 0 when empty; published by volatile writes. */
    private static final class Table {
        final AtomicLongArray slots;
        final int mask;
        int used;

        Table(int capacity) {
            slots = new AtomicLongArray(capacity);
            mask = capacity - 1;
        }
    }

    private volatile Table exact = new Table(1 << 12);
    private volatile Table prefixes = new Table(1 << 8);
    /** The characters of each key by id; written before the slot that points to it. */
    private volatile char[][] keys = new char[1 << 12][];
    /**
     * A Bloom filter over (prefix length, prefix hash) of every registered prefix: a token asks the prefix table
     * only about its prefixes whose bit is set, so most tokens never touch the table.
     */
    private final AtomicLongArray prefixBloom = new AtomicLongArray(1 << 15);
    /** One bit per hash of a prefix's first three characters: 8 KiB, so that it stays in the nearest cache. */
    private static final int PREFIX_START_BITS = 16;
    private final AtomicLongArray prefixStarts = new AtomicLongArray(1 << PREFIX_START_BITS - 6);
    private volatile int maxPrefixLength;
    private volatile int size;

    /** Ids below this are all findable. */
    int size() {
        return size;
    }

    /** The longest registered prefix, 0 when there is none. */
    int maxPrefixLength() {
        return maxPrefixLength;
    }

    /** The hash that lookups expect: {@code h = 31 * h + c} over the characters. */
    static int hash(CharSequence key) {
        int h = 0;
        for (int i = 0; i < key.length(); i++) {
            h = 31 * h + key.charAt(i);
        }
        return h;
    }

    /** The id of the exact key {@code key[0, length)} with {@code hash}, or -1. */
    int findExact(char[] key, int length, int hash) {
        return find(exact, key, length, hash);
    }

    /**
     * Whether some prefix may start with the first {@link QueryParser#MIN_PREFIX} characters of {@code word} (which
     * has at least that many): false spares a word the lookups of all its prefixes.
     */
    boolean mayStartPrefix(char[] word) {
        int bit = startBit(word[0], word[1], word[2]);
        return (prefixStarts.get(bit >>> 6) & 1L << bit) != 0;
    }

    private static int startBit(char a, char b, char c) {
        return mix((a * 31 + b) * 31 + c) >>> 32 - PREFIX_START_BITS;
    }

    /** The id of the prefix {@code key[0, length)} with {@code hash}, or -1. */
    int findPrefix(char[] key, int length, int hash) {
        int bit = bloomBit(length, hash);
        if ((prefixBloom.get(bit >>> 6) & 1L << bit) == 0) {
            return -1;
        }
        return find(prefixes, key, length, hash);
    }

    /** The id of {@code key}, added if new. Callers hold the matcher's write lock. */
    int internExact(String key) {
        return intern(key, false);
    }

    /** The id of the prefix {@code key}, added if new. Callers hold the matcher's write lock. */
    int internPrefix(String key) {
        // before the id is published: a reader that sees the new size must find the prefix (documents cache lookups)
        int bit = bloomBit(key.length(), hash(key));
        prefixBloom.getAndAccumulate(bit >>> 6, 1L << bit, (x, y) -> x | y);
        int start = startBit(key.charAt(0), key.charAt(1), key.charAt(2));
        prefixStarts.getAndAccumulate(start >>> 6, 1L << start, (x, y) -> x | y);
        if (key.length() > maxPrefixLength) {
            maxPrefixLength = key.length();
        }
        return intern(key, true);
    }

    private int intern(String key, boolean prefix) {
        char[] chars = key.toCharArray();
        int hash = hash(key);
        Table table = prefix ? prefixes : exact;
        int found = find(table, chars, chars.length, hash);
        if (found >= 0) {
            return found;
        }
        int id = size;
        if (id == keys.length) {
            keys = Arrays.copyOf(keys, id * 2);
        }
        keys[id] = chars;
        if ((table.used + 1) * 2 > table.slots.length()) {
            table = grow(table);
            if (prefix) {
                prefixes = table;
            } else {
                exact = table;
            }
        }
        insert(table, hash, id);
        size = id + 1;
        return id;
    }

    private int find(Table table, char[] key, int length, int hash) {
        AtomicLongArray slots = table.slots;
        int mask = table.mask;
        for (int slot = mix(hash) & mask; ; slot = slot + 1 & mask) {
            long entry = slots.get(slot);
            if (entry == 0) {
                return -1;
            }
            if ((int) (entry >>> 32) == hash) {
                int id = (int) entry - 1;
                if (equal(keys[id], key, length)) {
                    return id;
                }
            }
        }
    }

    private static boolean equal(char[] stored, char[] key, int length) {
        return stored.length == length && Arrays.equals(stored, 0, length, key, 0, length);
    }

    private static Table grow(Table table) {
        Table bigger = new Table(table.slots.length() * 2);
        for (int i = 0; i < table.slots.length(); i++) {
            long entry = table.slots.get(i);
            if (entry != 0) {
                insert(bigger, (int) (entry >>> 32), (int) entry - 1);
            }
        }
        return bigger;
    }

    private static void insert(Table table, int hash, int id) {
        int slot = mix(hash) & table.mask;
        while (table.slots.get(slot) != 0) {
            slot = slot + 1 & table.mask;
        }
        table.slots.set(slot, (long) hash << 32 | (id + 1L) & 0xFFFFFFFFL);
        table.used++;
    }

    private static int bloomBit(int length, int hash) {
        return mix(hash + length * 0x61C88647) >>> 11;
    }

    private static int mix(int hash) {
        int h = hash * 0x9E3779B9;
        return h ^ h >>> 16;
    }
}
