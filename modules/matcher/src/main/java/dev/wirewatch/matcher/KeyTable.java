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

    /**
     * Open addressing: each slot packs {@code hash << 32 | at + 1}, 0 when empty, where {@code at} is where the key
     * is in its dictionary's pool; published by volatile writes.
     */
    private static final class Table {
        final AtomicLongArray slots;
        final int mask;
        int used;

        Table(int capacity) {
            slots = new AtomicLongArray(capacity);
            mask = capacity - 1;
        }
    }

    /** Characters of a key's entry in a pool before the key itself: its id and its length, two each. */
    private static final int ENTRY_HEADER = 4;

    /**
     * The exact keys or the prefixes: a hash table and the pool of their characters. The pool holds every key with
     * its id and length, one after the other, so that checking a slot's key reads one place and the next
     * characters: {@code id >>> 16, id & 0xFFFF, length >>> 16, length & 0xFFFF, chars...}. An entry is written
     * before the slot that points to it; a bigger pool is a copy, so any pool a reader sees after a slot holds its
     * key. Each kind has its own pool, so that the few prefixes that many words look up stay close together.
     */
    private static final class Dictionary {
        volatile Table table;
        volatile char[] pool = new char[1 << 12];
        int poolSize;

        Dictionary(int capacity) {
            table = new Table(capacity);
        }

        /** Writes the entry of key {@code id} at the end of the pool; returns where it starts. */
        int append(int id, char[] chars) {
            int at = poolSize;
            int end = at + ENTRY_HEADER + chars.length;
            char[] current = pool;
            if (end > current.length) {
                current = Arrays.copyOf(current, Math.max(end, current.length * 2));
            }
            current[at] = (char) (id >>> 16);
            current[at + 1] = (char) id;
            current[at + 2] = (char) (chars.length >>> 16);
            current[at + 3] = (char) chars.length;
            System.arraycopy(chars, 0, current, at + ENTRY_HEADER, chars.length);
            // a volatile write after the characters: a reader that reads the pool sees them
            pool = current;
            poolSize = end;
            return at;
        }
    }

    private final Dictionary exact = new Dictionary(1 << 12);
    private final Dictionary prefixes = new Dictionary(1 << 8);

    /**
     * A Bloom filter over (prefix length, prefix hash) of every registered prefix: a token asks the prefix table
     * only about its prefixes whose bit is set, so most tokens never touch the table. 2^18 bits: 32 KiB, so that it
     * stays in a near cache; a false positive costs one lookup in the prefix table.
     */
    private static final int PREFIX_BLOOM_BITS = 18;
    private final AtomicLongArray prefixBloom = new AtomicLongArray(1 << PREFIX_BLOOM_BITS - 6);
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
        return find(exact, key, 0, length, hash);
    }

    /**
     * Looks up many exact keys at once: term {@code i < count} is {@code chars[starts[i], starts[i] + lengths[i])}
     * with {@code hashes[i]}, or nothing when its length is negative; its id, or -1, goes to {@code ids[i]}.
     *
     * <p>Same result as one {@link #findExact} per term, but faster on a big table: first every slot and key entry
     * that the lookups will read is loaded, in loops whose iterations do not depend on each other, so that their
     * cache misses overlap rather than follow one another; the lookups then find them in cache. The returned value
     * only keeps those loads from being optimised away: store it somewhere.
     */
    long findExact(char[] chars, int[] starts, int[] lengths, int[] hashes, int count, int[] ids, long[] scratch) {
        return findAll(exact, chars, starts, lengths, hashes, count, ids, scratch);
    }

    /** {@link #findExact(char[], int[], int[], int[], int, int[], long[])} for prefixes: each term is a prefix. */
    long findPrefixes(char[] chars, int[] starts, int[] lengths, int[] hashes, int count, int[] ids, long[] scratch) {
        return findAll(prefixes, chars, starts, lengths, hashes, count, ids, scratch);
    }

    private static long findAll(Dictionary dictionary, char[] chars, int[] starts, int[] lengths, int[] hashes,
            int count, int[] ids, long[] scratch) {
        Table table = dictionary.table;
        AtomicLongArray slots = table.slots;
        int mask = table.mask;
        for (int i = 0; i < count; i++) {
            scratch[i] = slots.getPlain(mix(hashes[i]) & mask);
        }
        char[] keys = dictionary.pool;
        long touched = 0;
        for (int i = 0; i < count; i++) {
            long entry = scratch[i];
            // an entry of an older pool may lie beyond this one: then touch nothing
            int at = entry != 0 && (int) (entry >>> 32) == hashes[i] ? (int) entry - 1 : 0;
            touched += keys[at < keys.length ? at : 0];
        }
        for (int i = 0; i < count; i++) {
            int length = lengths[i];
            ids[i] = length < 0 ? -1 : find(dictionary, chars, starts[i], length, hashes[i]);
        }
        return touched;
    }

    /**
     * Whether some prefix may start with the first {@link QueryParser#MIN_PREFIX} characters of {@code word} (which
     * has at least that many): false spares a word the lookups of all its prefixes.
     */
    boolean mayStartPrefix(char[] word) {
        int bit = startBit(word[0], word[1], word[2]);
        // plain reads suffice: a reader reads size() first, and the bits of every prefix below it were set before
        return (prefixStarts.getPlain(bit >>> 6) & 1L << bit) != 0;
    }

    private static int startBit(char a, char b, char c) {
        return mix((a * 31 + b) * 31 + c) >>> 32 - PREFIX_START_BITS;
    }

    /** False when no prefix of {@code length} characters has {@code hash}; true when one may. */
    boolean mayBePrefix(int length, int hash) {
        int bit = bloomBit(length, hash);
        return (prefixBloom.getPlain(bit >>> 6) & 1L << bit) != 0;
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
        Dictionary dictionary = prefix ? prefixes : exact;
        int found = find(dictionary, chars, 0, chars.length, hash);
        if (found >= 0) {
            return found;
        }
        int id = size;
        int at = dictionary.append(id, chars);
        Table table = dictionary.table;
        if ((table.used + 1) * 2 > table.slots.length()) {
            table = grow(table);
            dictionary.table = table;
        }
        insert(table, hash, at);
        size = id + 1;
        return id;
    }

    private static int find(Dictionary dictionary, char[] key, int from, int length, int hash) {
        Table table = dictionary.table;
        AtomicLongArray slots = table.slots;
        int mask = table.mask;
        for (int slot = mix(hash) & mask; ; slot = slot + 1 & mask) {
            // acquire: the pool read next holds the entry that was written before this slot
            long entry = slots.getAcquire(slot);
            if (entry == 0) {
                return -1;
            }
            if ((int) (entry >>> 32) == hash) {
                int id = idIfEqual(dictionary.pool, (int) entry - 1, key, from, length);
                if (id >= 0) {
                    return id;
                }
            }
        }
    }

    /** The id of the pool entry at {@code at} if its key is {@code key[from, from + length)}, else -1. */
    private static int idIfEqual(char[] pool, int at, char[] key, int from, int length) {
        if ((pool[at + 2] << 16 | pool[at + 3]) != length) {
            return -1;
        }
        // a plain loop: keys are short, and the intrinsic's call costs more than it saves on them
        for (int i = 0, p = at + ENTRY_HEADER; i < length; i++, p++) {
            if (pool[p] != key[from + i]) {
                return -1;
            }
        }
        return pool[at] << 16 | pool[at + 1];
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

    private static void insert(Table table, int hash, int at) {
        int slot = mix(hash) & table.mask;
        while (table.slots.get(slot) != 0) {
            slot = slot + 1 & table.mask;
        }
        table.slots.set(slot, (long) hash << 32 | (at + 1L) & 0xFFFFFFFFL);
        table.used++;
    }

    private static int bloomBit(int length, int hash) {
        return mix(hash + length * 0x61C88647) >>> 32 - PREFIX_BLOOM_BITS;
    }

    private static int mix(int hash) {
        int h = hash * 0x9E3779B9;
        return h ^ h >>> 16;
    }
}
