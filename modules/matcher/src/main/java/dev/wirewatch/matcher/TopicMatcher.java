package dev.wirewatch.matcher;

import dev.wirewatch.core.model.Highlight;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Matches documents against every tracked topic at once: the production matcher of the tagger and the console.
 *
 * <p>Each document is analysed once into a {@link DocIndex}; a prefilter looks up the document's words in an
 * index of anchor keys (a few rare words that every match of a topic must contain, see {@link Compiler}) and
 * only the topics found there are evaluated, exactly, against the document's positions. Cost therefore grows
 * with the number of candidate topics, not with the number of topics.
 *
 * <p>Thread-safe: any number of threads may {@link #match} while others {@link #put} and {@link #remove}. Writes
 * are serialised and touch only the changed topic's anchors; readers never lock. A document matched while a
 * topic changes sees the topic either before or after the change.
 */
public final class TopicMatcher {

    private record Topic(String id, Query query, Eval root, int[] anchors, int keyLimit, int slot) {
    }

    private final KeyTable keys = new KeyTable();
    private final Object writeLock = new Object();
    /** Guarded by {@link #writeLock}. */
    private final Map<String, Topic> topics = new HashMap<>();
    /** Guarded by {@link #writeLock}. */
    private int[] freeSlots = new int[16];
    private int freeCount;
    private int nextSlot;

    /** Topic slot to topic; a slot may be reused after a removal. */
    private volatile AtomicReferenceArray<Topic> slots = new AtomicReferenceArray<>(1024);
    /** Key id to the slots of the topics anchored on it. */
    private volatile AtomicReferenceArray<int[]> anchors = new AtomicReferenceArray<>(4096);
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
            ensureAnchorCapacity(keys.size());
            Topic old = topics.get(topicId);
            int slot = old != null ? old.slot() : allocateSlot();
            Topic topic = new Topic(topicId, query, compiled.root(), compiled.anchors(), compiled.keyLimit(), slot);
            slots.set(slot, topic);
            for (int key : topic.anchors()) {
                if (old == null || !contains(old.anchors(), key)) {
                    addAnchor(key, slot);
                }
            }
            if (old != null) {
                for (int key : old.anchors()) {
                    if (!contains(topic.anchors(), key)) {
                        removeAnchor(key, slot);
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
            for (int key : old.anchors()) {
                removeAnchor(key, old.slot());
            }
            slots.set(old.slot(), null);
            if (freeCount == freeSlots.length) {
                freeSlots = Arrays.copyOf(freeSlots, freeCount * 2);
            }
            freeSlots[freeCount++] = old.slot();
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

    /** The topics that match {@code document}, sorted by topic id, each with highlights, snippet and clauses. */
    public List<Match> match(Document document) {
        Objects.requireNonNull(document, "document");
        DocIndex doc = borrow();
        try {
            List<Match> matches = new ArrayList<>();
            AtomicReferenceArray<Topic> slotsNow = evaluateCandidates(doc, document);
            for (int i = 0, n = doc.candidateCount(); i < n; i++) {
                Topic topic = matchingCandidate(doc, slotsNow, i);
                if (topic != null) {
                    matches.add(explain(topic, doc, document));
                }
            }
            matches.sort(Comparator.comparing(Match::topicId));
            return matches;
        } finally {
            release(doc);
        }
    }

    /** The ids of the topics that match {@code document}, sorted; {@link #match} without the explanations. */
    public List<String> matchingTopicIds(Document document) {
        Objects.requireNonNull(document, "document");
        DocIndex doc = borrow();
        try {
            List<String> ids = new ArrayList<>();
            AtomicReferenceArray<Topic> slotsNow = evaluateCandidates(doc, document);
            for (int i = 0, n = doc.candidateCount(); i < n; i++) {
                Topic topic = matchingCandidate(doc, slotsNow, i);
                if (topic != null) {
                    ids.add(topic.id());
                }
            }
            ids.sort(null);
            return ids;
        } finally {
            release(doc);
        }
    }

    /** Indexes the document and gathers the candidate topics; returns the slots to evaluate them from. */
    private AtomicReferenceArray<Topic> evaluateCandidates(DocIndex doc, Document document) {
        doc.index(keys, document);
        AtomicReferenceArray<int[]> anchorsNow = anchors;
        int capacity = anchorsNow.length();
        for (int i = 0, n = doc.touchedCount(); i < n; i++) {
            int key = doc.touched(i);
            int[] anchored = key < capacity ? anchorsNow.get(key) : null;
            if (anchored != null) {
                doc.addCandidates(anchored);
            }
        }
        for (int i = 0, n = doc.metaCount(); i < n; i++) {
            int key = doc.metaKey(i);
            int[] anchored = key < capacity ? anchorsNow.get(key) : null;
            if (anchored != null) {
                doc.addCandidates(anchored);
            }
        }
        return slots;
    }

    private static Topic matchingCandidate(DocIndex doc, AtomicReferenceArray<Topic> slots, int i) {
        int slot = doc.candidate(i);
        Topic topic = slot < slots.length() ? slots.get(slot) : null;
        // a topic that uses keys newer than the document's view of the table was put while it was indexed
        if (topic == null || topic.keyLimit() > doc.limit()) {
            return null;
        }
        return topic.root().test(doc) ? topic : null;
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

    private int allocateSlot() {
        if (freeCount > 0) {
            return freeSlots[--freeCount];
        }
        int slot = nextSlot++;
        if (slot >= slots.length()) {
            slots = copy(slots, slots.length() * 2);
        }
        return slot;
    }

    private void ensureAnchorCapacity(int keyCount) {
        if (keyCount > anchors.length()) {
            anchors = copy(anchors, Math.max(keyCount, anchors.length() * 2));
        }
    }

    private void addAnchor(int key, int slot) {
        int[] old = anchors.get(key);
        int[] updated;
        if (old == null) {
            updated = new int[] {slot};
        } else {
            updated = Arrays.copyOf(old, old.length + 1);
            updated[old.length] = slot;
        }
        anchors.set(key, updated);
    }

    private void removeAnchor(int key, int slot) {
        int[] old = anchors.get(key);
        if (old == null || !contains(old, slot)) {
            return;
        }
        int[] updated = new int[old.length - 1];
        int n = 0;
        for (int value : old) {
            if (value != slot) {
                updated[n++] = value;
            }
        }
        anchors.set(key, updated.length == 0 ? null : updated);
    }

    private static boolean contains(int[] values, int value) {
        for (int v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }

    private static <T> AtomicReferenceArray<T> copy(AtomicReferenceArray<T> array, int capacity) {
        AtomicReferenceArray<T> bigger = new AtomicReferenceArray<>(capacity);
        for (int i = 0; i < array.length(); i++) {
            bigger.set(i, array.get(i));
        }
        return bigger;
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
