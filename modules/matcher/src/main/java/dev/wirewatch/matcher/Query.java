package dev.wirewatch.matcher;

import dev.wirewatch.matcher.Node.And;
import dev.wirewatch.matcher.Node.Meta;
import dev.wirewatch.matcher.Node.Near;
import dev.wirewatch.matcher.Node.Not;
import dev.wirewatch.matcher.Node.Or;
import dev.wirewatch.matcher.Node.Phrase;
import dev.wirewatch.matcher.Node.Prefix;
import dev.wirewatch.matcher.Node.Term;
import dev.wirewatch.matcher.Node.TextAtom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A valid tracked-topic query: parsed, analysed and checked that it can match something, but not everything.
 *
 * <p>Instances are immutable and thread-safe. {@link #explain()} renders the query as the matcher understands it,
 * for the console's validation endpoint.
 */
public final class Query {

    private final String text;
    private final Node root;

    private Query(String text, Node root) {
        this.text = text;
        this.root = root;
    }

    /**
     * Parses and validates a query of the language in DESIGN.md.
     *
     * @throws QueryException with the position of the problem and a hint
     */
    public static Query parse(String text) {
        return parse(text, new TextAnalyzer());
    }

    static Query parse(String text, TextAnalyzer analyzer) {
        Objects.requireNonNull(text, "text");
        return new Query(text, QueryParser.parse(text, analyzer));
    }

    /** The query as written. */
    public String text() {
        return text;
    }

    /** The clauses a match can report: each word, prefix, phrase, NEAR and filter, as written. */
    public List<String> clauses() {
        List<String> clauses = new ArrayList<>();
        collectClauses(root, clauses);
        return clauses;
    }

    /**
     * The query as the matcher reads it, one clause a line, indented by nesting: operators, analysed terms and
     * the fields searched, for example {@code phrase "term limits" in title, body}.
     */
    public String explain() {
        StringBuilder out = new StringBuilder();
        explain(root, 0, out);
        return out.toString();
    }

    Node root() {
        return root;
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Query query && query.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    private static void collectClauses(Node node, List<String> out) {
        switch (node) {
            case And and -> and.children().forEach(child -> collectClauses(child, out));
            case Or or -> or.children().forEach(child -> collectClauses(child, out));
            case Not not -> collectClauses(not.child(), out);
            case Near near -> out.add(near.text());
            case Node.Atom atom -> out.add(atom.text());
        }
    }

    private static void explain(Node node, int depth, StringBuilder out) {
        out.append("  ".repeat(depth));
        switch (node) {
            case And and -> {
                out.append("AND (all of)\n");
                and.children().forEach(child -> explain(child, depth + 1, out));
            }
            case Or or -> {
                out.append("OR (any of)\n");
                or.children().forEach(child -> explain(child, depth + 1, out));
            }
            case Not not -> {
                out.append("NOT (none of)\n");
                explain(not.child(), depth + 1, out);
            }
            case Near near -> {
                out.append("NEAR/").append(near.slop()).append(" (at most ").append(near.slop())
                        .append(" words apart, either order, same field)\n");
                near.left().forEach(atom -> explain(atom, depth + 1, out));
                out.append("  ".repeat(depth + 1)).append("--\n");
                near.right().forEach(atom -> explain(atom, depth + 1, out));
            }
            case Term term -> out.append("term \"").append(term.term()).append('"').append(fields(term)).append('\n');
            case Phrase phrase -> out.append("phrase \"").append(String.join(" ", phrase.terms())).append('"')
                    .append(fields(phrase)).append('\n');
            case Prefix prefix -> out.append("prefix \"").append(prefix.prefix()).append("*\"").append(fields(prefix))
                    .append('\n');
            case Meta meta -> out.append("filter ").append(meta.kind().field()).append(" = ").append(meta.value())
                    .append('\n');
        }
    }

    private static String fields(TextAtom atom) {
        return switch (atom.fields()) {
            case Node.TITLE -> " in title";
            case Node.BODY -> " in body";
            default -> " in title, body";
        };
    }
}
