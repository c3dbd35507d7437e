package dev.wirewatch.article;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wirewatch.core.kafka.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.Evaluator;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.QueryParser;
import org.jsoup.select.NodeVisitor;

/**
 * Extracts the main text and the metadata of an article page with Jsoup: readability-style scoring of text blocks
 * finds the article's container, boilerplate inside it (share bars, related links, comments, bylines) is pruned, and
 * title, author, date, language and canonical URL come from JSON-LD ({@code NewsArticle} and kin), OpenGraph and
 * {@code <meta>} tags before the page body.
 *
 * <p>Thread-safe; one instance serves every page.
 */
public final class Extractor {

    private static final Set<String> ALWAYS_JUNK = Set.of("script", "style", "template", "svg", "canvas",
            "iframe", "object", "embed", "button", "input", "select", "textarea", "option", "link", "meta", "head", "map",
            "audio", "video", "picture", "source", "label", "figure", "figcaption");
    private static final Set<String> JUNK_TAGS = Set.of("nav", "footer", "aside", "menu", "dialog");
    private static final Set<String> BLOCKS = Set.of("p", "div", "section", "article", "main", "h1", "h2", "h3", "h4",
            "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "pre", "blockquote", "table", "tr", "td", "th", "tbody",
            "thead", "tfoot", "caption", "figure", "figcaption", "header", "address", "hr", "br", "center", "details",
            "summary", "form", "fieldset");
    private static final Pattern UNLIKELY = Pattern.compile(
            "(?i)-ad-|^ad-|^ads?$|adsense|advert|ai2html|banner|breadcrumb|combx|comment|community|cookie|consent|cover-wrap"
                    + "|disqus|extra|foot|gdpr|header|legends|menu|masthead|related|remark|replies|rss|shoutbox|sidebar"
                    + "|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote|share"
                    + "|sharing|newsletter|subscribe|signup|promo|outbrain|taboola|tags?$|tag-?list|tagcloud"
                    + "|byline|author-?(bio|box|info)|navbar|navigation|^nav|toolbar|print|modal|overlay|login"
                    + "|breaking-?news|trending|most-?(read|popular)|recommend|teaser|follow|meta-?data|postmeta"
                    + "|post-?meta|entry-?meta|article-?meta|dateline|timestamp|publish(ed)?-?date|caption-?credit|copyright"
                    + "|caption|credit|jump|skip|hidden|sr-only|visually-?hidden|screen-?reader|donate|paywall|banner|prev|next-?post");
    /** Names that mark boilerplate even next to a name like "content" ({@code comment-content}, {@code CookieDialogBody}). */
    private static final Pattern STRONG = Pattern.compile(
            "(?i)cookie|consent|gdpr|disqus|comments?(?:$|[-_ ](?:list|area|section|respond|form|wrap|container|block|content|body|text))"
                    + "|^comments?|commentlist|newsletter|paywall|outbrain|taboola|share-?(?:bar|buttons|tools|links)"
                    + "|social-?(?:share|links|media|icons)|related-?(?:posts|articles|stories|content|links)|sidebar");
    private static final Pattern MAYBE = Pattern.compile(
            "(?i)and|article|body|column|content|main|shadow|story|entry|text|post|blog|prose|page");
    private static final Pattern POSITIVE = Pattern.compile(
            "(?i)article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story|prose|rich-?text");
    private static final Pattern NEGATIVE = Pattern.compile(
            "(?i)-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|foot|footer|footnote|gdpr|masthead"
                    + "|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags"
                    + "|tool|widget|byline|author|dateline|social|newsletter|subscribe|nav|menu|breadcrumb|cookie");
    private static final Set<String> ARTICLE_TYPES = Set.of("newsarticle", "article", "blogposting", "reportagenewsarticle",
            "analysisnewsarticle", "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "socialmediaposting",
            "techarticle", "scholarlyarticle", "report", "liveblogposting", "webpage", "posting", "creativework");
    private static final Pattern TITLE_SEPARATORS = Pattern.compile("\\s+[|\\-–—:·»]\\s+");

    private static final int CACHE_LIMIT = 100_000;
    /** Class and id strings repeat across elements and pages: their verdicts are cached (bounded). */
    private static final java.util.concurrent.ConcurrentHashMap<String, Integer> VERDICT_CACHE = new java.util.concurrent.ConcurrentHashMap<>();
    private static final java.util.concurrent.ConcurrentHashMap<String, Double> WEIGHT_CACHE = new java.util.concurrent.ConcurrentHashMap<>();
    private final LanguageDetection languages;

    /** An extractor that detects among the default languages of {@link ArticleSettings#LANGUAGES}. */
    public Extractor() {
        this(new LanguageDetection(ArticleSettings.LANGUAGES.parser().apply(ArticleSettings.LANGUAGES.defaultValue())));
    }

    /** An extractor that detects among the given languages. */
    public Extractor(LanguageDetection languages) {
        this.languages = languages;
    }

    /**
     * Extracts a page from its bytes.
     *
     * @param contentType the HTTP {@code Content-Type} (its charset is honoured), or null
     * @param url the page's URL, for relative links; may be null
     */
    public ExtractedPage extract(byte[] html, String contentType, String url) {
        return extract(HtmlDecoding.decode(html, contentType), url);
    }

    /**
     * Elements nested deeper than this are flattened to their text before extraction. The scoring and cleaning walk
     * from elements up to their ancestors, so a page nested 100,000 deep (a megabyte of {@code <div>}s) took minutes;
     * bounded, every walk is short, and no real article nests a tenth as deep.
     */
    static final int MAX_DEPTH = 256;

    /** Parses a page, flattening what is nested deeper than {@link #MAX_DEPTH}. */
    private static Document parse(String html, String url) {
        Document doc = Jsoup.parse(html, url == null ? "" : url);
        flattenDeep(doc);
        return doc;
    }

    private static void flattenDeep(Document doc) {
        List<Element> deep = new ArrayList<>();
        doc.traverse((node, depth) -> {
            if (depth == MAX_DEPTH && node instanceof Element e) {
                deep.add(e);
            }
        });
        for (Element e : deep) {
            e.text(e.text());
        }
    }

    /** Extracts a page from its text. */
    public ExtractedPage extract(String html, String url) {
        Document doc = parse(html, url);
        Metadata meta = Metadata.read(doc);
        Prose prose = doc.body() == null ? Prose.NONE : Prose.of(doc.body(), meta.description());
        String lead = prose.lead();
        String text = mainText(doc, true, meta, prose);
        if (text.length() < 250 || text.length() < prose.total() / 3) {
            // class names misled the pruning (a wrapper called "widget" or "above-footer"): try again without it
            Document again = parse(html, url);
            String lenient = again.body() == null ? "" : mainText(again, false, meta, Prose.of(again.body(), null));
            if (lenient.length() > text.length() * 1.5) {
                text = lenient;
            }
        }
        if (meta.articleBody() != null && meta.articleBody().length() > text.length() * 2 && text.length() < 500) {
            text = meta.articleBody();
        }
        if (lead != null && !text.isEmpty() && !text.contains(lead)) {
            // the standfirst sits in the article's header, outside the body container: it is article text
            text = lead + "\n" + text;
        }
        String title = meta.title() != null ? meta.title() : titleFromDocument(doc);
        String language = languages == null ? LanguageDetection.primary(meta.language())
                : languages.detect(text.isEmpty() ? title : text, meta.language());
        return new ExtractedPage(title, text, meta.author(), meta.published(), language, meta.canonical());
    }

    private static String titleFromDocument(Document doc) {
        Element h1 = doc.selectFirst("h1");
        String title = Text.squash(doc.title());
        if (title != null) {
            String[] parts = TITLE_SEPARATORS.split(title);
            if (parts.length > 1) {
                String longest = parts[0];
                for (String p : parts) {
                    if (p.length() > longest.length()) {
                        longest = p;
                    }
                }
                title = longest;
            }
        }
        if (h1 != null) {
            String h = Text.squash(h1.text());
            if (h != null && (title == null || (title.contains(h) || h.length() > 15))) {
                return h;
            }
        }
        return title;
    }

    // ---------------------------------------------------------------------------------------------------------
    // main text

    /** The main text of a parsed document; the document is modified. */
    static String mainText(Document doc, boolean byClass, Metadata meta, Prose prose) {
        Element body = doc.body();
        if (body == null) {
            return "";
        }
        prune(body, byClass, prose);
        Prose pruned = Prose.of(body, null);
        Element root = semanticRoot(body, pruned);
        Map<Element, int[]> stats = Stats.of(body);
        if (root == null) {
            root = chooseRoot(body, stats);
        }
        if (!stats.containsKey(root)) {
            stats = Stats.of(root);
        }
        cleanInside(root, stats);
        return render(root, meta);
    }

    /** Removes markup that is never article text, and blocks whose class or id says they are boilerplate. */
    private static void prune(Element body, boolean byClass, Prose prose) {
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
            if (unlikely(id, className)) {
                // a class such as "above-footer" on the article's own wrapper: keep what holds most of the text,
                // unless the name says comments, cookies or sharing, which may well hold more text than the article
                if (bodyText == 0 || prose.of(e) * 2 < bodyText || strong(id, className)) {
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

    /** Whether an id or class names boilerplate (and nothing that may be the article). */
    private static boolean unlikely(String id, String className) {
        int a = verdict(id);
        int b = verdict(className);
        // bit 1: an unlikely name, bit 2: a name that may be the article, bit 4: a name that is boilerplate whatever else
        int v = a | b;
        return (v & 4) != 0 || ((v & 1) != 0 && (v & 2) == 0);
    }

    private static boolean strong(String id, String className) {
        return ((verdict(id) | verdict(className)) & 4) != 0;
    }

    private static int verdict(String value) {
        if (value.isEmpty()) {
            return 0;
        }
        Integer cached = VERDICT_CACHE.get(value);
        if (cached == null) {
            cached = (UNLIKELY.matcher(value).find() ? 1 : 0) | (MAYBE.matcher(value).find() ? 2 : 0)
                    | (STRONG.matcher(value).find() ? 4 : 0);
            if (VERDICT_CACHE.size() > CACHE_LIMIT) {
                VERDICT_CACHE.clear();
            }
            VERDICT_CACHE.put(value, cached);
        }
        return cached;
    }

    private static double patternWeight(String value) {
        Double cached = WEIGHT_CACHE.get(value);
        if (cached == null) {
            double weight = 0;
            if (NEGATIVE.matcher(value).find()) {
                weight -= 25;
            }
            if (POSITIVE.matcher(value).find()) {
                weight += 25;
            }
            cached = weight;
            if (WEIGHT_CACHE.size() > CACHE_LIMIT) {
                WEIGHT_CACHE.clear();
            }
            WEIGHT_CACHE.put(value, cached);
        }
        return cached;
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

    private static final Evaluator LEAD_ELSEWHERE = QueryParser.parse(
            "h2, div.lead, div.intro, div.standfirst, div[class*=subtitle], div[class*=teaser]");
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
    private static Element chooseRoot(Element body, Map<Element, int[]> stats) {
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
            double score = 1 + commas(text) + Math.min(text.length() / 100, 3);
            Element parent = e.parent();
            int level = 0;
            while (parent != null && level < 3) {
                double share = level == 0 ? 1 : level == 1 ? 0.5 : 1.0 / (level * 3);
                Element p = parent;
                scores.computeIfAbsent(p, Extractor::initialScore);
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
            double s = entry.getValue() * (1 - Stats.linkDensity(stats, entry.getKey()));
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
                    double ld = Stats.linkDensity(stats, sibling);
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

    private static double initialScore(Element e) {
        double score = switch (e.normalName()) {
            case "div", "article", "main", "section" -> 5;
            case "pre", "td", "blockquote" -> 3;
            case "address", "ol", "ul", "dl", "dd", "dt", "li", "form" -> -3;
            case "h1", "h2", "h3", "h4", "h5", "h6", "th" -> -5;
            default -> 0;
        };
        return score + classWeight(e);
    }

    private static double classWeight(Element e) {
        double weight = 0;
        for (String value : new String[] {e.className(), e.id()}) {
            if (!value.isEmpty()) {
                weight += patternWeight(value);
            }
        }
        if (e.hasAttr("itemprop") && e.attr("itemprop").toLowerCase(Locale.ROOT).contains("articlebody")) {
            weight += 50;
        }
        return weight;
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

    private static int commas(String text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ',' || c == '，' || c == '、') {
                n++;
            }
        }
        return n;
    }

    /** Readability's conditional cleaning: lists, tables and divs inside the article that look like boilerplate. */
    private static void cleanInside(Element root, Map<Element, int[]> stats) {
        List<Element> candidates = new ArrayList<>(root.select(CLEAN_CANDIDATES));
        // innermost first, so that a removed child is not weighed in its parent
        java.util.Collections.reverse(candidates);
        for (Element e : candidates) {
            int[] s = stats.get(e);
            if (e.parent() == null || s == null || e == root) {
                continue;
            }
            int length = s[Stats.TEXT];
            double weight = classWeight(e);
            double ld = length == 0 ? 0 : Math.min(1, (double) s[Stats.LINKS] / length);
            String tag = e.normalName();
            boolean list = tag.equals("ul") || tag.equals("ol");
            boolean remove;
            if (weight < 0 && length < 1500) {
                remove = true;
            } else if (s[Stats.COMMAS] >= 10) {
                remove = false;
            } else {
                int p = s[Stats.P];
                int li = s[Stats.LI] - 100;
                int img = s[Stats.IMG];
                remove = (img > 1 && p * 2 < img && !tag.equals("figure") && length < 200)
                        || (!list && li > p)
                        || (length < 25 && img == 0 && !list && !tag.equals("table"))
                        || (weight < 25 && ld > 0.33 && length < 1000)
                        || (weight >= 25 && ld > 0.5)
                        || (list && ld > 0.5);
            }
            if (remove) {
                Stats.subtract(stats, e, root);
                e.remove();
            }
        }
    }

    /**
     * Per element of a subtree, in one pass: visible text length, link text length, and counts of paragraphs, list
     * items, images and commas below it.
     */
    static final class Stats {
        static final int TEXT = 0;
        static final int LINKS = 1;
        static final int P = 2;
        static final int LI = 3;
        static final int IMG = 4;
        static final int COMMAS = 5;

        private Stats() {
        }

        static Map<Element, int[]> of(Element root) {
            Map<Element, int[]> out = new IdentityHashMap<>();
            java.util.ArrayDeque<int[]> stack = new java.util.ArrayDeque<>();
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
    }

    /**
     * The prose of a page: per element, the length of the paragraphs below it that are long enough to be prose
     * (60 characters), the longest such paragraph, and the paragraph that repeats the page's description (its lead).
     */
    record Prose(Map<Element, Integer> below, Map<Element, Integer> longestBelow, int total, String lead) {

        static final Prose NONE = new Prose(Map.of(), Map.of(), 0, null);

        static Prose of(Element body, String description) {
            Map<Element, Integer> below = new IdentityHashMap<>();
            Map<Element, Integer> longest = new IdentityHashMap<>();
            int total = 0;
            String lead = null;
            String prefix = description == null || description.length() < 60 ? null
                    : description.length() > 80 ? description.substring(0, 80) : description;
            for (Element p : body.getElementsByTag("p")) {
                String text = p.text();
                int n = text.length();
                if (prefix != null && lead == null && n >= description.length() && n < description.length() + 40
                        && text.startsWith(prefix)) {
                    lead = Text.squash(text);
                }
                if (n < 60) {
                    continue;
                }
                total += n;
                for (Element a = p; a != null; a = a.parent()) {
                    below.merge(a, n, Integer::sum);
                    longest.merge(a, n, Math::max);
                    if (a == body) {
                        break;
                    }
                }
            }
            if (prefix != null && lead == null) {
                for (Element e : body.select(LEAD_ELSEWHERE)) {
                    String text = e.text();
                    if (text.length() >= description.length() && text.length() < description.length() + 40 && text.startsWith(prefix)) {
                        lead = Text.squash(text);
                        break;
                    }
                }
            }
            return new Prose(below, longest, total, lead);
        }

        int of(Element e) {
            return below.getOrDefault(e, 0);
        }

        int longest(Element e) {
            return longestBelow.getOrDefault(e, 0);
        }
    }

    private static final Pattern TEASER_LINE = Pattern.compile("(?iu)^[\\s»>▶►•\\-–—|]*(?:"
            + "lea (?:también|más|tambien|mas)|lea:|le puede interesar|te puede interesar|puedes ver|vea también|ver también|lee también"
            + "|leer más|mira también|mira lo que|síguenos|siguenos|suscríbete|hazte miembro|artículos relacionados|noticias relacionadas"
            + "|à lire aussi|a lire aussi|lire aussi|à voir aussi|voir aussi|pour lire la suite|abonnez-vous|partager"
            + "|czytaj (?:też|także|więcej)|zobacz (?:też|także)|dowiedz się więcej|czytasz właśnie|zapraszamy"
            + "|lesen sie (?:auch|hier|mehr)|das könnte sie auch interessieren|mehr zum thema|auch interessant|weiterlesen"
            + "|weitere (?:artikel|beiträge|pressemitteilungen|tourentipps)|der beitrag wurde am|dieser eintrag wurde|jetzt abonnieren"
            + "|leggi anche|potrebbe interessarti|ti potrebbe interessare"
            + "|read (?:more|also|further)|see also|also read|related(?: articles| stories| posts)?:|recommended(?: for you)?:"
            + "|more on this|this (?:entry|post) was posted|posted (?:by|in|on)|filed under|tagged(?: with)?:|tags:|share this"
            + "|comments are closed|categor(?:y|ies):|kategorie:|print recipe|credits?:|photo:|photos:|foto:|fotos:|bild:"
            + "|crédits? photos?|getty images|advertisement|anzeige|reklama|publicidad|werbung|follow us|subscribe (?:to|now)"
            + "|sign up|never miss|don't miss|missed the|get the .{0,40}(?:newsletter|app)|download (?:the|our)|last (?:modified|updated):"
            + "|aktualisiert am|updated:|published:|veröffentlicht am|zuletzt aktualisiert|mire:|mira:|follow (?:the|us|@)"
            + "|keine kommentare|no comments|\\d+ (?:antworten|kommentare|comments|responses|replies)\\b|das thema könnte"
            + "|auch auf |weitere informationen|weiterführende informationen|category\\s*:|release date:|submit your"
            + "|\\*?werbung\\b|¿ya sabías|únete|join (?:us|our)|we recommend|advertising disclosure|image illustrative"
            + "|stay up-to-date|missing out|gefällt dir|hier können sie|permalien|permalink|wird geladen|loading\\.\\.\\."
            + "|meist-?diskutiert|most (?:read|popular)|über diese reihe|alle artikel|kontakt$|contact us|print$|pdf$"
            + "|\\(?fachthemen\\)?$|darstellung$|we want to hear|do you want to be informed|this post contains references"
            + "|immediate online access|instant access to|diese beiträge solltest|nicht verpassen)");
    private static final Pattern PROMO_ANYWHERE = Pattern.compile("(?iu)all rights reserved|alle rechte vorbehalten|©|copyright"
            + "|newsletter|app for ios|for ios and android|subscribe to|sign up for|log in for|not logged in|nicht eingeloggt"
            + "|todos los derechos");

    private static final Pattern DATE_LINE = Pattern.compile("(?iu)^(?:\\p{L}{2,12},?\\s+)?(?:"
            + "\\d{1,2}\\.\\s*\\p{L}{3,12}\\.?(?:\\s+\\d{4})?"
            + "|\\d{1,2}[./-]\\d{1,2}[./-]\\d{2,4}"
            + "|\\p{L}{3,12}\\.?\\s+\\d{1,2},?\\s+\\d{4}"
            + "|\\d{1,2}\\s+(?:de\\s+)?\\p{L}{3,12}\\.?(?:\\s+(?:de\\s+)?\\d{4})"
            + ")(?:,?\\s*(?:um\\s+|à\\s+|at\\s+|a las\\s+|-\\s+)?\\d{1,2}[:.h]\\d{2}(?:\\s*(?:uhr|h|am|pm))?)?$"
            + "|^\\d{1,2}:\\d{2}(?:\\s*(?:uhr|h|am|pm))?$");
    private static final Pattern BYLINE_PREFIX = Pattern.compile("(?iu)^(?:by|von|por|par|di|door|przez|autor|author|text)[:\\s]+");

    /** Whether a line only names the author or gives a date: metadata, not article text. */
    static boolean metadataLine(String line, Metadata meta) {
        if (line.length() < 40 && DATE_LINE.matcher(line).matches() && line.chars().anyMatch(Character::isDigit)) {
            return true;
        }
        if (meta == null) {
            return false;
        }
        if (meta.author() != null && line.length() < 120) {
            String name = BYLINE_PREFIX.matcher(line).replaceFirst("");
            return name.equalsIgnoreCase(meta.author()) || (line.length() < 60 && BYLINE_PREFIX.matcher(line).find()
                    && name.toLowerCase(Locale.ROOT).contains(meta.author().toLowerCase(Locale.ROOT)));
        }
        return false;
    }

    /** Whether a rendered line is a teaser, a credit or a call to subscribe rather than article text. */
    static boolean boilerplateLine(String line) {
        if (line.length() > 220) {
            return false;
        }
        return TEASER_LINE.matcher(line).find() || (line.length() < 160 && PROMO_ANYWHERE.matcher(line).find());
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
            if (squashed != null && !boilerplateLine(squashed) && !metadataLine(squashed, meta)) {
                if (!text.isEmpty()) {
                    text.append('\n');
                }
                text.append(squashed);
            }
        }
        return text.toString();
    }

    // ---------------------------------------------------------------------------------------------------------
    // metadata

    /** Title, author, date, language and canonical URL from JSON-LD, OpenGraph and meta tags. */
    private static final Evaluator REL_AUTHOR = QueryParser.parse("a[rel=author], .byline .author, .author-name, .byline__name");
    private static final Evaluator JSON_LD = QueryParser.parse("script[type=application/ld+json]");
    private static final Evaluator TIME = QueryParser.parse("time[datetime]");
    private static final Evaluator DATE_PUBLISHED = QueryParser.parse("[itemprop=datePublished]");
    private static final Evaluator ITEMPROP_AUTHOR = QueryParser.parse("[itemprop=author]");
    private static final Evaluator ITEMPROP_NAME = QueryParser.parse("[itemprop=name]");
    private static final Evaluator META_CONTENT = QueryParser.parse("meta[content]");
    private static final Evaluator CANONICAL = QueryParser.parse("link[rel=canonical]");
    private static final Evaluator HTTP_EQUIV = QueryParser.parse("meta[http-equiv][content]");

    record Metadata(String title, String author, Instant published, String language, String canonical, String articleBody,
            String description) {

        static Metadata read(Document doc) {
            Map<String, String> metas = new HashMap<>();
            for (Element m : doc.select(META_CONTENT)) {
                String key = m.hasAttr("property") ? m.attr("property") : m.hasAttr("name") ? m.attr("name") : m.attr("itemprop");
                String v = m.attr("content");
                if (!key.isEmpty() && !v.isBlank()) {
                    metas.putIfAbsent(key.toLowerCase(Locale.ROOT), v);
                }
            }
            return read(doc, metas);
        }

        private static Metadata read(Document doc, Map<String, String> metas) {
            JsonNode ld = jsonLdArticle(doc);
            String title = first(ld == null ? null : textOf(ld.get("headline")), meta(metas, "og:title"), meta(metas, "twitter:title"));
            String author = first(ld == null ? null : person(ld.get("author")), meta(metas, "author"),
                    nonUrl(meta(metas, "article:author")), meta(metas, "parsely-author"), meta(metas, "sailthru.author"),
                    meta(metas, "dc.creator"), itempropAuthor(doc), relAuthor(doc));
            Instant published = firstDate(ld == null ? null : textOf(ld.get("datePublished")),
                    meta(metas, "article:published_time"), meta(metas, "datePublished"), meta(metas, "date"),
                    meta(metas, "pubdate"), meta(metas, "publishdate"), meta(metas, "dc.date.issued"), meta(metas, "dc.date"),
                    meta(metas, "sailthru.date"), meta(metas, "parsely-pub-date"), itempropDate(doc), timeElement(doc),
                    ld == null ? null : textOf(ld.get("dateCreated")), meta(metas, "article:modified_time"));
            String language = first(doc.selectFirst("html") == null ? null : Text.squash(doc.selectFirst("html").attr("lang")),
                    httpEquiv(doc, "content-language"), ld == null ? null : textOf(ld.get("inLanguage")), meta(metas, "og:locale"),
                    meta(metas, "language"));
            String canonical = first(absAttr(doc.selectFirst(CANONICAL), "href"), absolute(doc, meta(metas, "og:url")),
                    ld == null ? null : absolute(doc, textOf(ld.get("url"))));
            String body = ld == null ? null : Text.squash(textOf(ld.get("articleBody")));
            String description = first(meta(metas, "og:description"), meta(metas, "description"), meta(metas, "twitter:description"),
                    ld == null ? null : textOf(ld.get("description")));
            return new Metadata(Text.htmlToText(title), Text.squash(author), published, language, canonical, body,
                    Text.htmlToText(description));
        }

        private static String first(String... values) {
            for (String v : values) {
                if (v != null && !v.isBlank()) {
                    return v.strip();
                }
            }
            return null;
        }

        private static Instant firstDate(String... values) {
            for (String v : values) {
                Instant i = Dates.parse(v);
                if (i != null) {
                    return i;
                }
            }
            return null;
        }

        private static String meta(Map<String, String> metas, String name) {
            return metas.get(name.toLowerCase(Locale.ROOT));
        }

        private static String httpEquiv(Document doc, String name) {
            for (Element m : doc.select(HTTP_EQUIV)) {
                if (m.attr("http-equiv").equalsIgnoreCase(name)) {
                    return m.attr("content");
                }
            }
            return null;
        }

        private static String itempropAuthor(Document doc) {
            Element e = doc.selectFirst(ITEMPROP_AUTHOR);
            if (e == null) {
                return null;
            }
            Element name = e.selectFirst(ITEMPROP_NAME);
            String v = name != null ? name.hasAttr("content") ? name.attr("content") : name.text()
                    : e.hasAttr("content") ? e.attr("content") : e.text();
            return v.length() > 100 ? null : v;
        }

        private static String itempropDate(Document doc) {
            Element e = doc.selectFirst(DATE_PUBLISHED);
            if (e == null) {
                return null;
            }
            return e.hasAttr("content") ? e.attr("content") : e.hasAttr("datetime") ? e.attr("datetime") : e.text();
        }

        private static String timeElement(Document doc) {
            Element e = doc.selectFirst(TIME);
            return e == null ? null : e.attr("datetime");
        }

        private static String relAuthor(Document doc) {
            Element e = doc.selectFirst(REL_AUTHOR);
            if (e == null) {
                return null;
            }
            String v = e.text();
            return v.length() > 80 ? null : v;
        }

        private static String nonUrl(String v) {
            return v == null || v.startsWith("http") ? null : v;
        }

        private static String absAttr(Element e, String attr) {
            if (e == null) {
                return null;
            }
            String v = e.absUrl(attr);
            return v.isEmpty() ? null : v;
        }

        private static String absolute(Document doc, String url) {
            if (url == null) {
                return null;
            }
            String r = Text.resolve(url, null, doc.location().isEmpty() ? null : doc.location());
            return r != null && Text.isWeb(r) ? r : null;
        }

        private static JsonNode jsonLdArticle(Document doc) {
            for (Element script : doc.select(JSON_LD)) {
                JsonNode root;
                try {
                    root = Json.mapper().readTree(script.data());
                } catch (java.io.IOException | RuntimeException e) {
                    continue; // broken JSON-LD is common and never fatal: OpenGraph and meta tags remain
                }
                JsonNode found = findArticle(root, 0);
                if (found != null) {
                    return found;
                }
            }
            return null;
        }

        private static JsonNode findArticle(JsonNode node, int depth) {
            if (node == null || depth > 5) {
                return null;
            }
            if (node.isArray()) {
                for (JsonNode n : node) {
                    JsonNode f = findArticle(n, depth + 1);
                    if (f != null) {
                        return f;
                    }
                }
                return null;
            }
            if (!node.isObject()) {
                return null;
            }
            JsonNode type = node.get("@type");
            if (type != null && isArticleType(type) && (node.has("headline") || node.has("articleBody"))) {
                return node;
            }
            JsonNode graph = node.get("@graph");
            if (graph != null) {
                JsonNode f = findArticle(graph, depth + 1);
                if (f != null) {
                    return f;
                }
            }
            return findArticle(node.get("mainEntity"), depth + 1);
        }

        private static boolean isArticleType(JsonNode type) {
            if (type.isArray()) {
                for (JsonNode t : type) {
                    if (isArticleType(t)) {
                        return true;
                    }
                }
                return false;
            }
            return ARTICLE_TYPES.contains(type.asText().toLowerCase(Locale.ROOT));
        }

        private static String person(JsonNode author) {
            if (author == null) {
                return null;
            }
            if (author.isTextual()) {
                return author.asText();
            }
            if (author.isArray()) {
                List<String> names = new ArrayList<>();
                for (JsonNode a : author) {
                    String n = person(a);
                    if (n != null) {
                        names.add(n);
                    }
                }
                return names.isEmpty() ? null : String.join("; ", names);
            }
            return textOf(author.get("name"));
        }

        private static String textOf(JsonNode node) {
            if (node == null || node.isNull()) {
                return null;
            }
            if (node.isArray()) {
                return node.isEmpty() ? null : textOf(node.get(0));
            }
            if (node.isObject()) {
                return textOf(node.has("@id") ? node.get("@id") : node.get("name"));
            }
            String s = node.asText();
            return s.isBlank() ? null : s;
        }
    }
}
