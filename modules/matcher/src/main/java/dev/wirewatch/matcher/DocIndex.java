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
    /** The document's distinct terms and their key ids. */
    private final DocTerms terms = new DocTerms();
    /** The matcher's own scratch for this document. */
    final MatchScratch match = new MatchScratch();

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
        match.reset();
        limit = keys.size();
        terms.reset(keys, limit);
        if (present.length * 64 < limit) {
            int capacity = Math.max(limit + (limit >> 2), 1024) + 63 & -64;
            present = Arrays.copyOf(present, capacity / 64);
            text = Arrays.copyOf(text, capacity / 64);
            rankBase = Arrays.copyOf(rankBase, capacity / 64);
        }
        size = 0;
        events = 0;
        touchedCount = 0;
        metaCount = 0;
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
        terms.trim(RETAINED_TOKENS);
        match.trim();
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
        termOf[position] = terms.distinct(term, length, hash);
        size = position + 1;
    }

    /**
     * Looks up the document's distinct terms (see {@link DocTerms#lookUp}) and records the keys of every position.
     */
    private void lookUpTerms() {
        match.keepAlive(terms.lookUp());
        int[] termId = terms.termId;
        int[] prefixFrom = terms.prefixFrom;
        int[] prefixTo = terms.prefixTo;
        int[] prefixId = terms.prefixId;
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
}
