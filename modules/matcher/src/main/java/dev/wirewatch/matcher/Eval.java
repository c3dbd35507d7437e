package dev.wirewatch.matcher;


/**
 * A query compiled against the {@link KeyTable}: a tree of small evaluators over a {@link DocIndex}.
 *
 * <p>{@link #test} decides a match and is the hot path; {@link #explain} runs only for matches and records which
 * clauses matched and where.
 */
abstract sealed class Eval {

    /** Whether the document satisfies this clause. */
    abstract boolean test(DocIndex doc);

    /** Records the clauses and spans that make this clause true; call only when {@link #test} is. */
    abstract void explain(DocIndex doc, Explanation out);

    /** A rough relative cost of {@link #test}, so that AND tries cheap clauses first. */
    abstract int cost();

    /** A text leaf that can feed NEAR: it lists its occurrences in one field as token spans. */
    sealed interface SpanSource {
        int fields();

        void collect(DocIndex doc, int field, SpanBuffer out);
    }

    /** A term or a prefix: one key of the table. */
    static final class KeyEval extends Eval implements SpanSource {
        private final int key;
        private final int fields;
        private final String clause;

        KeyEval(int key, int fields, String clause) {
            this.key = key;
            this.fields = fields;
            this.clause = clause;
        }

        @Override
        boolean test(DocIndex doc) {
            return doc.has(key, fields);
        }

        @Override
        public int fields() {
            return fields;
        }

        @Override
        public void collect(DocIndex doc, int field, SpanBuffer out) {
            if ((fields & field) == 0 || !doc.has(key)) {
                return;
            }
            int start = doc.rangeStart(field);
            int end = doc.rangeEnd(field);
            for (int i = 0, n = doc.count(key); i < n; i++) {
                int position = doc.position(key, i);
                if (position >= start && position < end) {
                    out.add(position, position + 1);
                }
            }
        }

        @Override
        void explain(DocIndex doc, Explanation out) {
            out.clause(clause);
            for (int i = 0, n = doc.count(key); i < n; i++) {
                int position = doc.position(key, i);
                if ((doc.fieldOf(position) & fields) != 0) {
                    out.span(position, position + 1);
                }
            }
        }

        @Override
        int cost() {
            return 1;
        }
    }

    /**
     * Several keys in one object: any of them (an OR of words, prefixes and filters) or all of them (an AND). The
     * commonest topics compile to this, so that evaluating them touches one object rather than a tree.
     */
    static final class KeysEval extends Eval {
        /** In {@link #fields}: the key is a metadata value, not text. */
        static final int META = 0;

        private final int[] keys;
        private final int[] fields;
        private final String[] clauses;
        private final boolean all;

        KeysEval(int[] keys, int[] fields, String[] clauses, boolean all) {
            this.keys = keys;
            this.fields = fields;
            this.clauses = clauses;
            this.all = all;
        }

        @Override
        boolean test(DocIndex doc) {
            for (int i = 0; i < keys.length; i++) {
                if (present(doc, i) != all) {
                    return !all;
                }
            }
            return all;
        }

        private boolean present(DocIndex doc, int i) {
            return fields[i] == META ? doc.hasMeta(keys[i]) : doc.has(keys[i], fields[i]);
        }

        int[] keys() {
            return keys.clone();
        }

        int[] fields() {
            return fields.clone();
        }

        @Override
        void explain(DocIndex doc, Explanation out) {
            for (int i = 0; i < keys.length; i++) {
                if (!present(doc, i)) {
                    continue;
                }
                out.clause(clauses[i]);
                if (fields[i] == META) {
                    continue;
                }
                for (int j = 0, n = doc.count(keys[i]); j < n; j++) {
                    int position = doc.position(keys[i], j);
                    if ((doc.fieldOf(position) & fields[i]) != 0) {
                        out.span(position, position + 1);
                    }
                }
            }
        }

        @Override
        int cost() {
            return keys.length;
        }
    }

    /** Consecutive terms within one field. */
    static final class PhraseEval extends Eval implements SpanSource {
        private final int[] keys;
        private final int fields;
        private final String clause;

        PhraseEval(int[] keys, int fields, String clause) {
            this.keys = keys;
            this.fields = fields;
            this.clause = clause;
        }

        @Override
        boolean test(DocIndex doc) {
            int driver = driver(doc);
            if (driver < 0) {
                return false;
            }
            int key = keys[driver];
            for (int i = 0, n = doc.count(key); i < n; i++) {
                if (doc.phraseAt(doc.position(key, i) - driver, keys, fields)) {
                    return true;
                }
            }
            return false;
        }

        /** The index of the rarest term in the document, or -1 when one is missing. */
        private int driver(DocIndex doc) {
            int best = -1;
            int bestCount = Integer.MAX_VALUE;
            for (int i = 0; i < keys.length; i++) {
                if (!doc.has(keys[i])) {
                    return -1;
                }
                int count = doc.count(keys[i]);
                if (count < bestCount) {
                    best = i;
                    bestCount = count;
                }
            }
            return best;
        }

        @Override
        public int fields() {
            return fields;
        }

        @Override
        public void collect(DocIndex doc, int field, SpanBuffer out) {
            if ((fields & field) == 0) {
                return;
            }
            int driver = driver(doc);
            if (driver < 0) {
                return;
            }
            int key = keys[driver];
            for (int i = 0, n = doc.count(key); i < n; i++) {
                int start = doc.position(key, i) - driver;
                if (doc.phraseAt(start, keys, field)) {
                    out.add(start, start + keys.length);
                }
            }
        }

        @Override
        void explain(DocIndex doc, Explanation out) {
            out.clause(clause);
            int driver = driver(doc);
            int key = keys[driver];
            for (int i = 0, n = doc.count(key); i < n; i++) {
                int start = doc.position(key, i) - driver;
                if (doc.phraseAt(start, keys, fields)) {
                    out.span(start, start + keys.length);
                }
            }
        }

        @Override
        int cost() {
            return 2 + keys.length;
        }
    }

    /**
     * Lucene's unordered SpanNearQuery of two clauses in one field: spans {@code a} and {@code b} match when
     * {@code max(end) - min(start) - (length(a) + length(b)) <= slop}. For {@code b} starting at or after {@code a}
     * that is {@code b.start - a.end <= slop}, which is what {@link #near} checks, both ways round.
     */
    static final class NearEval extends Eval {
        private final SpanSource[] left;
        private final SpanSource[] right;
        private final int slop;
        private final int fields;
        private final String clause;

        NearEval(SpanSource[] left, SpanSource[] right, int slop, String clause) {
            this.left = left;
            this.right = right;
            this.slop = slop;
            this.clause = clause;
            int leftFields = 0;
            int rightFields = 0;
            for (SpanSource source : left) {
                leftFields |= source.fields();
            }
            for (SpanSource source : right) {
                rightFields |= source.fields();
            }
            this.fields = leftFields & rightFields;
        }

        @Override
        boolean test(DocIndex doc) {
            return (fields & Node.TITLE) != 0 && test(doc, Node.TITLE) || (fields & Node.BODY) != 0 && test(doc, Node.BODY);
        }

        private boolean test(DocIndex doc, int field) {
            if (!collect(doc, field)) {
                return false;
            }
            SpanBuffer a = doc.left;
            SpanBuffer b = doc.right;
            for (int i = 0; i < a.size; i++) {
                if (partner(a.starts[i], a.ends[i], b) >= 0) {
                    return true;
                }
            }
            for (int i = 0; i < b.size; i++) {
                if (partner(b.starts[i], b.ends[i], a) >= 0) {
                    return true;
                }
            }
            return false;
        }

        /** Fills the document's span buffers for {@code field}; false when one side has no span there. */
        private boolean collect(DocIndex doc, int field) {
            SpanBuffer a = doc.left;
            a.clear();
            for (SpanSource source : left) {
                source.collect(doc, field, a);
            }
            if (a.size == 0) {
                return false;
            }
            SpanBuffer b = doc.right;
            b.clear();
            for (SpanSource source : right) {
                source.collect(doc, field, b);
            }
            if (b.size == 0) {
                return false;
            }
            if (left.length > 1) {
                a.sort();
            }
            if (right.length > 1) {
                b.sort();
            }
            return true;
        }

        /** The index in {@code other} of a span that starts in {@code [start, end + slop]}, or -1. */
        private int partner(int start, int end, SpanBuffer other) {
            int i = other.firstAtOrAfter(start);
            return i < other.size && other.starts[i] <= end + slop ? i : -1;
        }

        @Override
        void explain(DocIndex doc, Explanation out) {
            out.clause(clause);
            for (int field : new int[] {Node.TITLE, Node.BODY}) {
                if ((fields & field) == 0 || !collect(doc, field)) {
                    continue;
                }
                SpanBuffer a = doc.left;
                SpanBuffer b = doc.right;
                for (int i = 0; i < a.size; i++) {
                    int j = partner(a.starts[i], a.ends[i], b);
                    if (j >= 0) {
                        out.span(a.starts[i], a.ends[i]);
                        out.span(b.starts[j], b.ends[j]);
                    }
                }
                for (int i = 0; i < b.size; i++) {
                    int j = partner(b.starts[i], b.ends[i], a);
                    if (j >= 0) {
                        out.span(b.starts[i], b.ends[i]);
                        out.span(a.starts[j], a.ends[j]);
                    }
                }
            }
        }

        @Override
        int cost() {
            return 10;
        }
    }

    /** All children match. */
    static final class AndEval extends Eval {
        private final Eval[] children;

        AndEval(Eval[] children) {
            this.children = children;
        }

        @Override
        boolean test(DocIndex doc) {
            for (Eval child : children) {
                if (!child.test(doc)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        void explain(DocIndex doc, Explanation out) {
            for (Eval child : children) {
                child.explain(doc, out);
            }
        }

        @Override
        int cost() {
            int cost = 0;
            for (Eval child : children) {
                cost += child.cost();
            }
            return cost;
        }
    }

    /** Some child matches. */
    static final class OrEval extends Eval {
        private final Eval[] children;

        OrEval(Eval[] children) {
            this.children = children;
        }

        @Override
        boolean test(DocIndex doc) {
            for (Eval child : children) {
                if (child.test(doc)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        void explain(DocIndex doc, Explanation out) {
            for (Eval child : children) {
                if (child.test(doc)) {
                    child.explain(doc, out);
                }
            }
        }

        @Override
        int cost() {
            int cost = 0;
            for (Eval child : children) {
                cost += child.cost();
            }
            return cost;
        }
    }

    /** The child does not match; it explains nothing, since what it excludes is absent. */
    static final class NotEval extends Eval {
        private final Eval child;

        NotEval(Eval child) {
            this.child = child;
        }

        @Override
        boolean test(DocIndex doc) {
            return !child.test(doc);
        }

        @Override
        void explain(DocIndex doc, Explanation out) {
            // nothing matched: the excluded clause is absent
        }

        @Override
        int cost() {
            return child.cost() + 1;
        }
    }
}
