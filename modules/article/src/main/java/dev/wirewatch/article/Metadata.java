package dev.wirewatch.article;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wirewatch.core.kafka.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Evaluator;
import org.jsoup.select.QueryParser;

/**
 * Title, author, date, language, canonical URL, the article body and the description of a page, from JSON-LD
 * ({@code NewsArticle} and kin), OpenGraph and {@code <meta>} tags before the page body.
 */
record Metadata(String title, String author, Instant published, String language, String canonical, String articleBody,
        String description) {

    private static final Evaluator REL_AUTHOR = QueryParser.parse("a[rel=author], .byline .author, .author-name, .byline__name");
    private static final Evaluator JSON_LD = QueryParser.parse("script[type=application/ld+json]");
    private static final Evaluator TIME = QueryParser.parse("time[datetime]");
    private static final Evaluator DATE_PUBLISHED = QueryParser.parse("[itemprop=datePublished]");
    private static final Evaluator ITEMPROP_AUTHOR = QueryParser.parse("[itemprop=author]");
    private static final Evaluator ITEMPROP_NAME = QueryParser.parse("[itemprop=name]");
    private static final Evaluator META_CONTENT = QueryParser.parse("meta[content]");
    private static final Evaluator CANONICAL = QueryParser.parse("link[rel=canonical]");
    private static final Evaluator HTTP_EQUIV = QueryParser.parse("meta[http-equiv][content]");
    private static final Set<String> ARTICLE_TYPES = Set.of("newsarticle", "article", "blogposting", "reportagenewsarticle",
            "analysisnewsarticle", "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "socialmediaposting",
            "techarticle", "scholarlyarticle", "report", "liveblogposting", "webpage", "posting", "creativework");

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
