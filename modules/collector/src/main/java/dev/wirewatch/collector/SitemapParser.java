package dev.wirewatch.collector;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads sitemaps (sitemaps.org 0.9): a {@code sitemapindex} of child sitemaps or a {@code urlset} of pages, each with
 * its {@code lastmod}, and the Google News extension ({@code news:publication_date}, {@code news:title},
 * {@code news:language}); plain or gzipped.
 *
 * <p>As for feeds, DOCTYPE declarations are refused (no XXE, no entity expansion bombs), and the body is capped: a
 * gzipped sitemap may not decompress to more than the cap, and a sitemap may not list more than
 * {@link #MAX_ENTRIES} entries (the protocol's own limit). Safe for concurrent use.
 */
final class SitemapParser {

    /** The sitemaps.org limit on the entries of one file. */
    static final int MAX_ENTRIES = 50_000;
    private static final String NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9";

    private final int maxBytes;
    private final XMLInputFactory factory;

    /** One page of a urlset; the news fields are null when the entry has no {@code news:news}. */
    record Url(String loc, Instant lastmod, Instant publishedAt, String title, String language) {
    }

    /** One child of a sitemap index. */
    record Child(String loc, Instant lastmod) {
    }

    /** A parsed sitemap: an index (children) or a urlset (urls), never both. */
    record Sitemap(boolean index, List<Child> children, List<Url> urls) {
        Sitemap {
            children = List.copyOf(children);
            urls = List.copyOf(urls);
        }
    }

    SitemapParser(int maxBytes) {
        this.maxBytes = maxBytes;
        this.factory = XMLInputFactory.newFactory();
        // DOCTYPE declarations are disallowed: no XXE, no entity expansion bombs. Keep it that way.
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    }

    /** Whether a body looks like a sitemap (its root element is {@code urlset} or {@code sitemapindex}), gzipped or not. */
    boolean looksLikeSitemap(byte[] body) {
        byte[] xml;
        try {
            xml = gunzipIfNeeded(body);
        } catch (FeedParseException e) {
            return false;
        }
        String head = new String(xml, 0, Math.min(xml.length, 2048), java.nio.charset.StandardCharsets.ISO_8859_1);
        head = head.replaceAll("(?s)<!--.*?-->|<\\?.*?\\?>", "");
        java.util.regex.Matcher root = java.util.regex.Pattern.compile("<([A-Za-z][\\w:.-]*)").matcher(head);
        if (!root.find()) {
            return false;
        }
        String name = root.group(1);
        name = name.substring(name.indexOf(':') + 1);
        return name.equals("urlset") || name.equals("sitemapindex");
    }

    Sitemap parse(byte[] body) throws FeedParseException {
        byte[] xml = gunzipIfNeeded(body);
        XMLStreamReader reader;
        try {
            reader = factory.createXMLStreamReader(new ByteArrayInputStream(xml));
        } catch (XMLStreamException e) {
            throw new FeedParseException("not XML: " + e.getMessage(), e);
        }
        try {
            return read(reader);
        } catch (XMLStreamException e) {
            throw new FeedParseException("malformed sitemap: " + oneLine(e.getMessage()), e);
        } finally {
            try {
                reader.close();
            } catch (XMLStreamException e) {
                // nothing held beyond the byte array
            }
        }
    }

    private Sitemap read(XMLStreamReader reader) throws XMLStreamException, FeedParseException {
        Boolean index = null;
        List<Child> children = new ArrayList<>();
        List<Url> urls = new ArrayList<>();
        String loc = null;
        Instant lastmod = null;
        Instant published = null;
        String title = null;
        String language = null;
        int depth = 0;
        while (reader.hasNext()) {
            int event = reader.next();
            if (event == XMLStreamConstants.DTD) {
                throw new FeedParseException("DOCTYPE declarations are not allowed in a sitemap");
            }
            if (event == XMLStreamConstants.ENTITY_REFERENCE) {
                throw new FeedParseException("entity reference &" + reader.getLocalName() + "; is not allowed in a sitemap");
            }
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
                String name = reader.getLocalName();
                if (depth == 1) {
                    if (name.equals("sitemapindex")) {
                        index = true;
                    } else if (name.equals("urlset")) {
                        index = false;
                    } else {
                        throw new FeedParseException("not a sitemap: the root element is <" + name + ">");
                    }
                    continue;
                }
                if (depth == 2) {
                    loc = null;
                    lastmod = null;
                    published = null;
                    title = null;
                    language = null;
                    continue;
                }
                boolean news = NEWS_NS.equals(reader.getNamespaceURI());
                switch (name) {
                    case "loc" -> {
                        if (depth == 3) {
                            loc = reader.getElementText().strip();
                            depth--;
                        }
                    }
                    case "lastmod" -> {
                        if (depth == 3) {
                            lastmod = date(reader.getElementText());
                            depth--;
                        }
                    }
                    case "publication_date" -> {
                        if (news) {
                            published = date(reader.getElementText());
                            depth--;
                        }
                    }
                    case "title" -> {
                        if (news) {
                            title = reader.getElementText().strip();
                            depth--;
                        }
                    }
                    case "language" -> {
                        if (news) {
                            language = reader.getElementText().strip().toLowerCase(Locale.ROOT);
                            depth--;
                        }
                    }
                    default -> {
                        // image:, video:, news:name, changefreq, priority: not needed
                    }
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                if (depth == 2 && loc != null && !loc.isEmpty()) {
                    if (children.size() + urls.size() >= MAX_ENTRIES) {
                        throw new FeedParseException("a sitemap lists more than " + MAX_ENTRIES + " entries");
                    }
                    if (Boolean.TRUE.equals(index)) {
                        children.add(new Child(loc, lastmod));
                    } else {
                        urls.add(new Url(loc, lastmod, published, title == null || title.isEmpty() ? null : title,
                                language == null || language.isEmpty() ? null : language));
                    }
                    loc = null;
                }
                depth--;
            }
        }
        if (index == null) {
            throw new FeedParseException("not a sitemap: no root element");
        }
        return new Sitemap(index, children, urls);
    }

    /** A W3C datetime (2026-12-04, 2026-12-04T10:00Z, 2026-12-04T10:00:00+01:00), or null when it is not one. */
    static Instant date(String text) {
        String t = text.strip();
        if (t.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            // a date without time, or a time without seconds
        }
        try {
            if (t.length() == 10) {
                return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            // "2026-12-04T10:00+01:00" and "2026-12-04T10:00Z": seconds omitted, as W3C datetime allows
            int tIndex = t.indexOf('T');
            if (tIndex > 0 && t.length() > tIndex + 6 && t.charAt(tIndex + 6) != ':') {
                return OffsetDateTime.parse(t.substring(0, tIndex + 6) + ":00" + t.substring(tIndex + 6)).toInstant();
            }
        } catch (DateTimeParseException e) {
            return null;
        }
        return null;
    }

    /** The body as is, or decompressed when it starts with the gzip magic bytes, capped at the body cap. */
    byte[] gunzipIfNeeded(byte[] body) throws FeedParseException {
        if (body.length < 2 || (body[0] & 0xff) != 0x1f || (body[1] & 0xff) != 0x8b) {
            return body;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, body.length * 4));
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (out.size() + n > maxBytes) {
                    throw new FeedParseException("a gzipped sitemap decompresses to more than " + maxBytes + " bytes");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new FeedParseException("bad gzip: " + e.getMessage(), e);
        }
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s+", " ").strip();
    }
}
