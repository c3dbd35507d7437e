package dev.wirewatch.article;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.Evaluator;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;
import org.jsoup.select.QueryParser;

/**
 * Finds the main text of a parsed page: markup that is never article text and blocks named as boilerplate are pruned,
 * the container the page names itself or else the best-scoring one (readability-style) is chosen, boilerplate inside
 * it is cleaned, and the rest rendered line by line without teasers, credits, dates and bylines.
 *
 * <p>Thread-safe: the state of one page lives in the call; the rules' caches are concurrent.
 */
final class MainText {

    private static final Set<String> ALWAYS_JUNK = Set.of("script", "style", "template", "svg", "canvas",
            "iframe", "object", "embed", "button", "input", "select", "textarea", "option", "link", "meta", "head", "map",
            "audio", "video", "picture", "source", "label", "figure", "figcaption");
    private static final Set<String> JUNK_TAGS = Set.of("nav", "footer", "aside", "menu", "dialog");
    private static final Set<String> BLOCKS = Set.of("p", "div", "section", "article", "main", "h1", "h2", "h3", "h4",
            "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "pre", "blockquote", "table", "tr", "td", "th", "tbody",
            "thead", "tfoot", "caption", "figure", "figcaption", "header", "address", "hr", "br", "center", "details",
            "summary", "form", "fieldset");
    private static final Evaluator CLEAN_CANDIDATES = QueryParser.parse("div, section, ul, ol, table, dl, form, figure, header");
    private static final String SEMANTIC = String.join(",", "[itemprop=articleBody]", "[itemprop=text]",
            "[class*=entry-content]", "[class*=post-content]", "[class*=article-body]", "[class*=articleBody]",
            "[class*=article__body]", "[class*=article-content]", "[class*=article-text]", "[class*=articletext]",
            "[class*=story-body]", "[class*=story-content]", "[class*=post-body]", "[class*=postbody]", "[class*=post-entry]",
            "[class*=entry-body]", "[class*=field--name-body]", "[class*=td-post-content]", "[class*=blog-post]",
            "[class*=single-content]", "[class*=content-body]", "[class*=body-text]", "[class*=rich-text]", "[class*=post-text]",
            "[id*=article-body]", "[id*=articleBody]", "[id*=article_body]", "[id*=story-body]", "[id*=post-content]",
            "[id*=entry-content]", "article", "main", "[role=main]");
    private static final Evaluator SEMANTIC_EVALUATOR = QueryParser.parse(SEMANTIC);

    private final Boilerplate rules;

    MainText(Boilerplate rules) {
        this.rules = rules;
    }

    /** The main text of a parsed document; the document is modified. */
    String of(Document doc, boolean byClass, Metadata meta, Prose prose) {
        Element body = doc.body();
        if (body == null) {
            return "";
        }
        prune(body, byClass, prose);
        Prose pruned = Prose.of(body, null);
        Element root = semanticRoot(body, pruned);
        Map<Element, int[]> stats = BlockStats.of(body);
        if (root == null) {
            root = chooseRoot(body, stats);
        }
        if (!stats.containsKey(root)) {
            stats = BlockStats.of(root);
        }
        cleanInside(root, stats);
        return render(root, meta);
    }

    /** Removes markup that is never article text, and blocks whose class or id says they are boilerplate. */
    private void prune(Element body, boolean byClass, Prose prose) {
        int bodyText = prose.total();
        List<Element> remove = new ArrayList<>();
        for (Element e : body.getAllElements()) {
            if (e == body) {
                continue;
            }
            String tag = e.normalName();
            if (ALWAYS_JUNK.contains(tag) || isHidden(e) || (tag.equals("noscript") && e.text().length() < 300)) {
                remove.add(e);
                continue;
            }
            String role = e.attr("role").toLowerCase(Locale.ROOT);
            if (JUNK_TAGS.contains(tag) || role.equals("navigation") || role.equals("complementary") || role.equals("banner")
                    || role.equals("contentinfo") || role.equals("dialog") || role.equals("alert") || role.equals("menu")) {
                // a theme that wraps the whole page in <header role=banner>: keep what holds most of the text
                if (bodyText == 0 || prose.of(e) * 2 < bodyText) {
                    remove.add(e);
                }
                continue;
            }
            if (tag.equals("article") || tag.equals("main") || tag.equals("a") || tag.equals("p") || tag.equals("body")) {
                continue;
            }
            if (!byClass) {
                continue;
            }
            String id = e.id();
            String className = e.className();
            if (id.isEmpty() && className.isEmpty()) {
                continue;
            }
            if (rules.unlikely(id, className)) {
                // a class such as "above-footer" on the article's own wrapper: keep what holds most of the text,
                // unless the name says comments, cookies or sharing, which may well hold more text than the article
                if (bodyText == 0 || prose.of(e) * 2 < bodyText || rules.strong(id, className)) {
                    remove.add(e);
                }
            } else if (tag.equals("header") && prose.longest(e) <= 120) {
                remove.add(e);
            }
        }
        for (Element e : remove) {
            e.remove();
        }
        for (Element header : body.getElementsByTag("header")) {
            if (prose.longest(header) <= 120) {
                header.remove();
            }
        }
    }

    private static boolean isHidden(Element e) {
        String style = e.attr("style");
        if (!style.isEmpty()) {
            String s = style.replace(" ", "").toLowerCase(Locale.ROOT);
            if (s.contains("display:none") || s.contains("visibility:hidden")) {
                return true;
            }
        }
        return e.hasAttr("hidden") || "true".equals(e.attr("aria-hidden")) && e.text().length() < 200;
    }

    /**
     * The article container that the page names itself ({@code itemprop=articleBody}, {@code entry-content},
     * {@code <article>}, ...): the named element with the most prose, if it holds at least 40% of the page's prose.
     */
    private static Element semanticRoot(Element body, Prose prose) {
        int total = prose.total();
        if (total == 0) {
            return null;
        }
        Element best = null;
        int bestText = 0;
        for (Element e : body.select(SEMANTIC_EVALUATOR)) {
            int text = prose.of(e);
            // prefer the innermost of nested candidates that hold the same prose
            if (text > bestText * 1.1 || (best != null && text >= bestText * 0.9 && isInside(e, best))) {
                best = e;
                bestText = text;
            }
        }
        return best != null && bestText >= total * 0.4 ? best : null;
    }

    private static boolean isInside(Element e, Element ancestor) {
        for (Element p = e.parent(); p != null; p = p.parent()) {
            if (p == ancestor) {
                return true;
            }
        }
        return false;
    }

    /** Readability-style scoring: paragraphs give points to their parent and grandparent; the best container wins. */
    private Element chooseRoot(Element body, Map<Element, int[]> stats) {
        Map<Element, Double> scores = new IdentityHashMap<>();
        for (Element e : body.getAllElements()) {
            String tag = e.normalName();
            boolean paragraph = tag.equals("p") || tag.equals("pre") || tag.equals("td") || tag.equals("blockquote")
                    || (tag.equals("div") || tag.equals("section") || tag.equals("li")) && hasOwnText(e);
            if (!paragraph) {
                continue;
            }
            String text = paragraph && !tag.equals("div") && !tag.equals("section") ? e.text() : ownText(e);
            if (text.length() < 25) {
                continue;
            }
            double score = 1 + BlockStats.commas(text) + Math.min(text.length() / 100, 3);
            Element parent = e.parent();
            int level = 0;
            while (parent != null && level < 3) {
                double share = level == 0 ? 1 : level == 1 ? 0.5 : 1.0 / (level * 3);
                Element p = parent;
                scores.computeIfAbsent(p, this::initialScore);
                scores.merge(p, score * share, Double::sum);
                if (p == body) {
                    break;
                }
                parent = parent.parent();
                level++;
            }
        }
        Element best = null;
        double bestScore = 0;
        Map<Element, Double> finalScores = new HashMap<>();
        for (Map.Entry<Element, Double> entry : scores.entrySet()) {
            double s = entry.getValue() * (1 - BlockStats.linkDensity(stats, entry.getKey()));
            finalScores.put(entry.getKey(), s);
            if (s > bestScore) {
                bestScore = s;
                best = entry.getKey();
            }
        }
        if (best == null) {
            return body;
        }
        // a container one level up that scores nearly as well holds the rest of the article (split into columns)
        Element parent = best.parent();
        while (parent != null && parent != body) {
            Double ps = finalScores.get(parent);
            if (ps == null || ps < bestScore * 0.75) {
                break;
            }
            best = parent;
            bestScore = Math.max(bestScore, ps);
            parent = parent.parent();
        }
        // siblings of the best container that look like article text belong to it
        Element container = best.parent();
        if (container == null) {
            return best;
        }
        double threshold = Math.max(10, bestScore * 0.2);
        Element merged = new Element("div");
        for (Element sibling : container.children()) {
            boolean keep = sibling == best;
            if (!keep) {
                Double s = finalScores.get(sibling);
                if (s != null && s >= threshold) {
                    keep = true;
                } else if (sibling.normalName().equals("p")) {
                    String text = sibling.text();
                    double ld = BlockStats.linkDensity(stats, sibling);
                    keep = (text.length() > 80 && ld < 0.25)
                            || (text.length() > 0 && text.length() <= 80 && ld == 0 && text.matches(".*[.!?:]\\s*$"));
                }
            }
            if (keep) {
                merged.appendChild(sibling.clone());
            }
        }
        return merged;
    }

    private double initialScore(Element e) {
        double score = switch (e.normalName()) {
            case "div", "article", "main", "section" -> 5;
            case "pre", "td", "blockquote" -> 3;
            case "address", "ol", "ul", "dl", "dd", "dt", "li", "form" -> -3;
            case "h1", "h2", "h3", "h4", "h5", "h6", "th" -> -5;
            default -> 0;
        };
        return score + rules.classWeight(e);
    }

    private static boolean hasOwnText(Element e) {
        for (TextNode t : e.textNodes()) {
            if (!t.isBlank() && t.text().strip().length() > 20) {
                return true;
            }
        }
        return false;
    }

    private static String ownText(Element e) {
        StringBuilder sb = new StringBuilder();
        for (Node child : e.childNodes()) {
            if (child instanceof TextNode t) {
                sb.append(t.text());
            } else if (child instanceof Element c && !BLOCKS.contains(c.normalName())) {
                sb.append(c.text());
            }
        }
        return sb.toString().strip();
    }

    /** Readability's conditional cleaning: lists, tables and divs inside the article that look like boilerplate. */
    private void cleanInside(Element root, Map<Element, int[]> stats) {
        List<Element> candidates = new ArrayList<>(root.select(CLEAN_CANDIDATES));
        // innermost first, so that a removed child is not weighed in its parent
        Collections.reverse(candidates);
        for (Element e : candidates) {
            int[] s = stats.get(e);
            if (e.parent() == null || s == null || e == root) {
                continue;
            }
            int length = s[BlockStats.TEXT];
            double weight = rules.classWeight(e);
            double ld = length == 0 ? 0 : Math.min(1, (double) s[BlockStats.LINKS] / length);
            String tag = e.normalName();
            boolean list = tag.equals("ul") || tag.equals("ol");
            boolean remove;
            if (weight < 0 && length < 1500) {
                remove = true;
            } else if (s[BlockStats.COMMAS] >= 10) {
                remove = false;
            } else {
                int p = s[BlockStats.P];
                int li = s[BlockStats.LI] - 100;
                int img = s[BlockStats.IMG];
                remove = (img > 1 && p * 2 < img && !tag.equals("figure") && length < 200)
                        || (!list && li > p)
                        || (length < 25 && img == 0 && !list && !tag.equals("table"))
                        || (weight < 25 && ld > 0.33 && length < 1000)
                        || (weight >= 25 && ld > 0.5)
                        || (list && ld > 0.5);
            }
            if (remove) {
                BlockStats.subtract(stats, e, root);
                e.remove();
            }
        }
    }

    /** Text of a subtree: inline text joined, a line break at every block boundary and {@code <br>}. */
    static String render(Element root, Metadata meta) {
        StringBuilder out = new StringBuilder();
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode t) {
                    out.append(t.getWholeText());
                } else if (node instanceof Element e && BLOCKS.contains(e.normalName())) {
                    out.append('\n');
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element e && BLOCKS.contains(e.normalName())) {
                    out.append('\n');
                }
            }
        }, root);
        StringBuilder text = new StringBuilder(out.length());
        for (String line : out.toString().split("\n")) {
            String squashed = Text.squash(line);
            if (squashed != null && !Boilerplate.boilerplateLine(squashed) && !Boilerplate.metadataLine(squashed, meta)) {
                if (!text.isEmpty()) {
                    text.append('\n');
                }
                text.append(squashed);
            }
        }
        return text.toString();
    }
}
