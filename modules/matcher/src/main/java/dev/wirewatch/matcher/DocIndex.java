package dev.wirewatch.matcher;

import java.util.Arrays;
import java.util.Collections;
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
    /**
     * The distinct term at each position, -1 for the separator. A document repeats most of its words (about 570
     * tokens but 250 distinct terms in a news article), so each distinct term is looked up in the key table once,
     * all together once the text is analysed.
     */
    private int[] termOf = new int[1024];
    /**
     * Distinct term t: {@code termChars[termStart[t], termStart[t] + termLength[t])} with hash {@code termHash[t]},
     * its key id {@code termId[t]} (or -1), and its prefix candidates {@code [prefixFrom[t], prefixTo[t])}.
     */
    private char[] termChars = new char[8192];
    private int termCharsSize;
    private int[] termStart = new int[512];
    private int[] termLength = new int[512];
    private int[] termHash = new int[512];
    private int[] termId = new int[512];
    private int[] prefixFrom = new int[512];
    private int[] prefixTo = new int[512];
    private int distinctCount;
    /** Open addressing over the distinct terms: {@code t + 1}, 0 when empty; at most half full. */
    private int[] termSlots = new int[1024];
    private long[] lookupScratch = new long[512];
    /** Prefix candidates: a distinct term's start that some prefix may equal (see {@link KeyTable#mayBePrefix}). */
    private int[] prefixStart = new int[256];
    private int[] prefixLength = new int[256];
    private int[] prefixHash = new int[256];
    private int[] prefixId = new int[256];
    private int prefixCount;
    /** Keeps the key table's cache-warming loads alive; never read. */
    @SuppressWarnings("unused")
    private long warmed;

    private int[] eventKey = new int[1024];
    private int[] eventPosition = new int[1024];
    private int events;

    /**
     * Bit k: the document contains key k. A bit set rather than a mark per key, so that the many checks
     * for keys that a document lacks read a few kilobytes that stay in the nearest cache.
     */
    private long[] present = new long[0];
    /** Bit k: key k occurs in the text (not only in metadata). */
    private long[] text = new long[0];
    /**
     * Per 64-bit word w of {@link #text}: how many keys of the text are below key {@code 64 w}. A key's local number
     * is its rank among the text's keys, so this and one bit count give it, from data that stays in cache.
     */
    private int[] rankBase = new int[0];
    /** The keys this document's text contains, ascending: key {@code touched[i]} is local key i. */
    private int[] touched = new int[256];
    /**
     * Per local key i: {@code [2i]} its number of positions, {@code [2i+1]} where they start in {@link #postings}.
     * Indexed by local key rather than by key, so that it stays small and in cache however many keys exist.
     */
    private int[] localData = new int[512];
    private int touchedCount;
    private int[] postings = new int[1024];

    private int[] metaKeys = new int[8];
    private int metaCount;

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
    /** Documents indexed with this scratch, for sampling one in {@link KeyStatistics#SAMPLE_EVERY}. */
    private int documents;

    /** Indexes {@code document} against the keys known now; the previous document is forgotten. */
    void index(KeyTable keys, Document document) {
        this.keys = keys;
        for (int i = 0; i < touchedCount; i++) {
            present[touched[i] >>> 6] = 0;
            text[touched[i] >>> 6] = 0;
        }
        for (int i = 0; i < metaCount; i++) {
            present[metaKeys[i] >>> 6] = 0;
        }
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
        limit = keys.size();
        maxPrefix = keys.maxPrefixLength();
        if (present.length * 64 < limit) {
            int capacity = Math.max(limit + (limit >> 2), 1024) + 63 & -64;
            present = Arrays.copyOf(present, capacity / 64);
            text = Arrays.copyOf(text, capacity / 64);
            rankBase = Arrays.copyOf(rankBase, capacity / 64);
        }
        size = 0;
        termCharsSize = 0;
        if (distinctCount > 0) {
            Arrays.fill(termSlots, 0);
            distinctCount = 0;
        }
        prefixCount = 0;
        events = 0;
        touchedCount = 0;
        metaCount = 0;
        candidateCount = 0;
        analyzer.analyze(document.title(), this);
        titleLength = size;
        ensureTokens(size + 1);
        termOf[size] = NONE;
        startOffset[size] = 0;
        endOffset[size] = 0;
        size++;
        analyzer.analyze(document.body(), this);
        lookUpTerms();
        rankKeys();
        indexMetadata(KeyTable.META + "lang:", Metadata.documentLanguages(document.language()));
        indexMetadata(KeyTable.META + "source:", Metadata.documentSources(document.source()));
        buildPostings();
    }

    /** Gives back memory that one very large document made this scratch hold. */
    void trim() {
        if (termAt.length > RETAINED_TOKENS) {
            termAt = new int[1024];
            termOf = new int[1024];
            startOffset = new int[1024];
            endOffset = new int[1024];
        }
        if (termStart.length > RETAINED_TOKENS) {
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
        if (prefixStart.length > RETAINED_TOKENS) {
            prefixStart = new int[256];
            prefixLength = new int[256];
            prefixHash = new int[256];
            prefixId = new int[256];
        }
        if (termChars.length > 8 * RETAINED_TOKENS) {
            termChars = new char[8192];
        }
        if (collected.length > RETAINED_TOKENS) {
            collected = new String[256];
        }
        if (postingScratch.length > RETAINED_TOKENS) {
            postingScratch = new Object[256];
            dataScratch = new Object[256];
        }
        if (localData.length > 4 * RETAINED_TOKENS) {
            touched = new int[256];
            localData = new int[512];
            // the keys to clear from the bit sets are forgotten with touched
            Arrays.fill(present, 0);
            Arrays.fill(text, 0);
            touchedCount = 0;
        }
        if (eventKey.length > 4 * RETAINED_TOKENS) {
            eventKey = new int[1024];
            eventPosition = new int[1024];
            postings = new int[1024];
        }
    }

    @Override
    public void token(char[] term, int length, int hash, int start, int end) {
        int position = size;
        ensureTokens(position + 1);
        startOffset[position] = start;
        endOffset[position] = end;
        termOf[position] = distinct(term, length, hash);
        size = position + 1;
    }

    /** The number of the distinct term {@code term[0, length)} with {@code hash}, added if new. */
    private int distinct(char[] term, int length, int hash) {
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
     * (see {@link KeyTable}), and records the keys of every position.
     */
    private void lookUpTerms() {
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
        for (int position = 0; position < size; position++) {
            int t = termOf[position];
            if (t < 0) {
                termAt[position] = NONE;
                continue;
            }
            int id = termId[t];
            termAt[position] = id;
            if (id >= 0) {
                event(id, position);
            }
            for (int i = prefixFrom[t], end = prefixTo[t]; i < end; i++) {
                int prefix = prefixId[i];
                if (prefix >= 0) {
                    event(prefix, position);
                }
            }
        }
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

    /** Records that {@code key} occurs at {@code position}; {@link #rankKeys} then numbers the keys. */
    private void event(int key, int position) {
        text[key >>> 6] |= 1L << key;
        if (events == eventKey.length) {
            eventKey = Arrays.copyOf(eventKey, events * 2);
            eventPosition = Arrays.copyOf(eventPosition, events * 2);
        }
        eventKey[events] = key;
        eventPosition[events] = position;
        events++;
    }

    /** Numbers the text's keys by rank, lists them in {@link #touched} and counts their positions. */
    private void rankKeys() {
        int words = limit + 63 >>> 6;
        int count = 0;
        for (int w = 0; w < words; w++) {
            rankBase[w] = count;
            long bits = text[w];
            if (bits != 0) {
                present[w] |= bits;
                int found = Long.bitCount(bits);
                if (count + found > touched.length) {
                    touched = Arrays.copyOf(touched, Math.max(count + found, touched.length * 2));
                }
                for (; bits != 0; bits &= bits - 1) {
                    touched[count++] = w << 6 | Long.numberOfTrailingZeros(bits);
                }
            }
        }
        touchedCount = count;
        if (2 * count > localData.length) {
            localData = new int[Math.max(2 * count, localData.length * 2)];
        }
        Arrays.fill(localData, 0, 2 * count, 0);
        for (int i = 0; i < events; i++) {
            int local = local(eventKey[i]);
            eventKey[i] = local;
            localData[2 * local]++;
        }
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

    /** The local number of a key this document contains as text, or -1. */
    private int local(int key) {
        long word = text[key >>> 6];
        long bit = 1L << key;
        if ((word & bit) == 0) {
            return -1;
        }
        return rankBase[key >>> 6] + Long.bitCount(word & bit - 1);
    }

    private void ensureTokens(int needed) {
        if (needed > termAt.length) {
            int capacity = Math.max(needed, termAt.length * 2);
            termAt = Arrays.copyOf(termAt, capacity);
            termOf = Arrays.copyOf(termOf, capacity);
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
        if (fields != Node.TITLE && fields != Node.BODY) {
            return true;
        }
        int local = local(key);
        if (local < 0) {
            // only in metadata, which has no field
            return false;
        }
        int at = 2 * local;
        return fields == Node.TITLE ? postings[localData[at + 1]] < titleLength
                : postings[localData[at + 1] + localData[at] - 1] > titleLength;
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
