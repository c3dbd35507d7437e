package dev.wirewatch.matcher;

import dev.wirewatch.matcher.Node.And;
import dev.wirewatch.matcher.Node.Atom;
import dev.wirewatch.matcher.Node.Near;
import dev.wirewatch.matcher.Node.Not;
import dev.wirewatch.matcher.Node.Or;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Rejects parsed queries that no tracked topic should have: those that match articles containing none of their
 * words (a bare {@code NOT x}, {@code a OR NOT b}), and those that can never match ({@code a -a}).
 *
 * <p>The first rule is also what makes the matcher's prefilter complete: a query that is false when every atom is
 * false needs at least one of its positive atoms in an article, so indexing those atoms finds every candidate.
 */
final class Validation {

    /** Above this many distinct atoms the contradiction check is skipped (it enumerates assignments). */
    private static final int MAX_ATOMS_FOR_CONTRADICTION = 12;

    private Validation() {
    }

    static void check(Node root, String query) {
        if (evaluate(root, atom -> false)) {
            Node culprit = matchingEverything(root);
            throw new QueryException("query matches articles that contain none of its words", culprit.start(),
                    "NOT and - only exclude: combine them with something to find, as in bukele -cecot");
        }
        Map<String, Integer> identities = new HashMap<>();
        Map<Node, Integer> atoms = new IdentityHashMap<>();
        collectAtoms(root, identities, atoms);
        if (identities.size() <= MAX_ATOMS_FOR_CONTRADICTION && !satisfiable(root, identities.size(), atoms)) {
            throw new QueryException("query can never match", 0,
                    "it requires and excludes the same words; remove the contradiction");
        }
    }

    /** Evaluates the formula with each atom's truth given by {@code truth}, NEAR counted as one atom. */
    static boolean evaluate(Node node, Predicate<Node> truth) {
        return switch (node) {
            case And and -> {
                for (Node child : and.children()) {
                    if (!evaluate(child, truth)) {
                        yield false;
                    }
                }
                yield true;
            }
            case Or or -> {
                for (Node child : or.children()) {
                    if (evaluate(child, truth)) {
                        yield true;
                    }
                }
                yield false;
            }
            case Not not -> !evaluate(not.child(), truth);
            case Near near -> truth.test(near);
            case Atom atom -> truth.test(atom);
        };
    }

    /** The innermost node to blame for a query that is true with every atom false: the responsible NOT. */
    private static Node matchingEverything(Node node) {
        return switch (node) {
            case And and -> matchingEverything(and.children().get(0));
            case Or or -> {
                for (Node child : or.children()) {
                    if (evaluate(child, atom -> false)) {
                        yield matchingEverything(child);
                    }
                }
                yield or;
            }
            default -> node;
        };
    }

    private static void collectAtoms(Node node, Map<String, Integer> identities, Map<Node, Integer> atoms) {
        switch (node) {
            case And and -> and.children().forEach(child -> collectAtoms(child, identities, atoms));
            case Or or -> or.children().forEach(child -> collectAtoms(child, identities, atoms));
            case Not not -> collectAtoms(not.child(), identities, atoms);
            default -> atoms.put(node, identities.computeIfAbsent(identity(node), key -> identities.size()));
        }
    }

    /** Two atoms with the same identity match the same articles. */
    private static String identity(Node atom) {
        return switch (atom) {
            case Node.Term term -> "t" + term.fields() + ":" + term.term();
            case Node.Phrase phrase -> "p" + phrase.fields() + ":" + String.join(" ", phrase.terms());
            case Node.Prefix prefix -> "x" + prefix.fields() + ":" + prefix.prefix();
            case Node.Meta meta -> "m" + meta.kind() + ":" + meta.value();
            case Near near -> "n" + near.slop() + ":" + nearIdentity(near.left()) + "~" + nearIdentity(near.right());
            default -> throw new IllegalStateException("not an atom: " + atom);
        };
    }

    private static String nearIdentity(List<Node.TextAtom> atoms) {
        List<String> ids = new ArrayList<>();
        atoms.forEach(atom -> ids.add(identity(atom)));
        return String.join("|", ids);
    }

    private static boolean satisfiable(Node root, int count, Map<Node, Integer> atoms) {
        for (int assignment = 0; assignment < 1 << count; assignment++) {
            int bits = assignment;
            if (evaluate(root, atom -> (bits >>> atoms.get(atom) & 1) != 0)) {
                return true;
            }
        }
        return false;
    }
}
