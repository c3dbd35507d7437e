package dev.wirewatch.matcher;

import dev.wirewatch.core.model.Highlight;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Matches documents against every tracked topic at once: the production matcher of the tagger and the console.
 *
 * <p>Each document is analysed once into a {@link DocIndex}. A prefilter then looks up the document's words in
 * an index of anchor keys (a few rare words that every match of a topic must contain, see {@link Compiler}), and
 * only the topics found there are evaluated, exactly, against the document's positions. Cost therefore grows with
 * the number of candidate topics, not with the number of topics. Topics that are an OR of unscoped words match
 * as soon as one anchor is found, without evaluation.
 *
 * <p>Thread-safe: any number of threads may {@link #match} while others {@link #put} and {@link #remove}. Writes
 * are serialised and copy only the anchor lists of the changed topic; readers never lock. A document matched
 * while a topic changes sees the topic either before or after the change.
 */
public final class TopicMatcher {

    /** One topic: its slot is its number for the per-document "seen" marks, never reused. */
    private record Topic(String id, Query query, Eval root, int[] anchors, Map<Integer, int[]> required, int keyLimit,
            boolean decidedByAnchors, boolean decidedByRequired, int slot) {
    }

    /**
     * The topics anchored on one key, as parallel arrays so that the match loop reads them in sequence and can
     * reject most candidates without visiting their objects: each entry has up to two more keys that a match must
     * contain. Immutable, replaced whole on change.
     */
    private record Posting(int[] slots, Topic[] topics, String[] ids, Eval[] roots, int[] keyLimits,
            int[] required1, int[] required2) {

        static final Posting EMPTY = new Posting(new int[0], new Topic[0], new String[0], new Eval[0], new int[0],
                new int[0], new int[0]);

        /** This posting, for {@code key}, with {@code topic} added or put in place of the entry of its slot. */
        Posting with(Topic topic, int key) {
            int i = indexOf(topic.slot());
            int n = slots.length;
            int size = i >= 0 ? n : n + 1;
            int at = i >= 0 ? i : n;
            Posting copy = new Posting(Arrays.copyOf(slots, size), Arrays.copyOf(topics, size),
                    Arrays.copyOf(ids, size), Arrays.copyOf(roots, size), Arrays.copyOf(keyLimits, size), Arrays.copyOf(required1, size),
                    Arrays.copyOf(required2, size));
            int[] required = topic.required().getOrDefault(key, new int[0]);
            int extra = required.length;
            int[] checks = {extra > 0 ? required[0] : -1, extra > 1 ? required[1] : -1};
            // a topic decided by its keys needs no evaluation: no root, and no key limit to check
            boolean decided = topic.decidedByAnchors() || topic.decidedByRequired() && extra <= 2;
            copy.slots[at] = topic.slot();
            copy.topics[at] = topic;
            copy.ids[at] = topic.id();
            copy.roots[at] = decided ? null : topic.root();
            copy.keyLimits[at] = decided ? 0 : topic.keyLimit();
            copy.required1[at] = topic.decidedByAnchors() ? -1 : checks[0];
            copy.required2[at] = topic.decidedByAnchors() ? -1 : checks[1];
            return copy;
        }

        /** This posting without the entry of {@code slot}, or null when that leaves it empty. */
        Posting without(int slot) {
            int i = indexOf(slot);
            if (i < 0) {
                return this;
            }
            if (slots.length == 1) {
                return null;
            }
            return new Posting(remove(slots, i), remove(topics, i), remove(ids, i), remove(roots, i),
                    remove(keyLimits, i), remove(required1, i), remove(required2, i));
        }

        private static int[] remove(int[] values, int i) {
            int[] copy = new int[values.length - 1];
            System.arraycopy(values, 0, copy, 0, i);
            System.arraycopy(values, i + 1, copy, i, copy.length - i);
            return copy;
        }

        private static <T> T[] remove(T[] values, int i) {
            T[] copy = Arrays.copyOf(values, values.length - 1);
            System.arraycopy(values, i + 1, copy, i, copy.length - i);
            return copy;
        }

        private int indexOf(int slot) {
            for (int i = 0; i < slots.length; i++) {
                if (slots[i] == slot) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** What the match loop does with each matching topic: entry {@code i} of {@code posting}. */
    private interface Collector {
        void matched(Posting posting, int i, DocIndex doc);
    }

    private final KeyTable keys = new KeyTable();
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

    /** Adds the topic, or replaces its query if the id is known. */
    public void put(String topicId, Query query) {
        Objects.requireNonNull(topicId, "topicId");
        Objects.requireNonNull(query, "query");
        synchronized (writeLock) {
            Compiler.Compiled compiled = Compiler.compile(query, keys);
            ensureCapacity(keys.size());
            Topic old = topics.get(topicId);
            int slot = old != null ? old.slot() : nextSlot++;
            Topic topic = new Topic(topicId, query, compiled.root(), compiled.anchors(), compiled.required(),
                    compiled.keyLimit(), compiled.decidedByAnchors(), compiled.decidedByRequired(), slot);
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
        run(document, (posting, i, doc) -> matches.add(explain(posting.topics()[i], doc, document)));
        return matches;
    }

    /** The ids of the topics that match {@code document}, in no particular order: {@link #match} without explanations. */
    public List<String> matchingTopicIds(Document document) {
        Objects.requireNonNull(document, "document");
        List<String> ids = new ArrayList<>();
        run(document, (posting, i, doc) -> ids.add(posting.ids()[i]));
        return ids;
    }

    /** The number of distinct topics the prefilter finds for {@code document}: for tests and benchmarks. */
    int candidateCount(Document document) {
        DocIndex doc = borrow();
        try {
            doc.index(keys, document);
            AtomicReferenceArray<Posting> index = postings;
            visit(doc, index, doc.touchedCount(), true, (posting, i, d) -> { });
            return doc.candidateCount();
        } finally {
            release(doc);
        }
    }

    private void run(Document document, Collector collector) {
        DocIndex doc = borrow();
        try {
            doc.index(keys, document);
            AtomicReferenceArray<Posting> index = postings;
            visit(doc, index, doc.touchedCount(), false, collector);
        } finally {
            release(doc);
        }
    }

    /** Visits the postings of the document's keys, text then metadata, evaluating each topic once. */
    private static void visit(DocIndex doc, AtomicReferenceArray<Posting> index, int touched, boolean countOnly,
            Collector collector) {
        int capacity = index.length();
        int limit = doc.limit();
        for (int k = 0, n = touched + doc.metaCount(); k < n; k++) {
            int key = k < touched ? doc.touched(k) : doc.metaKey(k - touched);
            Posting posting = key < capacity ? index.get(key) : null;
            if (posting == null) {
                continue;
            }
            int[] slots = posting.slots();
            Eval[] roots = posting.roots();
            int[] keyLimits = posting.keyLimits();
            int[] required1 = posting.required1();
            int[] required2 = posting.required2();
            for (int i = 0; i < slots.length; i++) {
                int first = required1[i];
                int second = required2[i];
                // a topic that uses keys newer than the document's view of the table was put while it was indexed
                if (first >= 0 && !doc.has(first) || second >= 0 && !doc.has(second) || keyLimits[i] > limit
                        || !doc.firstVisit(slots[i]) || countOnly) {
                    continue;
                }
                Eval root = roots[i];
                if (root == null || root.test(doc)) {
                    collector.matched(posting, i, doc);
                }
            }
        }
    }

    private static Match explain(Topic topic, DocIndex doc, Document document) {
        Explanation explanation = new Explanation();
        topic.root().explain(doc, explanation);
        List<Highlight> highlights = new ArrayList<>();
        Highlight firstTitle = null;
        Highlight firstBody = null;
        for (int[] span : explanation.mergedSpans()) {
            boolean title = doc.fieldOf(span[0]) == Node.TITLE;
            Highlight highlight = new Highlight(title ? "title" : "body", doc.startOffset(span[0]),
                    doc.endOffset(span[1] - 1));
            highlights.add(highlight);
            if (title && firstTitle == null) {
                firstTitle = highlight;
            } else if (!title && firstBody == null) {
                firstBody = highlight;
            }
        }
        String snippet;
        if (firstBody != null) {
            snippet = Snippets.around(document.body(), firstBody.start(), firstBody.end());
        } else if (firstTitle != null) {
            snippet = Snippets.around(document.title(), firstTitle.start(), firstTitle.end());
        } else {
            snippet = Snippets.around(document.body().isEmpty() ? document.title() : document.body(), 0, 0);
        }
        return new Match(topic.id(), highlights, snippet, explanation.clauses());
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
