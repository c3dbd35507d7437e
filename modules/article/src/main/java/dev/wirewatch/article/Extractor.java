package dev.wirewatch.article;

import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Extracts the main text and the metadata of an article page with Jsoup: readability-style scoring of text blocks
 * finds the article's container, boilerplate inside it (share bars, related links, comments, bylines) is pruned, and
 * title, author, date, language and canonical URL come from JSON-LD ({@code NewsArticle} and kin), OpenGraph and
 * {@code <meta>} tags before the page body.
 *
 * <p>Thread-safe; one instance serves every page.
 */
public final class Extractor {

    private static final Pattern TITLE_SEPARATORS = Pattern.compile("\\s+[|\\-–—:·»]\\s+");

    private final LanguageDetection languages;
    /** Owns the boilerplate rules and their caches, shared by every page this extractor reads. */
    private final MainText mainText = new MainText(new Boilerplate());

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

    /** Extracts a page from its text. */
    public ExtractedPage extract(String html, String url) {
        Document doc = Jsoup.parse(html, url == null ? "" : url);
        Metadata meta = Metadata.read(doc);
        Prose prose = doc.body() == null ? Prose.NONE : Prose.of(doc.body(), meta.description());
        String lead = prose.lead();
        String text = mainText.of(doc, true, meta, prose);
        if (text.length() < 250 || text.length() < prose.total() / 3) {
            // class names misled the pruning (a wrapper called "widget" or "above-footer"): try again without it
            Document again = Jsoup.parse(html, url == null ? "" : url);
            String lenient = again.body() == null ? "" : mainText.of(again, false, meta, Prose.of(again.body(), null));
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
}
