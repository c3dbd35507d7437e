package dev.wirewatch.matcher;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The dictionary of every term, prefix and metadata value that some query uses, each with a dense integer id.
 *
 * <p>Lookups take a {@code char[]} slice and its hash, so documents are matched without making a string per token.
 * Ids are never reused and entries never removed; one writer at a time adds (callers hold the matcher's write
 * lock), any number of readers look up without locking. An id is findable once it is below {@link #size()}.
 */
final class KeyTable {

    /** Metadata keys start with a character that no token contains. */
    static final char META = '\u0000';

    private record Entry(char[] key, int hash, int id) {
    }

    private static final class Table {
        final AtomicReferenceArray<Entry> slots;
        final int mask;
        int used;

        Table(int capacity) {
            slots = new AtomicReferenceArray<>(capacity);
            mask = capacity - 1;
        }
    }

    private volatile Table exact = new Table(1 << 12);
    private volatile Table prefixes = new Table(1 << 8);
    /** One bit per hash of a prefix's first three characters: most tokens skip the prefix table at once. */
    private final AtomicLongArray prefixHeads = new AtomicLongArray(1 << 10);
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

    /** The id of the prefix {@code key[0, length)} with {@code hash}, or -1. */
    int findPrefix(char[] key, int length, int hash) {
        return find(prefixes, key, length, hash);
    }

    /** Whether some prefix may start with the three characters whose running hash is {@code hash3}. */
    boolean mayStartPrefix(int hash3) {
        int bit = mix(hash3) & 0xFFFF;
        return (prefixHeads.get(bit >>> 6) & 1L << bit) != 0;
    }

    /** The id of {@code key}, added if new. Callers hold the matcher's write lock. */
    int internExact(String key) {
        return intern(key, false);
    }

    /** The id of the prefix {@code key}, added if new. Callers hold the matcher's write lock. */
    int internPrefix(String key) {
        int id = intern(key, true);
        int bit = mix(hash(key.subSequence(0, 3))) & 0xFFFF;
        prefixHeads.getAndAccumulate(bit >>> 6, 1L << bit, (a, b) -> a | b);
        if (key.length() > maxPrefixLength) {
            maxPrefixLength = key.length();
        }
        return id;
    }

    private int intern(String key, boolean prefix) {
        char[] chars = key.toCharArray();
        int hash = hash(key);
        Table table = prefix ? prefixes : exact;
        int found = find(table, chars, chars.length, hash);
        if (found >= 0) {
            return found;
        }
        if ((table.used + 1) * 2 > table.slots.length()) {
            table = grow(table);
            if (prefix) {
                prefixes = table;
            } else {
                exact = table;
            }
        }
        int id = size;
        insert(table, new Entry(chars, hash, id));
        size = id + 1;
        return id;
    }

    private static int find(Table table, char[] key, int length, int hash) {
        AtomicReferenceArray<Entry> slots = table.slots;
        int mask = table.mask;
        for (int slot = mix(hash) & mask; ; slot = slot + 1 & mask) {
            Entry entry = slots.get(slot);
            if (entry == null) {
                return -1;
            }
            if (entry.hash == hash && equal(entry.key, key, length)) {
                return entry.id;
            }
        }
    }

    private static boolean equal(char[] stored, char[] key, int length) {
        if (stored.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (stored[i] != key[i]) {
                return false;
            }
        }
        return true;
    }

    private static Table grow(Table table) {
        Table bigger = new Table(table.slots.length() * 2);
        for (int i = 0; i < table.slots.length(); i++) {
            Entry entry = table.slots.get(i);
            if (entry != null) {
                insert(bigger, entry);
            }
        }
        return bigger;
    }

    private static void insert(Table table, Entry entry) {
        int slot = mix(entry.hash) & table.mask;
        while (table.slots.get(slot) != null) {
            slot = slot + 1 & table.mask;
        }
        table.slots.set(slot, entry);
        table.used++;
    }

    private static int mix(int hash) {
        int h = hash * 0x9E3779B9;
        return h ^ h >>> 16;
    }
}
