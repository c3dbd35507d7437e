package dev.wirewatch.matcher;

import dev.wirewatch.matcher.Eval.AndEval;
import dev.wirewatch.matcher.Eval.KeyEval;
import dev.wirewatch.matcher.Eval.KeysEval;
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
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles a {@link Query} against the {@link KeyTable}: the evaluator tree (for explanations), and the entries of
 * the prefilter, each an anchor key with the {@link Program} to test when the anchor is found.
 *
 * <p>Anchors are a set of keys at least one of which every matching document contains, chosen small and rare:
 * an AND needs the anchors of one child (the cheapest), an OR those of all children, a phrase its rarest term,
 * a NEAR the cheaper side. How rare a key is comes from the {@link KeyStatistics} of the documents matched so far,
 * or, for keys they do not know yet, is guessed from its length. Only positive clauses can anchor; {@link Validation} guarantees that some do. Callers
 * hold the matcher's write lock, since compiling adds keys.
 */
final class Compiler {

    /**
     * The compiled form of one topic.
     *
     * @param root the whole query, for explanations
     * @param entries what the prefilter files under each anchor key: a topic matches exactly when one of its
     *     entries, found through its anchor, holds
     * @param keyLimit one more than the largest key id the topic uses
     */
    record Compiled(Eval root, List<Entry> entries, int keyLimit) {

        /** The distinct anchor keys of the entries. */
        int[] anchors() {
            return entries.stream().mapToInt(Entry::anchor).distinct().toArray();
        }
    }

    /**
     * One way for a topic to match, filed under one anchor key.
     *
     * @param required other keys that a match through this entry contains, rarest first: the matcher checks a
     *     few of them before evaluating
     * @param program the clause to test, or null when it is {@code fallback}'s (a clause with NEAR) or when the
     *     anchor and the first two required keys already decide it (both null)
     */
    record Entry(int anchor, int[] required, int[] program, Eval fallback) {
    }

    /**
     * Anchor keys, each with the keys that a match through it must also contain (those of the clause it anchors,
     * and of every AND above that clause), and an estimated cost.
     */
    private record Anchors(Map<Integer, Set<Integer>> byKey, double cost) {

        static Anchors of(int key, Set<Integer> required, double cost) {
            Map<Integer, Set<Integer>> byKey = new LinkedHashMap<>();
            byKey.put(key, new LinkedHashSet<>(required));
            return new Anchors(byKey, cost);
        }

        Set<Integer> keys() {
            return byKey.keySet();
        }

        /** These anchors, each also requiring {@code more}. */
        Anchors requiring(Set<Integer> more) {
            Map<Integer, Set<Integer>> copy = new LinkedHashMap<>();
            byKey.forEach((key, required) -> {
                Set<Integer> all = new LinkedHashSet<>(required);
                all.addAll(more);
                copy.put(key, all);
            });
            return new Anchors(copy, cost);
        }

        /** Adds these anchors to {@code into}; a key that anchors both keeps only what both require. */
        void mergeInto(Map<Integer, Set<Integer>> into) {
            byKey.forEach((key, required) -> {
                Set<Integer> existing = into.get(key);
                if (existing == null) {
                    into.put(key, new LinkedHashSet<>(required));
                } else {
                    existing.retainAll(required);
                }
            });
        }
    }

    private final KeyTable keys;
    private final KeyStatistics statistics;
    private final Map<Integer, Double> costs = new HashMap<>();
    private int maxKey = -1;

    private Compiler(KeyTable keys, KeyStatistics statistics) {
        this.keys = keys;
        this.statistics = statistics;
    }

    /** Compiles {@code query}, estimating how rare each key is from {@code statistics} where they know it. */
    static Compiled compile(Query query, KeyTable keys, KeyStatistics statistics) {
        Compiler compiler = new Compiler(keys, statistics);
        Eval root = compiler.eval(query.root());
        List<Entry> entries = new ArrayList<>();
        // a top-level OR files each alternative apart, so that a hit on one anchor tests only its alternative
        if (query.root() instanceof Or or && root instanceof OrEval) {
            for (Node child : or.children()) {
                Anchors anchors = compiler.anchors(child, false);
                if (anchors == null) {
                    entries.clear();
                    break;
                }
                compiler.addEntries(child, compiler.eval(child), anchors, entries);
            }
        }
        if (entries.isEmpty()) {
            Anchors anchors = compiler.anchors(query.root(), false);
            if (anchors == null) {
                Set<Integer> all = new LinkedHashSet<>();
                compiler.positiveKeys(query.root(), false, all);
                Map<Integer, Set<Integer>> byKey = new LinkedHashMap<>();
                all.forEach(key -> byKey.put(key, Set.of(key)));
                anchors = new Anchors(byKey, 0);
            }
            compiler.addEntries(query.root(), root, anchors, entries);
        }
        return new Compiled(root, List.copyOf(entries), compiler.maxKey + 1);
    }

    private void addEntries(Node clause, Eval eval, Anchors anchors, List<Entry> out) {
        int[] program = program(clause);
        anchors.byKey().forEach((key, also) -> {
            int[] required = also.stream()
                    .filter(other -> !other.equals(key))
                    .sorted(Comparator.comparingDouble(other -> costs.getOrDefault(other, 1.0)))
                    .mapToInt(Integer::intValue).toArray();
            int[] checked = Arrays.copyOf(required, Math.min(2, required.length));
            if (program == null) {
                out.add(new Entry(key, required, null, eval));
            } else {
                out.add(new Entry(key, required, Program.decided(program, key, checked) ? null : program, null));
            }
        });
    }

    /** The children of an AND that must match, and those under NOT that must not (without their NOT). */
    private record Sides(List<Node> positive, List<Node> negative) {

        static Sides of(And and) {
            List<Node> positive = new ArrayList<>();
            List<Node> negative = new ArrayList<>();
            for (Node child : and.children()) {
                if (child instanceof Not not) {
                    negative.add(not.child());
                } else {
                    positive.add(child);
                }
            }
            return new Sides(positive, negative);
        }
    }

    /** The {@link Program} of {@code node}, or null when it contains NEAR. */
    private int[] program(Node node) {
        return switch (node) {
            case And and -> {
                Sides sides = Sides.of(and);
                List<Node> positive = sides.positive();
                List<Node> negative = sides.negative();
                List<int[]> children = new ArrayList<>();
                if (positive.size() > 1 && positive.stream().allMatch(Compiler::isKey)) {
                    children.add(keyProgram(positive, Program.ALL));
                } else {
                    for (Node child : positive) {
                        children.add(program(child));
                    }
                }
                if (negative.size() > 1 && negative.stream().allMatch(Compiler::isKey)) {
                    children.add(Program.node(Program.NOT, List.of(keyProgram(negative, Program.ANY))));
                } else {
                    for (Node child : negative) {
                        int[] excluded = program(child);
                        children.add(excluded == null ? null : Program.node(Program.NOT, List.of(excluded)));
                    }
                }
                if (children.contains(null)) {
                    yield null;
                }
                yield children.size() == 1 ? children.get(0) : Program.node(Program.AND, children);
            }
            case Or or -> {
                if (or.children().stream().allMatch(Compiler::isKey)) {
                    yield keyProgram(or.children(), Program.ANY);
                }
                List<int[]> children = new ArrayList<>();
                for (Node child : or.children()) {
                    children.add(program(child));
                }
                yield children.contains(null) ? null : Program.node(Program.OR, children);
            }
            case Not not -> {
                int[] child = program(not.child());
                yield child == null ? null : Program.node(Program.NOT, List.of(child));
            }
            case Near near -> null;
            case Phrase phrase -> {
                int[] ids = new int[phrase.terms().size()];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = key(phrase.terms().get(i));
                }
                yield Program.phrase(ids, phrase.fields());
            }
            case Term term -> keyProgram(List.of(term), Program.ANY);
            case Prefix prefix -> keyProgram(List.of(prefix), Program.ANY);
            case Meta meta -> keyProgram(List.of(meta), Program.ANY);
        };
    }

    private int[] keyProgram(List<Node> nodes, int op) {
        KeysEval keysEval = keys(nodes, op == Program.ALL);
        return Program.keys(op, keysEval.keys(), keysEval.fields());
    }

    private Eval eval(Node node) {
        return switch (node) {
            case And and -> {
                Sides sides = Sides.of(and);
                List<Node> positive = sides.positive();
                List<Node> negative = sides.negative();
                List<Eval> children = new ArrayList<>();
                if (positive.size() > 1 && positive.stream().allMatch(Compiler::isKey)) {
                    children.add(keys(positive, true));
                } else {
                    positive.forEach(child -> children.add(eval(child)));
                    children.sort(Comparator.comparingInt(Eval::cost));
                }
                // NOT a AND NOT b is NOT (a OR b)
                if (negative.size() > 1 && negative.stream().allMatch(Compiler::isKey)) {
                    children.add(new NotEval(keys(negative, false)));
                } else {
                    negative.forEach(child -> children.add(new NotEval(eval(child))));
                }
                yield children.size() == 1 ? children.get(0) : new AndEval(children.toArray(Eval[]::new));
            }
            case Or or -> {
                if (or.children().stream().allMatch(Compiler::isKey)) {
                    yield keys(or.children(), false);
                }
                List<Eval> children = new ArrayList<>();
                or.children().forEach(child -> children.add(eval(child)));
                children.sort(Comparator.comparingInt(Eval::cost));
                yield new OrEval(children.toArray(Eval[]::new));
            }
            case Term term when term.fields() == Node.BOTH -> keys(List.of(term), false);
            case Prefix prefix when prefix.fields() == Node.BOTH -> keys(List.of(prefix), false);
            case Meta meta -> keys(List.of(meta), false);
            case Not not -> new NotEval(eval(not.child()));
            case Near near -> new NearEval(sources(near.left()), sources(near.right()), near.slop(), near.text());
            case TextAtom atom -> (Eval) source(atom);
        };
    }

    /** Whether {@code node} is one key of the table: a word, a prefix or a filter. */
    private static boolean isKey(Node node) {
        return node instanceof Term || node instanceof Prefix || node instanceof Meta;
    }

    private KeysEval keys(List<Node> nodes, boolean all) {
        int[] ids = new int[nodes.size()];
        int[] fields = new int[nodes.size()];
        String[] clauses = new String[nodes.size()];
        for (int i = 0; i < ids.length; i++) {
            switch (nodes.get(i)) {
                case Term term -> {
                    ids[i] = key(term.term());
                    fields[i] = term.fields();
                    clauses[i] = term.text();
                }
                case Prefix prefix -> {
                    ids[i] = prefixKey(prefix.prefix());
                    fields[i] = prefix.fields();
                    clauses[i] = prefix.text();
                }
                case Meta meta -> {
                    ids[i] = key(metaKey(meta));
                    fields[i] = KeysEval.META;
                    clauses[i] = meta.text();
                }
                default -> throw new IllegalStateException("not a key: " + nodes.get(i));
            }
        }
        return new KeysEval(ids, fields, clauses, all);
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
            case And and -> {
                if (negated) {
                    yield union(and.children(), true);
                }
                Anchors cheapest = cheapest(and.children(), false);
                yield cheapest == null ? null : cheapest.requiring(required(and));
            }
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
        Map<Integer, Set<Integer>> byKey = new LinkedHashMap<>();
        double cost = 0;
        for (Node child : children) {
            Anchors anchors = anchors(child, negated);
            if (anchors == null) {
                return null;
            }
            anchors.mergeInto(byKey);
            cost += anchors.cost();
        }
        return new Anchors(byKey, cost);
    }

    private Anchors atomAnchors(Node atom) {
        return switch (atom) {
            case Near near -> {
                Anchors left = sideAnchors(near.left());
                Anchors right = sideAnchors(near.right());
                yield left.cost() <= right.cost() ? left.requiring(requiredOfAny(near.right()))
                        : right.requiring(requiredOfAny(near.left()));
            }
            case Meta meta -> Anchors.of(key(metaKey(meta)), Set.of(key(metaKey(meta))), cost(key(metaKey(meta)),
                    estimate(key(metaKey(meta)), meta.kind() == Node.MetaKind.LANG ? 1.0 : 0.1)));
            case TextAtom text -> textAnchor(text);
            default -> throw new IllegalStateException("not an atom: " + atom);
        };
    }

    private Anchors sideAnchors(List<TextAtom> atoms) {
        Map<Integer, Set<Integer>> byKey = new LinkedHashMap<>();
        double cost = 0;
        for (TextAtom atom : atoms) {
            Anchors anchors = textAnchor(atom);
            anchors.mergeInto(byKey);
            cost += anchors.cost();
        }
        return new Anchors(byKey, cost);
    }

    private Anchors textAnchor(TextAtom atom) {
        return switch (atom) {
            case Term term -> Anchors.of(key(term.term()), Set.of(key(term.term())),
                    cost(key(term.term()), estimate(key(term.term()), termCost(term.term()))));
            case Prefix prefix -> Anchors.of(prefixKey(prefix.prefix()), Set.of(prefixKey(prefix.prefix())),
                    cost(prefixKey(prefix.prefix()), estimate(prefixKey(prefix.prefix()), 8 * termCost(prefix.prefix()))));
            case Phrase phrase -> {
                int rarest = -1;
                double lowest = Double.MAX_VALUE;
                for (String term : phrase.terms()) {
                    double cost = cost(key(term), estimate(key(term), termCost(term)));
                    if (cost < lowest) {
                        rarest = key(term);
                        lowest = cost;
                    }
                }
                yield Anchors.of(rarest, required(phrase), lowest);
            }
        };
    }

    /**
     * How rare {@code key} is: the share of documents that contain it where the statistics know it, else
     * {@code guess}. A thousandth of the guess breaks ties between keys the statistics find equally often.
     */
    private double estimate(int key, double guess) {
        double share = statistics.share(key);
        return Double.isNaN(share) ? guess : share + guess / 1000;
    }

    /** Records the estimated cost (frequency) of a key, for ordering required keys; returns it. */
    private double cost(int key, double cost) {
        costs.put(key, cost);
        return cost;
    }

    /** Without statistics, longer words are taken to be rarer: roughly what Lucene Monitor's weighting assumes. */
    private static double termCost(String term) {
        double length = term.length();
        return 1.0 / (1.0 + length * length * length);
    }

    /** Keys that every document matching {@code node} contains. */
    private Set<Integer> required(Node node) {
        return switch (node) {
            case And and -> {
                Set<Integer> all = new LinkedHashSet<>();
                and.children().forEach(child -> all.addAll(required(child)));
                yield all;
            }
            case Or or -> {
                Set<Integer> common = null;
                for (Node child : or.children()) {
                    Set<Integer> keys = required(child);
                    if (common == null) {
                        common = new LinkedHashSet<>(keys);
                    } else {
                        common.retainAll(keys);
                    }
                }
                yield common == null ? Set.of() : common;
            }
            case Not not -> Set.of();
            case Near near -> {
                Set<Integer> both = new LinkedHashSet<>(requiredOfAny(near.left()));
                both.addAll(requiredOfAny(near.right()));
                yield both;
            }
            case Meta meta -> Set.of(key(metaKey(meta)));
            case Term term -> Set.of(key(term.term()));
            case Prefix prefix -> Set.of(prefixKey(prefix.prefix()));
            case Phrase phrase -> {
                Set<Integer> terms = new LinkedHashSet<>();
                phrase.terms().forEach(term -> terms.add(key(term)));
                yield terms;
            }
        };
    }

    private Set<Integer> requiredOfAny(List<TextAtom> alternatives) {
        Set<Integer> common = null;
        for (TextAtom atom : alternatives) {
            Set<Integer> keys = required(atom);
            if (common == null) {
                common = new LinkedHashSet<>(keys);
            } else {
                common.retainAll(keys);
            }
        }
        return common == null ? Set.of() : common;
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
