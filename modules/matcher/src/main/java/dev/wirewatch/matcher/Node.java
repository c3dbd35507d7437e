package dev.wirewatch.matcher;

import java.util.List;

/**
 * A parsed and analysed query: boolean operators over atoms whose words are already normalised terms.
 *
 * <p>Every node remembers where it stands in the query text ({@code start}, {@code end}) so that errors name a
 * position and explanations quote the clause as the user wrote it.
 */
sealed interface Node {

    /** Field bits of {@link #fields()}-style masks. */
    int TITLE = 1;
    int BODY = 2;
    int BOTH = TITLE | BODY;

    int start();

    int end();

    /** Both children must match (juxtaposition and {@code AND}). */
    record And(List<Node> children, int start, int end) implements Node {
        public And {
            children = List.copyOf(children);
        }
    }

    /** At least one child must match. */
    record Or(List<Node> children, int start, int end) implements Node {
        public Or {
            children = List.copyOf(children);
        }
    }

    /** The child must not match ({@code NOT x}, {@code -x}). */
    record Not(Node child, int start, int end) implements Node {
    }

    /**
     * {@code left NEAR/slop right}: an occurrence from each side within one field, at most {@code slop} tokens
     * between them, either order; each side is a list of alternatives.
     */
    record Near(List<TextAtom> left, List<TextAtom> right, int slop, String text, int start, int end)
            implements Node {
        public Near {
            left = List.copyOf(left);
            right = List.copyOf(right);
        }
    }

    /** A leaf of the boolean formula. */
    sealed interface Atom extends Node {
        /** The clause as written in the query. */
        String text();
    }

    /** A leaf that searches the text of the title and/or body. */
    sealed interface TextAtom extends Atom {
        /** Where to search: {@link #TITLE}, {@link #BODY} or {@link #BOTH}. */
        int fields();
    }

    /** One analysed term. */
    record Term(String term, int fields, String text, int start, int end) implements TextAtom {
    }

    /** Consecutive terms (a quoted phrase, or an unquoted word that analyses to several tokens). */
    record Phrase(List<String> terms, int fields, String text, int start, int end) implements TextAtom {
        public Phrase {
            terms = List.copyOf(terms);
        }
    }

    /** Any term that starts with {@code prefix} (already normalised, at least three characters). */
    record Prefix(String prefix, int fields, String text, int start, int end) implements TextAtom {
    }

    /** A metadata filter: {@code lang:es} or {@code source:elfaro.net}, value normalised. */
    record Meta(MetaKind kind, String value, String text, int start, int end) implements Atom {
    }

    /** The metadata that {@link Meta} filters on. */
    enum MetaKind {
        LANG("lang"), SOURCE("source");

        private final String field;

        MetaKind(String field) {
            this.field = field;
        }

        /** The field name, as in the query and in the oracle's Lucene documents. */
        String field() {
            return field;
        }
    }
}
