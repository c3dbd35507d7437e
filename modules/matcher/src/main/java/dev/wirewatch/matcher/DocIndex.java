package dev.wirewatch.matcher;

import java.util.Arrays;
import java.util.List;

/**
 * One analysed document as the compiled queries read it: the positions of every query key it contains.
 *
 * <p>Title and body share one position space, title first, with a separator position between them that holds
 * no term, so a phrase can never run from one field into the other. Only keys in the {@link KeyTable} are
 * recorded: other words keep their positions but cost nothing more. An instance is scratch space for one thread
 * at a time and is reused from document to document.
 */
final class DocIndex implements TextAnalyzer.TokenSink {

    private static final int NONE = -1;
    /** Scratch above this many tokens is dropped after use rather than kept for the next document. */
    private static final int RETAINED_TOKENS = 1 << 16;

    final TextAnalyzer analyzer = new TextAnalyzer();
    final SpanBuffer left = new SpanBuffer();
    final SpanBuffer right = new SpanBuffer();

    private KeyTable keys;
    private int limit;
    private int maxPrefix;

    /** Tokens: positions {@code [0, titleLength)} are the title, {@code titleLength} the separator, then the body. */
    private int size;
    private int titleLength;
    private int[] termAt = new int[1024];
    private int[] startOffset = new int[1024];
    private int[] endOffset = new int[1024];

    private int[] eventKey = new int[1024];
    private int[] eventPosition = new int[1024];
    private int events;

    /**
     * Bit k: the document contains key k. A bit set rather than a mark per key, so that the many checks
     * for keys that a document lacks read a few kilobytes that stay in the nearest cache.
     */
    private long[] present = new long[0];
    /** The keys this document contains, in order of first occurrence: key {@code touched[i]} is local key i. */
    private int[] touched = new int[256];
    /**
     * Per local key i: {@code [2i]} its number of positions, {@code [2i+1]} where they start in {@link #postings}.
     * Indexed by local key rather than by key, so that it stays small and in cache however many keys exist.
     */
    private int[] localData = new int[512];
    /** Open addressing from key to local key: each slot holds a local key + 1, or 0 when empty. */
    private int[] localTable = new int[1024];
    private int touchedCount;
    private int[] postings = new int[1024];

    private int[] metaKeys = new int[8];
    private int metaCount;

    /** Bit s: the topic in slot s matched this document. */
    private long[] matchedSlots = new long[0];
    private int candidateCount;

    /** Indexes {@code document} against the keys known now; the previous document is forgotten. */
    void index(KeyTable keys, Document document) {
        this.keys = keys;
        for (int i = 0; i < touchedCount; i++) {
            present[touched[i] >>> 6] = 0;
        }
        for (int i = 0; i < metaCount; i++) {
            present[metaKeys[i] >>> 6] = 0;
        }
        Arrays.fill(matchedSlots, 0);
        if (touchedCount > 0) {
            Arrays.fill(localTable, 0);
        }
        limit = keys.size();
        maxPrefix = keys.maxPrefixLength();
        if (present.length * 64 < limit) {
            int capacity = Math.max(limit + (limit >> 2), 1024) + 63 & -64;
            present = Arrays.copyOf(present, capacity / 64);
        }
        size = 0;
        events = 0;
        touchedCount = 0;
        metaCount = 0;
        candidateCount = 0;
        analyzer.analyze(document.title(), this);
        titleLength = size;
        ensureTokens(size + 1);
        termAt[size] = NONE;
        startOffset[size] = 0;
        endOffset[size] = 0;
        size++;
        analyzer.analyze(document.body(), this);
        indexMetadata(KeyTable.META + "lang:", Metadata.documentLanguages(document.language()));
        indexMetadata(KeyTable.META + "source:", Metadata.documentSources(document.source()));
        buildPostings();
    }

    /** Gives back memory that one very large document made this scratch hold. */
    void trim() {
        if (termAt.length > RETAINED_TOKENS) {
            termAt = new int[1024];
            startOffset = new int[1024];
            endOffset = new int[1024];
        }
        if (localTable.length > 4 * RETAINED_TOKENS) {
            // the next document clears the table: a smaller one is as good
            localTable = new int[1024];
            localData = new int[512];
        }
        if (eventKey.length > 4 * RETAINED_TOKENS) {
            eventKey = new int[1024];
            eventPosition = new int[1024];
            postings = new int[1024];
        }
    }

    @Override
    public void token(char[] term, int length, int start, int end) {
        int position = size;
        ensureTokens(position + 1);
        startOffset[position] = start;
        endOffset[position] = end;
        int hash = 0;
        int i = 0;
        int gated = length >= QueryParser.MIN_PREFIX && keys.mayStartPrefix(term) ? Math.min(length, maxPrefix) : 0;
        for (; i < gated; i++) {
            hash = 31 * hash + term[i];
            if (i + 1 >= QueryParser.MIN_PREFIX) {
                int id = keys.findPrefix(term, i + 1, hash);
                if (id >= 0 && id < limit) {
                    event(id, position);
                }
            }
        }
        for (; i < length; i++) {
            hash = 31 * hash + term[i];
        }
        int id = keys.findExact(term, length, hash);
        if (id >= 0 && id < limit) {
            termAt[position] = id;
            event(id, position);
        } else {
            termAt[position] = NONE;
        }
        size = position + 1;
    }

    private void indexMetadata(String prefix, List<String> values) {
        for (String value : values) {
            String key = prefix + value;
            char[] chars = key.toCharArray();
            int id = keys.findExact(chars, chars.length, KeyTable.hash(key));
            if (id >= 0 && id < limit) {
                // stamped so that has(id) sees it; metadata keys have no positions and are not in touched
                present[id >>> 6] |= 1L << id;
                if (metaCount == metaKeys.length) {
                    metaKeys = Arrays.copyOf(metaKeys, metaCount * 2);
                }
                metaKeys[metaCount++] = id;
            }
        }
    }

    private void event(int key, int position) {
        int local;
        if ((present[key >>> 6] & 1L << key) == 0) {
            present[key >>> 6] |= 1L << key;
            local = addLocal(key);
        } else {
            local = local(key);
        }
        localData[2 * local]++;
        if (events == eventKey.length) {
            eventKey = Arrays.copyOf(eventKey, events * 2);
            eventPosition = Arrays.copyOf(eventPosition, events * 2);
        }
        eventKey[events] = local;
        eventPosition[events] = position;
        events++;
    }

    private void buildPostings() {
        int total = 0;
        for (int i = 0; i < touchedCount; i++) {
            localData[2 * i + 1] = total;
            total += localData[2 * i];
            localData[2 * i] = 0;
        }
        if (postings.length < total) {
            postings = new int[Math.max(total, postings.length * 2)];
        }
        for (int i = 0; i < events; i++) {
            int at = 2 * eventKey[i];
            postings[localData[at + 1] + localData[at]++] = eventPosition[i];
        }
    }

    /** Makes {@code key} the next local key, with no positions yet; returns its local number. */
    private int addLocal(int key) {
        int local = touchedCount++;
        if (local == touched.length) {
            touched = Arrays.copyOf(touched, local * 2);
        }
        if (2 * local + 1 >= localData.length) {
            localData = Arrays.copyOf(localData, Math.max(localData.length * 2, 2 * local + 2));
        }
        touched[local] = key;
        localData[2 * local] = 0;
        if (2 * touchedCount > localTable.length) {
            localTable = new int[localTable.length * 2];
            for (int i = 0; i < local; i++) {
                insertLocal(touched[i], i);
            }
        }
        insertLocal(key, local);
        return local;
    }

    private void insertLocal(int key, int local) {
        int mask = localTable.length - 1;
        int slot = mixKey(key) & mask;
        while (localTable[slot] != 0) {
            slot = slot + 1 & mask;
        }
        localTable[slot] = local + 1;
    }

    /** The local number of a key this document contains as text, or -1. */
    private int local(int key) {
        int mask = localTable.length - 1;
        for (int slot = mixKey(key) & mask; ; slot = slot + 1 & mask) {
            int entry = localTable[slot];
            if (entry == 0) {
                return -1;
            }
            if (touched[entry - 1] == key) {
                return entry - 1;
            }
        }
    }

    private static int mixKey(int key) {
        int h = key * 0x9E3779B9;
        return h ^ h >>> 16;
    }

    private void ensureTokens(int needed) {
        if (needed > termAt.length) {
            int capacity = Math.max(needed, termAt.length * 2);
            termAt = Arrays.copyOf(termAt, capacity);
            startOffset = Arrays.copyOf(startOffset, capacity);
            endOffset = Arrays.copyOf(endOffset, capacity);
        }
    }

    // ---- reads, for compiled queries ----

    /** Whether the document contains {@code key} anywhere, text or metadata. */
    boolean has(int key) {
        return key < limit && (present[key >>> 6] & 1L << key) != 0;
    }

    /** Whether the document contains {@code key} in one of {@code fields}. */
    boolean has(int key, int fields) {
        if (key >= limit || (present[key >>> 6] & 1L << key) == 0) {
            return false;
        }
        return switch (fields) {
            case Node.TITLE -> postings[localData[2 * local(key) + 1]] < titleLength;
            case Node.BODY -> {
                int at = 2 * local(key);
                yield postings[localData[at + 1] + localData[at] - 1] > titleLength;
            }
            default -> true;
        };
    }

    /** How many times {@code key} occurs; only valid when {@link #has(int)}. */
    int count(int key) {
        int local = local(key);
        return local < 0 ? 0 : localData[2 * local];
    }

    /** The {@code i}-th position of {@code key}, ascending; only valid when {@link #has(int)}. */
    int position(int key, int i) {
        return postings[localData[2 * local(key) + 1] + i];
    }

    /** Whether {@code keys} occur consecutively from {@code start}, inside one of {@code fields}. */
    boolean phraseAt(int start, int[] keys, int fields) {
        if (start < 0 || start + keys.length > size) {
            return false;
        }
        if ((fieldOf(start) & fields) == 0) {
            return false;
        }
        for (int i = 0; i < keys.length; i++) {
            if (termAt[start + i] != keys[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the keys {@code code[from, to)} occur consecutively inside one of {@code fields}: a phrase of a
     * {@link Program}, driven by its rarest key in this document.
     */
    boolean phrase(int[] code, int from, int to, int fields) {
        int driver = -1;
        int driverLocal = -1;
        int fewest = Integer.MAX_VALUE;
        for (int i = from; i < to; i++) {
            int key = code[i];
            if (!has(key)) {
                return false;
            }
            int local = local(key);
            int count = localData[2 * local];
            if (count < fewest) {
                driver = i;
                driverLocal = local;
                fewest = count;
            }
        }
        int length = to - from;
        int offset = driver - from;
        int first = localData[2 * driverLocal + 1];
        for (int p = first, end = first + fewest; p < end; p++) {
            int start = postings[p] - offset;
            if (start < 0 || start + length > size || (fieldOf(start) & fields) == 0) {
                continue;
            }
            int i = 0;
            while (i < length && termAt[start + i] == code[from + i]) {
                i++;
            }
            if (i == length) {
                return true;
            }
        }
        return false;
    }

    /** {@link Node#TITLE} or {@link Node#BODY}: the field of a position. */
    int fieldOf(int position) {
        return position < titleLength ? Node.TITLE : Node.BODY;
    }

    /** The positions of {@code field}: {@code [rangeStart(field), rangeEnd(field))}. */
    int rangeStart(int field) {
        return field == Node.TITLE ? 0 : titleLength + 1;
    }

    int rangeEnd(int field) {
        return field == Node.TITLE ? titleLength : size;
    }

    /** Whether the document's metadata has {@code key}. */
    boolean hasMeta(int key) {
        for (int i = 0; i < metaCount; i++) {
            if (metaKeys[i] == key) {
                return true;
            }
        }
        return false;
    }

    int startOffset(int position) {
        return startOffset[position];
    }

    int endOffset(int position) {
        return endOffset[position];
    }

    /** Ids below this were known when the document was indexed. */
    int limit() {
        return limit;
    }

    // ---- candidates ----

    /** The keys the document contains, text and metadata, for the prefilter. */
    int touchedCount() {
        return touchedCount;
    }

    int touched(int i) {
        return touched[i];
    }

    int metaCount() {
        return metaCount;
    }

    int metaKey(int i) {
        return metaKeys[i];
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

    /** Counts one evaluation of a candidate, for tests and benchmarks. */
    void evaluated() {
        candidateCount++;
    }

    /** How many candidate clauses this document led to evaluate, or to accept on their keys alone. */
    int candidateCount() {
        return candidateCount;
    }

    /** A reusable list of token spans {@code [start, end)}, sorted by start on demand. */
    static final class SpanBuffer {
        int[] starts = new int[64];
        int[] ends = new int[64];
        int size;

        void clear() {
            size = 0;
        }

        void add(int start, int end) {
            if (size == starts.length) {
                starts = Arrays.copyOf(starts, size * 2);
                ends = Arrays.copyOf(ends, size * 2);
            }
            starts[size] = start;
            ends[size] = end;
            size++;
        }

        /** Sorts by start; spans from one source arrive sorted, so this only runs for OR-lists. */
        void sort() {
            for (int i = 1; i < size; i++) {
                if (starts[i] < starts[i - 1]) {
                    sortAll();
                    return;
                }
            }
        }

        private void sortAll() {
            long[] packed = new long[size];
            for (int i = 0; i < size; i++) {
                packed[i] = (long) starts[i] << 32 | ends[i] & 0xFFFFFFFFL;
            }
            Arrays.sort(packed);
            for (int i = 0; i < size; i++) {
                starts[i] = (int) (packed[i] >>> 32);
                ends[i] = (int) packed[i];
            }
        }

        /** The index of the first span starting at or after {@code position}, or {@code size}. */
        int firstAtOrAfter(int position) {
            int low = 0;
            int high = size;
            while (low < high) {
                int mid = low + high >>> 1;
                if (starts[mid] < position) {
                    low = mid + 1;
                } else {
                    high = mid;
                }
            }
            return low;
        }
    }
}
