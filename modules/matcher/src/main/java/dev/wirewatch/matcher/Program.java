package dev.wirewatch.matcher;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A clause compiled to one flat {@code int[]}: what the match loop evaluates for each candidate topic.
 *
 * <p>An {@link Eval} tree costs a cache miss per node on a large matcher, and most candidates are evaluated on
 * cold memory; one array per clause is read in a line or two. Every node is {@code [op, size, ...]} where
 * {@code size} counts the node's own ints, so that AND and OR skip a child without decoding it:
 * <ul>
 *   <li>{@code ANY, size, (key, fields)...}: some key occurs in its fields ({@code fields} 0 for metadata);
 *   <li>{@code ALL, size, (key, fields)...}: every key does;
 *   <li>{@code PHRASE, size, fields, key...}: the keys occur consecutively within one of {@code fields};
 *   <li>{@code AND, size, child...}, {@code OR, size, child...}, {@code NOT, size, child}.
 * </ul>
 * NEAR has no form here: clauses with one keep their {@link Eval} tree.
 */
final class Program {

    static final int ANY = 1;
    static final int ALL = 2;
    static final int PHRASE = 3;
    static final int AND = 4;
    static final int OR = 5;
    static final int NOT = 6;

    private Program() {
    }

    /** Whether the document satisfies the node at {@code pc}. */
    static boolean test(int[] code, int pc, DocIndex doc) {
        int end = pc + code[pc + 1];
        switch (code[pc]) {
            case ANY -> {
                for (int i = pc + 2; i < end; i += 2) {
                    if (doc.has(code[i], code[i + 1])) {
                        return true;
                    }
                }
                return false;
            }
            case ALL -> {
                for (int i = pc + 2; i < end; i += 2) {
                    if (!doc.has(code[i], code[i + 1])) {
                        return false;
                    }
                }
                return true;
            }
            case PHRASE -> {
                return doc.phrase(code, pc + 3, end, code[pc + 2]);
            }
            case AND -> {
                for (int child = pc + 2; child < end; child += code[child + 1]) {
                    if (!test(code, child, doc)) {
                        return false;
                    }
                }
                return true;
            }
            case OR -> {
                for (int child = pc + 2; child < end; child += code[child + 1]) {
                    if (test(code, child, doc)) {
                        return true;
                    }
                }
                return false;
            }
            case NOT -> {
                return !test(code, pc + 2, doc);
            }
            default -> throw new IllegalStateException("bad opcode " + code[pc] + " at " + pc);
        }
    }

    /** A node of keys: {@link #ANY} or {@link #ALL}. */
    static int[] keys(int op, int[] keys, int[] fields) {
        int[] code = new int[2 + 2 * keys.length];
        code[0] = op;
        code[1] = code.length;
        for (int i = 0; i < keys.length; i++) {
            code[2 + 2 * i] = keys[i];
            code[3 + 2 * i] = fields[i];
        }
        return code;
    }

    static int[] phrase(int[] keys, int fields) {
        int[] code = new int[3 + keys.length];
        code[0] = PHRASE;
        code[1] = code.length;
        code[2] = fields;
        System.arraycopy(keys, 0, code, 3, keys.length);
        return code;
    }

    /** {@link #AND}, {@link #OR} or {@link #NOT} over {@code children}, cheapest first for AND and OR. */
    static int[] node(int op, List<int[]> children) {
        int[][] sorted = children.toArray(int[][]::new);
        if (op != NOT) {
            Arrays.sort(sorted, Comparator.comparingInt(Program::cost));
        }
        int size = 2;
        for (int[] child : sorted) {
            size += child.length;
        }
        int[] code = new int[size];
        code[0] = op;
        code[1] = size;
        int at = 2;
        for (int[] child : sorted) {
            System.arraycopy(child, 0, code, at, child.length);
            at += child.length;
        }
        return code;
    }

    /** A rough relative cost of testing the node, as {@link Eval#cost()}. */
    static int cost(int[] code) {
        return switch (code[0]) {
            case ANY, ALL -> (code.length - 2) / 2;
            case PHRASE -> 2 + code.length - 3;
            case NOT -> 1 + code.length;
            default -> code.length;
        };
    }

    /**
     * Whether a document that contains {@code anchor} and every key of {@code checked} satisfies {@code code}
     * without evaluating it: an OR of unscoped words that includes the anchor, or an AND of unscoped words.
     */
    static boolean decided(int[] code, int anchor, int[] checked) {
        if (code[0] != ANY && code[0] != ALL) {
            return false;
        }
        boolean anchorFound = false;
        for (int i = 2; i < code.length; i += 2) {
            int key = code[i];
            int fields = code[i + 1];
            if (fields != Eval.KeysEval.META && fields != Node.BOTH) {
                return false;
            }
            anchorFound |= key == anchor;
            if (code[0] == ALL && key != anchor && !contains(checked, key)) {
                return false;
            }
        }
        return anchorFound;
    }

    private static boolean contains(int[] values, int value) {
        for (int v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }
}
