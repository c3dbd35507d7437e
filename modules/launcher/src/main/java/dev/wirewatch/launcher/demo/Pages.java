package dev.wirewatch.launcher.demo;

import java.util.List;

/** The demo news site's HTML pages and feed documents. */
final class Pages {

    private Pages() {
    }

    static String esc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static String home(DemoNewsSite site) {
        StringBuilder html = new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>Demo Wire</title></head><body><h1>Demo Wire</h1><p>A news site for the Wirewatch demo. Feeds:</p><ul>");
        for (DemoNewsSite.FeedInfo feed : DemoNewsSite.FEEDS) {
            // the feeds and the news sitemap
            html.append("<li><a href=\"").append(feed.path()).append("\">").append(esc(feed.title())).append("</a></li>");
        }
        return html.append("</ul><p>").append(site.publishedCount()).append(" articles published.</p></body></html>").toString();
    }

    static String article(DemoNewsSite site, DemoNewsSite.Item item) {
        String url = site.baseUrl() + "/articles/" + item.canonicalSlug();
        StringBuilder body = new StringBuilder();
        for (String p : item.paragraphs()) {
            body.append("<p>").append(esc(p)).append("</p>\n");
        }
        String jsonLd = "{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\",\"headline\":\"" + json(item.headline())
                + "\",\"datePublished\":\"" + item.published() + "\",\"inLanguage\":\"" + item.language()
                + "\",\"author\":{\"@type\":\"Person\",\"name\":\"" + json(item.author()) + "\"}}";
        return "<!doctype html>\n<html lang=\"" + item.language() + "\"><head><meta charset=\"utf-8\">\n"
                + "<title>" + esc(item.headline()) + " | Demo Wire</title>\n"
                + "<link rel=\"canonical\" href=\"" + esc(url) + "\">\n"
                + "<meta property=\"og:title\" content=\"" + esc(item.headline()) + "\">\n"
                + "<meta property=\"og:type\" content=\"article\">\n"
                + "<meta property=\"article:published_time\" content=\"" + item.published() + "\">\n"
                + "<meta name=\"author\" content=\"" + esc(item.author()) + "\">\n"
                + "<script type=\"application/ld+json\">" + jsonLd + "</script>\n"
                + "</head><body>\n"
                + "<header><nav><a href=\"/\">Home</a> | <a href=\"/feeds/world.rss\">World</a> | <a href=\"/feeds/americas.atom\">Americas</a>"
                + " | <a href=\"/feeds/noticias.rss\">Noticias</a></nav></header>\n"
                + "<main><article><h1>" + esc(item.headline()) + "</h1>\n"
                + "<p class=\"byline\">By " + esc(item.author()) + "</p>\n" + body
                + "</article></main>\n"
                + "<aside><h2>Most read</h2><ul><li>Subscribe to our newsletter</li><li>Follow us on social media</li></ul></aside>\n"
                + "<footer>&copy; Demo Wire, a site made for the Wirewatch demo. All rights reserved.</footer>\n"
                + "</body></html>\n";
    }

    static String rss(DemoNewsSite site, String feed, List<DemoNewsSite.Item> items) {
        DemoNewsSite.FeedInfo info = info(feed);
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\"><channel>\n");
        if (info.id().equals(DemoNewsSite.PUSHED_FEED)) {
            xml.append("<atom:link rel=\"hub\" href=\"").append(site.hubUrl()).append("\"/>\n<atom:link rel=\"self\" href=\"")
                    .append(site.baseUrl()).append(info.path()).append("\" type=\"application/rss+xml\"/>\n");
        }
        xml.append("<title>").append(esc(info.title())).append("</title>\n<link>").append(site.baseUrl()).append("/</link>\n")
                .append("<description>").append(esc(info.title())).append("</description>\n<language>")
                .append(info.language()).append("</language>\n");
        for (DemoNewsSite.Item item : items) {
            String link = site.baseUrl() + "/articles/" + item.slug() + "?utm_source=rss&utm_medium=feed";
            xml.append("<item><title>").append(esc(item.headline())).append("</title><link>").append(esc(link))
                    .append("</link><guid isPermaLink=\"false\">").append(item.slug()).append("</guid><pubDate>")
                    .append(DemoNewsSite.rfc1123(item.published())).append("</pubDate><author>").append(esc(item.author()))
                    .append("</author><description>").append(esc(item.paragraphs().get(0))).append("</description></item>\n");
        }
        return xml.append("</channel></rss>\n").toString();
    }

    static String atom(DemoNewsSite site, String feed, List<DemoNewsSite.Item> items) {
        DemoNewsSite.FeedInfo info = info(feed);
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"")
                .append(info.language()).append("\">\n<title>").append(esc(info.title())).append("</title>\n<id>")
                .append(site.baseUrl()).append(info.path()).append("</id>\n<link href=\"").append(site.baseUrl()).append("/\"/>\n<updated>")
                .append(items.isEmpty() ? java.time.Instant.EPOCH : items.get(0).published()).append("</updated>\n");
        for (DemoNewsSite.Item item : items) {
            xml.append("<entry><title>").append(esc(item.headline())).append("</title><link rel=\"alternate\" href=\"/articles/")
                    .append(item.slug()).append("\"/><id>urn:demo:").append(item.slug()).append("</id><updated>")
                    .append(item.published()).append("</updated><published>").append(item.published())
                    .append("</published><author><name>").append(esc(item.author())).append("</name></author><summary>")
                    .append(esc(item.paragraphs().get(0))).append("</summary></entry>\n");
        }
        return xml.append("</feed>\n").toString();
    }

    /** A Google News sitemap of the local desk's stories. */
    static String newsSitemap(DemoNewsSite site, List<DemoNewsSite.Item> items) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
                + "xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n");
        for (DemoNewsSite.Item item : items) {
            xml.append("<url><loc>").append(site.baseUrl()).append("/articles/").append(item.slug()).append("</loc><news:news>")
                    .append("<news:publication><news:name>Demo Wire</news:name><news:language>").append(item.language())
                    .append("</news:language></news:publication><news:publication_date>").append(item.published())
                    .append("</news:publication_date><news:title>").append(esc(item.headline())).append("</news:title></news:news></url>\n");
        }
        return xml.append("</urlset>\n").toString();
    }

    private static DemoNewsSite.FeedInfo info(String feed) {
        return DemoNewsSite.FEEDS.stream().filter(f -> f.id().equals("demo-" + feed)).findFirst().orElseThrow();
    }

    private static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
