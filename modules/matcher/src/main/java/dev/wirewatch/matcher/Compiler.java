package dev.wirewatch.matcher;

import dev.wirewatch.matcher.Eval.AndEval;
import dev.wirewatch.matcher.Eval.KeyEval;
import dev.wirewatch.matcher.Eval.MetaEval;
import dev.wirewatch.matcher.Eval.NearEval;
import dev.wirewatch.matcher.Eval.NotEval;
import dev.wirewatch.matcher.Eval.OrEval;
import dev.wirewatch.matcher.Eval.PhraseEval;
import dev.wirewatch.matcher.Eval.SpanSource;
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
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Compiles a {@link Query} against the {@link KeyTable}: the evaluator tree, and the anchor keys of the prefilter.
 *
 * <p>Anchors are a set of keys at least one of which every matching document contains, chosen small and rare:
 * an AND needs the anchors of one child (the cheapest), an OR those of all children, a phrase its longest term,
 * a NEAR the cheaper side. Only positive clauses can anchor; {@link Validation} guarantees that some do. Callers
 * hold the matcher's write lock, since compiling adds keys.
 */
final class Compiler {

    /** The compiled form of one topic. */
    record Compiled(Eval root, int[] anchors, int keyLimit) {
    }

    private record Anchors(Set<Integer> keys, double cost) {
    }

    private final KeyTable keys;
    private int maxKey = -1;

    private Compiler(KeyTable keys) {
        this.keys = keys;
    }

    static Compiled compile(Query query, KeyTable keys) {
        Compiler compiler = new Compiler(keys);
        Eval root = compiler.eval(query.root());
        Anchors anchors = compiler.anchors(query.root(), false);
        if (anchors == null) {
            Set<Integer> all = new LinkedHashSet<>();
            compiler.positiveKeys(query.root(), false, all);
            anchors = new Anchors(all, 0);
        }
        int[] anchorKeys = anchors.keys().stream().mapToInt(Integer::intValue).toArray();
        return new Compiled(root, anchorKeys, compiler.maxKey + 1);
    }

    private Eval eval(Node node) {
        return switch (node) {
            case And and -> {
                List<Eval> children = new ArrayList<>();
                List<Eval> negated = new ArrayList<>();
                for (Node child : and.children()) {
                    (child instanceof Not ? negated : children).add(eval(child));
                }
                children.sort(Comparator.comparingInt(Eval::cost));
                children.addAll(negated);
                yield new AndEval(children.toArray(Eval[]::new));
            }
            case Or or -> {
                List<Eval> children = new ArrayList<>();
                or.children().forEach(child -> children.add(eval(child)));
                children.sort(Comparator.comparingInt(Eval::cost));
                yield new OrEval(children.toArray(Eval[]::new));
            }
            case Not not -> new NotEval(eval(not.child()));
            case Near near -> new NearEval(sources(near.left()), sources(near.right()), near.slop(), near.text());
            case Meta meta -> new MetaEval(key(metaKey(meta)), meta.text());
            case TextAtom atom -> (Eval) source(atom);
        };
    }

    private SpanSource[] sources(List<TextAtom> atoms) {
        SpanSource[] sources = new SpanSource[atoms.size()];
        for (int i = 0; i < sources.length; i++) {
            sources[i] = source(atoms.get(i));
        }
        return sources;
    }

    private SpanSource source(TextAtom atom) {
        return switch (atom) {
            case Term term -> new KeyEval(key(term.term()), term.fields(), term.text());
            case Prefix prefix -> new KeyEval(prefixKey(prefix.prefix()), prefix.fields(), prefix.text());
            case Phrase phrase -> {
                int[] ids = new int[phrase.terms().size()];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = key(phrase.terms().get(i));
                }
                yield new PhraseEval(ids, phrase.fields(), phrase.text());
            }
        };
    }

    /** The anchors of {@code node} (negated when under an odd number of NOTs), or null when it has none. */
    private Anchors anchors(Node node, boolean negated) {
        return switch (node) {
            case Not not -> anchors(not.child(), !negated);
            case And and -> negated ? union(and.children(), true) : cheapest(and.children(), false);
            case Or or -> negated ? cheapest(or.children(), true) : union(or.children(), false);
            default -> negated ? null : atomAnchors(node);
        };
    }

    private Anchors cheapest(List<Node> children, boolean negated) {
        Anchors best = null;
        for (Node child : children) {
            Anchors anchors = anchors(child, negated);
            if (anchors != null && (best == null || anchors.cost() < best.cost())) {
                best = anchors;
            }
        }
        return best;
    }

    private Anchors union(List<Node> children, boolean negated) {
        Set<Integer> keys = new LinkedHashSet<>();
        double cost = 0;
        for (Node child : children) {
            Anchors anchors = anchors(child, negated);
            if (anchors == null) {
                return null;
            }
            keys.addAll(anchors.keys());
            cost += anchors.cost();
        }
        return new Anchors(keys, cost);
    }

    private Anchors atomAnchors(Node atom) {
        return switch (atom) {
            case Near near -> {
                Anchors left = sideAnchors(near.left());
                Anchors right = sideAnchors(near.right());
                yield left.cost() <= right.cost() ? left : right;
            }
            case Meta meta -> new Anchors(Set.of(key(metaKey(meta))),
                    meta.kind() == Node.MetaKind.LANG ? 1.0 : 0.1);
            case TextAtom text -> textAnchor(text);
            default -> throw new IllegalStateException("not an atom: " + atom);
        };
    }

    private Anchors sideAnchors(List<TextAtom> atoms) {
        Set<Integer> keys = new LinkedHashSet<>();
        double cost = 0;
        for (TextAtom atom : atoms) {
            Anchors anchors = textAnchor(atom);
            keys.addAll(anchors.keys());
            cost += anchors.cost();
        }
        return new Anchors(keys, cost);
    }

    private Anchors textAnchor(TextAtom atom) {
        return switch (atom) {
            case Term term -> new Anchors(Set.of(key(term.term())), termCost(term.term()));
            case Prefix prefix -> new Anchors(Set.of(prefixKey(prefix.prefix())), 8 * termCost(prefix.prefix()));
            case Phrase phrase -> {
                String rarest = phrase.terms().stream().max(Comparator.comparingInt(String::length)).orElseThrow();
                yield new Anchors(Set.of(key(rarest)), termCost(rarest));
            }
        };
    }

    /** Without statistics, longer words are taken to be rarer: roughly what Lucene Monitor's weighting assumes. */
    private static double termCost(String term) {
        double length = term.length();
        return 1.0 / (1.0 + length * length * length);
    }

    /** Every key of a positive atom: the fallback anchors, complete whenever {@link Validation} passed. */
    private void positiveKeys(Node node, boolean negated, Set<Integer> out) {
        switch (node) {
            case Not not -> positiveKeys(not.child(), !negated, out);
            case And and -> and.children().forEach(child -> positiveKeys(child, negated, out));
            case Or or -> or.children().forEach(child -> positiveKeys(child, negated, out));
            default -> {
                if (!negated) {
                    out.addAll(atomAnchors(node).keys());
                }
            }
        }
    }

    private static String metaKey(Meta meta) {
        return KeyTable.META + meta.kind().field() + ":" + meta.value();
    }

    private int key(String term) {
        return track(keys.internExact(term));
    }

    private int prefixKey(String prefix) {
        return track(keys.internPrefix(prefix));
    }

    private int track(int id) {
        maxKey = Math.max(maxKey, id);
        return id;
    }
}
