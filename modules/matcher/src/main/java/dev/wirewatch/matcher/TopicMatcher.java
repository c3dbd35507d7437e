package dev.wirewatch.matcher;

import dev.wirewatch.core.model.Highlight;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * Matches documents against every tracked topic at once: the production matcher of the tagger and the console.
 *
 * <p>Each document is analysed once into a {@link DocIndex}. A prefilter then looks up the document's words in
 * an index of anchor keys (a few rare words that every match of a topic must contain, see {@link Compiler}), and
 * only the topics found there are evaluated, exactly, against the document's positions. Cost therefore grows with
 * the number of candidate topics, not with the number of topics. Each anchor's posting holds its topics' clauses
 * as flat {@link Program}s inline, so that a candidate is tested without leaving the array being scanned; a
 * top-level OR is filed per alternative, and topics that are an OR (or a short AND) of unscoped words match on
 * their keys alone, without evaluation. {@link #match} explains only the topics that matched, from their
 * {@link Eval} trees.
 *
 * <p>The matcher learns which keys are common from the documents it matches ({@link KeyStatistics}, one document
 * in 16) and, from time to time, {@link #reanchor re-anchors} its topics on the keys found rarest, on a thread of
 * its own; a topic put later is compiled with what it has learned. Matches never depend on the anchors, only the
 * work of finding them.
 *
 * <p>Thread-safe: any number of threads may {@link #match} while others {@link #put} and {@link #remove}. Writes
 * are serialised and copy only the anchor lists of the changed topic; readers never lock. A document matched
 * while a topic changes sees the topic either before or after the change.
 */
public final class TopicMatcher {

    /** One topic: its slot is its number for the per-document "matched" marks, never reused. */
    private record Topic(String id, Query query, Eval root, List<Compiler.Entry> entries, int[] anchors,
            int keyLimit, int slot) {
    }

    /**
     * The entries anchored on one key, packed so that the match loop reads one array in sequence and rejects or
     * evaluates most candidates without touching another object. Entry {@code e} is, in {@code data}:
     * {@code slot, keyLimit, required1, required2, length, program[length]}, where the two required keys (or -1)
     * are others that a match must contain and the {@link Program} is inline; an empty program means
     * {@code fallbacks[e]} (an {@link Eval} tree, for NEAR) or, when that is null, that the keys decide. A topic
     * may have several entries here, one per alternative of a top-level OR. Immutable, replaced whole on change.
     */
    private record Posting(int[] data, Topic[] topics, String[] ids, Eval[] fallbacks) {

        static final int HEADER = 5;
        static final Posting EMPTY = new Posting(new int[0], new Topic[0], new String[0], new Eval[0]);

        /** This posting, for {@code key}, with the entries of {@code topic} in place of those of its slot. */
        Posting with(Topic topic, int key) {
            Builder builder = new Builder();
            copyExcept(topic.slot(), builder);
            for (Compiler.Entry entry : topic.entries()) {
                if (entry.anchor() == key) {
                    builder.add(topic, entry);
                }
            }
            return builder.build();
        }

        /** This posting without the entries of {@code slot}, or null when that leaves it empty. */
        Posting without(int slot) {
            Builder builder = new Builder();
            copyExcept(slot, builder);
            if (builder.count == topics.length) {
                return this;
            }
            return builder.count == 0 ? null : builder.build();
        }

        private void copyExcept(int slot, Builder builder) {
            for (int e = 0, at = 0; at < data.length; e++) {
                int next = at + HEADER + data[at + 4];
                if (data[at] != slot) {
                    builder.copy(data, at, next, topics[e], ids[e], fallbacks[e]);
                }
                at = next;
            }
        }

        /** Collects entries for a new posting. */
        private static final class Builder {
            private int[] data = new int[64];
            private int size;
            private final List<Topic> topics = new ArrayList<>();
            private final List<String> ids = new ArrayList<>();
            private final List<Eval> fallbacks = new ArrayList<>();
            private int count;

            void copy(int[] from, int start, int end, Topic topic, String id, Eval fallback) {
                ensure(end - start);
                System.arraycopy(from, start, data, size, end - start);
                size += end - start;
                topics.add(topic);
                ids.add(id);
                fallbacks.add(fallback);
                count++;
            }

            void add(Topic topic, Compiler.Entry entry) {
                int[] required = entry.required();
                int[] program = entry.program() == null ? new int[0] : entry.program();
                ensure(HEADER + program.length);
                data[size] = topic.slot();
                data[size + 1] = topic.keyLimit();
                data[size + 2] = required.length > 0 ? required[0] : -1;
                data[size + 3] = required.length > 1 ? required[1] : -1;
                data[size + 4] = program.length;
                System.arraycopy(program, 0, data, size + HEADER, program.length);
                size += HEADER + program.length;
                topics.add(topic);
                ids.add(topic.id());
                fallbacks.add(entry.fallback());
                count++;
            }

            private void ensure(int more) {
                if (size + more > data.length) {
                    data = Arrays.copyOf(data, Math.max(size + more, data.length * 2));
                }
            }

            Posting build() {
                return new Posting(Arrays.copyOf(data, size), topics.toArray(Topic[]::new), ids.toArray(String[]::new),
                        fallbacks.toArray(Eval[]::new));
            }
        }
    }

    /** What the match loop does with each matching topic: entry {@code i} of {@code posting}. */
    private interface Collector {
        void matched(Posting posting, int i, DocIndex doc);
    }

    /** Sampled documents before the first automatic {@link #reanchor}; each later one waits four times longer. */
    static final long FIRST_REANCHOR = 256;
    /** The longest interval between automatic re-anchorings, in sampled documents (about a million documents). */
    private static final long MAX_REANCHOR_INTERVAL = 65_536;
    /** Topics re-anchored per hold of the write lock: a put waits for at most this many (2 ms at 100,000 topics). */
    private static final int REANCHOR_BATCH = 200;

    private final KeyTable keys = new KeyTable();
    private final KeyStatistics statistics = new KeyStatistics();
    private final AtomicBoolean reanchoring = new AtomicBoolean();
    /** Topics moved by re-anchoring so far. */
    private final AtomicLong reanchored = new AtomicLong();
    /** The sample count at which the next automatic re-anchoring starts. */
    private volatile long nextReanchor = FIRST_REANCHOR;
    private final Object writeLock = new Object();
    /** Guarded by {@link #writeLock}. */
    private final Map<String, Topic> topics = new HashMap<>();
    /** Guarded by {@link #writeLock}. */
    private int nextSlot;

    /** Key id to the posting of the topics anchored on it. */
    private volatile AtomicReferenceArray<Posting> postings = new AtomicReferenceArray<>(4096);
    private volatile int size;

    private final ConcurrentLinkedQueue<DocIndex> scratch = new ConcurrentLinkedQueue<>();

    /**
     * Adds the topic, or replaces its query if the id is known.
     *
     * @throws QueryException when the query is not valid; the matcher is then unchanged
     */
    public void put(String topicId, String query) {
        Objects.requireNonNull(topicId, "topicId");
        Objects.requireNonNull(query, "query");
        DocIndex doc = borrow();
        Query parsed;
        try {
            parsed = Query.parse(query, doc.analyzer);
        } finally {
            release(doc);
        }
        put(topicId, parsed);
    }

    /**
     * Compiles {@code query} exactly as {@link #put(String, Query)} would, into a throwaway table, so that an editor
     * or an API can refuse what the tagger could not install.
     *
     * @throws QueryException when the query cannot be compiled
     */
    public static void verify(Query query) {
        Objects.requireNonNull(query, "query");
        try {
            Compiler.compile(query, new KeyTable(), new KeyStatistics());
        } catch (QueryException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new QueryException("the matcher cannot compile this query (" + e.getClass().getSimpleName() + ")", 0,
                    "simplify the query, or split it into several topics");
        }
    }

    /** Adds the topic, or replaces its query if the id is known. */
    public void put(String topicId, Query query) {
        Objects.requireNonNull(topicId, "topicId");
        Objects.requireNonNull(query, "query");
        synchronized (writeLock) {
            install(topicId, query, compile(query), topics.get(topicId));
        }
    }

    /**
     * Compiles every topic again with the key statistics gathered so far, so that each is anchored on the keys that
     * documents have shown to be rarest; returns how many topics moved. Matching goes on meanwhile, and other writes
     * wait for at most one batch of 200 topics. The matcher calls this itself, on a thread of its own, after
     * {@value #FIRST_REANCHOR} sampled documents and then at longer intervals.
     */
    public int reanchor() {
        List<Topic> snapshot;
        synchronized (writeLock) {
            snapshot = List.copyOf(topics.values());
        }
        int moved = 0;
        for (int from = 0; from < snapshot.size(); from += REANCHOR_BATCH) {
            synchronized (writeLock) {
                for (Topic topic : snapshot.subList(from, Math.min(snapshot.size(), from + REANCHOR_BATCH))) {
                    // changed or removed since the snapshot: a changed topic was compiled at its put, with the statistics
                    // of then
                    if (topics.get(topic.id()) != topic) {
                        continue;
                    }
                    Compiler.Compiled compiled = compile(topic.query());
                    if (!sameEntries(compiled.entries(), topic.entries())) {
                        install(topic.id(), topic.query(), compiled, topic);
                        moved++;
                    }
                }
            }
        }
        reanchored.addAndGet(moved);
        return moved;
    }

    /** How many topics re-anchoring has moved since the matcher was made, automatic runs included. */
    public long reanchoredTopics() {
        return reanchored.get();
    }

    /** Compiles under the write lock, noting the keys it creates. */
    private Compiler.Compiled compile(Query query) {
        int known = keys.size();
        Compiler.Compiled compiled = Compiler.compile(query, keys, statistics);
        statistics.created(known, keys.size());
        return compiled;
    }

    /** Files the compiled topic under its anchors in place of {@code old}, if any. Under the write lock. */
    private void install(String topicId, Query query, Compiler.Compiled compiled, Topic old) {
        ensureCapacity(keys.size());
        int slot = old != null ? old.slot() : nextSlot++;
        Topic topic = new Topic(topicId, query, compiled.root(), compiled.entries(), compiled.anchors(),
                compiled.keyLimit(), slot);
        AtomicReferenceArray<Posting> index = postings;
        for (int key : topic.anchors()) {
            Posting posting = index.get(key);
            index.set(key, (posting == null ? Posting.EMPTY : posting).with(topic, key));
        }
        if (old != null) {
            for (int key : old.anchors()) {
                if (!contains(topic.anchors(), key)) {
                    index.set(key, index.get(key).without(slot));
                }
            }
        }
        topics.put(topicId, topic);
        size = topics.size();
    }

    /** Whether two compilations of one query file the same entries (an entry's NEAR tree depends on the query only). */
    private static boolean sameEntries(List<Compiler.Entry> a, List<Compiler.Entry> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            Compiler.Entry x = a.get(i);
            Compiler.Entry y = b.get(i);
            if (x.anchor() != y.anchor() || !Arrays.equals(x.required(), y.required())
                    || !Arrays.equals(x.program(), y.program()) || (x.fallback() == null) != (y.fallback() == null)) {
                return false;
            }
        }
        return true;
    }

    /** Removes the topic; returns whether it was there. */
    public boolean remove(String topicId) {
        synchronized (writeLock) {
            Topic old = topics.remove(topicId);
            if (old == null) {
                return false;
            }
            AtomicReferenceArray<Posting> index = postings;
            for (int key : old.anchors()) {
                index.set(key, index.get(key).without(old.slot()));
            }
            size = topics.size();
            return true;
        }
    }

    /** The number of topics. */
    public int size() {
        return size;
    }

    /** The query of a topic, or null when the id is unknown. */
    public Query query(String topicId) {
        synchronized (writeLock) {
            Topic topic = topics.get(topicId);
            return topic == null ? null : topic.query();
        }
    }

    /** The topics that match {@code document}, in no particular order, each with highlights, snippet and clauses. */
    public List<Match> match(Document document) {
        Objects.requireNonNull(document, "document");
        List<Match> matches = new ArrayList<>();
        return run(document, (posting, i, doc) -> matches.add(explain(posting.topics()[i], doc, document)),
                doc -> matches);
    }

    /** The ids of the topics that match {@code document}, in no particular order: {@link #match} without explanations. */
    public List<String> matchingTopicIds(Document document) {
        Objects.requireNonNull(document, "document");
        return run(document, (posting, i, doc) -> doc.match.collect(posting.ids()[i]), doc -> doc.match.collected());
    }

    /**
     * How many entries the prefilter passes on to evaluation for {@code document} (a topic filed under several
     * anchors found may count more than once): for tests and benchmarks.
     */
    int candidateCount(Document document) {
        DocIndex doc = borrow();
        try {
            doc.index(keys, document);
            AtomicReferenceArray<Posting> index = postings;
            visit(doc, index, doc.touchedCount(), true, (posting, i, d) -> { });
            return doc.match.candidateCount();
        } finally {
            release(doc);
        }
    }

    /** Matches {@code document}, handing each matching topic to {@code collector}; returns {@code finish}'s result. */
    private <T> T run(Document document, Collector collector, Function<DocIndex, T> finish) {
        DocIndex doc = borrow();
        try {
            doc.index(keys, document);
            if (doc.match.sampleDue()) {
                sampled(statistics.sample(doc));
            }
            visit(doc, postings, doc.touchedCount(), false, collector);
            return finish.apply(doc);
        } finally {
            release(doc);
        }
    }

    /** Starts an automatic re-anchoring, on a thread of its own, when {@code samples} reach the next mark. */
    private void sampled(long samples) {
        long due = nextReanchor;
        if (samples != due) {
            return;
        }
        nextReanchor = due < MAX_REANCHOR_INTERVAL ? 4 * due : due + MAX_REANCHOR_INTERVAL;
        if (reanchoring.compareAndSet(false, true)) {
            // CPU-bound for a while: a platform thread, not a virtual one that would hold a carrier
            Thread.ofPlatform().daemon().name("wirewatch-matcher-reanchor").start(() -> {
                try {
                    reanchor();
                } finally {
                    reanchoring.set(false);
                }
            });
        }
    }

    /** Visits the postings of the document's keys, text then metadata, reporting each matching topic once. */
    private static void visit(DocIndex doc, AtomicReferenceArray<Posting> index, int touched, boolean countOnly,
            Collector collector) {
        int count = touched + doc.metaCount();
        MatchScratch scratch = doc.match;
        Object[] found = scratch.postingScratch(count);
        gather(doc, index, touched, count, found);
        int limit = doc.limit();
        for (int k = 0; k < count; k++) {
            Posting posting = (Posting) found[k];
            if (posting == null) {
                continue;
            }
            int[] data = posting.data();
            for (int e = 0, at = 0; at < data.length; e++) {
                int slot = data[at];
                int first = data[at + 2];
                int second = data[at + 3];
                int length = data[at + 4];
                int program = at + Posting.HEADER;
                boolean stale = data[at + 1] > limit;
                at = program + length;
                // a topic that uses keys newer than the document's view of the table was put while it was indexed
                if (first >= 0 && !doc.has(first) || second >= 0 && !doc.has(second) || stale || scratch.matched(slot)) {
                    continue;
                }
                scratch.evaluated();
                if (countOnly) {
                    continue;
                }
                boolean matches;
                if (length > 0) {
                    matches = Program.test(data, program, doc);
                } else {
                    Eval fallback = posting.fallbacks()[e];
                    matches = fallback == null || fallback.test(doc);
                }
                if (matches) {
                    scratch.markMatched(slot);
                    collector.matched(posting, e, doc);
                }
            }
        }
    }

    /**
     * Puts the posting of each of the document's keys (or null) in {@code found}, and loads the start of each, in
     * loops whose iterations do not depend on each other: their cache misses then overlap, where the scan that
     * follows would meet them one at a time.
     */
    private static void gather(DocIndex doc, AtomicReferenceArray<Posting> index, int touched, int count,
            Object[] found) {
        int capacity = index.length();
        for (int k = 0; k < count; k++) {
            int key = k < touched ? doc.touched(k) : doc.metaKey(k - touched);
            found[k] = key < capacity ? index.get(key) : null;
        }
        Object[] data = doc.match.dataScratch(count);
        for (int k = 0; k < count; k++) {
            Posting posting = (Posting) found[k];
            data[k] = posting == null ? Posting.EMPTY.data() : posting.data();
        }
        long loaded = 0;
        for (int k = 0; k < count; k++) {
            loaded += ((int[]) data[k]).length;
        }
        doc.match.keepAlive(loaded);
    }

    private static Match explain(Topic topic, DocIndex doc, Document document) {
        Explanation explanation = doc.match.explanation();
        explanation.reset();
        topic.root().explain(doc, explanation);
        // a stop word that matched alone (a clause of its own) shows nothing of why the article matched; dropped
        // before merging, so that it does not join the word next to it either
        explanation.dropSingleTokens(position -> stopWord(doc.fieldOf(position) == Node.TITLE ? document.title()
                : document.body(), doc.startOffset(position), doc.endOffset(position)));
        int spans = explanation.merge();
        List<Highlight> highlights = new ArrayList<>(spans);
        Highlight firstTitle = null;
        Highlight firstBody = null;
        for (int i = 0; i < spans; i++) {
            int first = explanation.start(i);
            int last = explanation.end(i) - 1;
            boolean title = doc.fieldOf(first) == Node.TITLE;
            String text = title ? document.title() : document.body();
            String field = title ? "title" : "body";
            // the words themselves: an elided article or a possessive is no part of the term that matched
            int start = TextAnalyzer.wordStart(text, doc.startOffset(first), doc.endOffset(first));
            int end = TextAnalyzer.wordEnd(text, doc.startOffset(last), doc.endOffset(last));
            Highlight previous = highlights.isEmpty() ? null : highlights.getLast();
            if (previous != null && previous.field().equals(field) && blank(text, previous.end(), start)) {
                // two hits with only white space between them read as one ("Nayib" "Bukele"); punctuation keeps
                // them apart, so that no span covers a character that no query word matched
                Highlight joined = new Highlight(field, previous.start(), end);
                highlights.set(highlights.size() - 1, joined);
                if (previous == firstTitle) {
                    firstTitle = joined;
                } else if (previous == firstBody) {
                    firstBody = joined;
                }
                continue;
            }
            Highlight highlight = new Highlight(field, start, end);
            highlights.add(highlight);
            if (title && firstTitle == null) {
                firstTitle = highlight;
            } else if (!title && firstBody == null) {
                firstBody = highlight;
            }
        }
        Highlight around = firstBody != null ? firstBody : firstTitle;
        boolean body = firstBody != null || firstTitle == null && !document.body().isEmpty();
        int start = around == null ? 0 : around.start();
        int end = around == null ? 0 : around.end();
        String text = body ? document.body() : document.title();
        // topics that match on the same words share their snippet
        String snippet = doc.match.snippet(body, start, end);
        if (snippet == null) {
            snippet = Snippets.around(text, start, end);
            doc.match.keepSnippet(body, start, end, snippet);
        }
        String field = body ? "body" : "title";
        int from = Snippets.from(text, start);
        return new Match(topic.id(), highlights, snippet, explanation.clauses(),
                SnippetSpans.project(text, field, from, snippet, highlights), field, from);
    }

    /** Whether {@code text[from, to)} is white space only (or empty: tokens that touch, as ideographs do). */
    private static boolean blank(String text, int from, int to) {
        if (from > to || to > text.length()) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c) && !Character.isSpaceChar(c)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the token {@code text[start, end)} is a stop word, as highlighted: without elision nor possessive. */
    private static boolean stopWord(String text, int start, int end) {
        if (start < 0 || end > text.length() || start >= end) {
            return false;
        }
        int from = TextAnalyzer.wordStart(text, start, end);
        int to = TextAnalyzer.wordEnd(text, from, end);
        return to - from <= StopWords.MAX_LENGTH && StopWords.is(text.substring(from, to));
    }

    // ---- writes, under the lock ----

    private void ensureCapacity(int keyCount) {
        AtomicReferenceArray<Posting> index = postings;
        if (keyCount > index.length()) {
            AtomicReferenceArray<Posting> bigger = new AtomicReferenceArray<>(Math.max(keyCount, index.length() * 2));
            for (int i = 0; i < index.length(); i++) {
                bigger.set(i, index.get(i));
            }
            postings = bigger;
        }
    }

    private static boolean contains(int[] values, int value) {
        for (int v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }

    // ---- scratch ----

    private DocIndex borrow() {
        DocIndex doc = scratch.poll();
        return doc != null ? doc : new DocIndex();
    }

    private void release(DocIndex doc) {
        doc.trim();
        scratch.offer(doc);
    }
}
