package dev.wirewatch.article;

import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Map;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * Per element of a subtree, in one pass: visible text length, link text length, and counts of paragraphs, list
 * items, images and commas below it.
 */
final class BlockStats {
    static final int TEXT = 0;
    static final int LINKS = 1;
    static final int P = 2;
    static final int LI = 3;
    static final int IMG = 4;
    static final int COMMAS = 5;

    private BlockStats() {
    }

    static Map<Element, int[]> of(Element root) {
        Map<Element, int[]> out = new IdentityHashMap<>();
        ArrayDeque<int[]> stack = new ArrayDeque<>();
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof Element) {
                    stack.push(new int[6]);
                } else if (node instanceof TextNode t && !stack.isEmpty()) {
                    String text = t.getWholeText();
                    int[] top = stack.peek();
                    top[TEXT] += visibleLength(text);
                    top[COMMAS] += commas(text);
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (!(node instanceof Element e)) {
                    return;
                }
                int[] s = stack.pop();
                switch (e.normalName()) {
                    case "a" -> s[LINKS] = e.attr("href").startsWith("#") ? s[TEXT] / 3 : s[TEXT];
                    case "p" -> s[P]++;
                    case "li" -> s[LI]++;
                    case "img" -> s[IMG]++;
                    default -> {
                        // no count of its own
                    }
                }
                out.put(e, s);
                int[] parent = stack.peek();
                if (parent != null) {
                    for (int i = 0; i < s.length; i++) {
                        parent[i] += s[i];
                    }
                }
            }
        }, root);
        return out;
    }

    static double linkDensity(Map<Element, int[]> stats, Element e) {
        int[] s = stats.get(e);
        return s == null || s[TEXT] == 0 ? 0 : Math.min(1, (double) s[LINKS] / s[TEXT]);
    }

    /** Takes a removed element's numbers out of its ancestors up to the root. */
    static void subtract(Map<Element, int[]> stats, Element removed, Element root) {
        int[] s = stats.get(removed);
        for (Element p = removed.parent(); p != null; p = p.parent()) {
            int[] ps = stats.get(p);
            if (ps == null) {
                break;
            }
            for (int i = 0; i < s.length; i++) {
                ps[i] -= s[i];
            }
            if (p == root) {
                break;
            }
        }
    }

    /** Characters of a text with runs of white space counted once. */
    static int visibleLength(String text) {
        int n = 0;
        boolean space = true;
        for (int i = 0; i < text.length(); i++) {
            if (Text.isSpace(text.charAt(i))) {
                if (!space) {
                    n++;
                    space = true;
                }
            } else {
                n++;
                space = false;
            }
        }
        return n;
    }

    /** Commas in a text, counting the CJK ones. */
    static int commas(String text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ',' || c == '，' || c == '、') {
                n++;
            }
        }
        return n;
    }
}
