package dev.wirewatch.collector;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.feed.synd.SyndPerson;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import dev.wirewatch.core.kafka.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and RDF (through Rome) and JSON Feed 1.0/1.1 (through Jackson) into one
 * {@link ParsedFeed}: HTML in titles and summaries cleaned to text, links made absolute, dates read in every form
 * feeds use, the charset taken from the BOM, the XML declaration and the HTTP {@code Content-Type}.
 *
 * <p>DOCTYPE declarations are refused ({@link SyndFeedInput#setAllowDoctypes(boolean)} is set to false below, Rome's
 * default made explicit): that blocks external entities (XXE) and entity expansion (billion laughs). Named HTML
 * entities that feeds use without a DTD are still read, by Rome's XML healer. Thread-safe.
 */
public final class FeedParser {

    private static final Pattern XML_DECL_ENCODING = Pattern.compile("^(<\\?xml[^>]*?)\\sencoding=[\"'][^\"']*[\"']");

    /**
     * Parses a feed document.
     *
     * @param contentType the HTTP {@code Content-Type}, or null; its charset wins over the XML declaration as RFC 3023 says
     * @param base the URL the document came from, for relative links; may be null
     * @throws FeedParseException when it is not a feed we can read, with a one-line reason
     */
    public ParsedFeed parse(byte[] body, String contentType, URI base) throws FeedParseException {
        int first = firstSignificantByte(body);
        if (first < 0) {
            throw new FeedParseException("empty document");
        }
        if (body[first] == '{' || (contentType != null && contentType.toLowerCase(Locale.ROOT).contains("json"))) {
            return parseJsonFeed(body, base);
        }
        return parseXml(body, contentType, base);
    }

    private static int firstSignificantByte(byte[] body) {
        int i = 0;
        if (body.length >= 3 && (body[0] & 0xff) == 0xef && (body[1] & 0xff) == 0xbb && (body[2] & 0xff) == 0xbf) {
            i = 3;
        }
        for (; i < body.length; i++) {
            byte b = body[i];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return i;
            }
        }
        return -1;
    }

    private ParsedFeed parseXml(byte[] body, String contentType, URI base) throws FeedParseException {
        SyndFeed feed;
        try {
            feed = newInput().build(xmlReader(body, contentType));
        } catch (FeedException | IOException | RuntimeException first) {
            // a wrong or missing charset is the usual cause: read the bytes as the text they most likely are
            String decoded = decodeLeniently(body);
            try {
                feed = newInput().build(new StringReader(decoded));
            } catch (FeedException | RuntimeException second) {
                throw new FeedParseException(oneLine(first), first);
            }
        }
        return toParsedFeed(feed, base);
    }

    private static SyndFeedInput newInput() {
        SyndFeedInput input = new SyndFeedInput(false, Locale.ROOT);
        // DOCTYPE declarations are disallowed: no XXE, no entity expansion bombs. Keep it that way.
        input.setAllowDoctypes(false);
        input.setXmlHealerOn(true);
        input.setPreserveWireFeed(false);
        return input;
    }

    private static XmlReader xmlReader(byte[] body, String contentType) throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        return contentType == null ? new XmlReader(in, true) : new XmlReader(in, contentType, true);
    }

    /**
     * The text of bytes whose declared charset was wrong: UTF-8 when they are valid UTF-8, windows-1252 otherwise,
     * with the XML declaration's encoding removed so that the parser does not apply it again.
     */
    static String decodeLeniently(byte[] body) {
        String text;
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        int offset = body.length >= 3 && (body[0] & 0xff) == 0xef && (body[1] & 0xff) == 0xbb && (body[2] & 0xff) == 0xbf ? 3 : 0;
        try {
            text = utf8.decode(ByteBuffer.wrap(body, offset, body.length - offset)).toString();
        } catch (CharacterCodingException e) {
            text = new String(body, Charset.forName("windows-1252"));
        }
        Matcher m = XML_DECL_ENCODING.matcher(text);
        return m.find() ? m.replaceFirst("$1") : text;
    }

    private static ParsedFeed toParsedFeed(SyndFeed feed, URI base) {
        String siteLink = Text.resolve(feed.getLink(), base, null);
        if (siteLink == null && feed.getLinks() != null) {
            siteLink = feed.getLinks().stream().map(SyndLink::getHref).filter(h -> h != null && !h.isBlank())
                    .map(h -> Text.resolve(h, base, null)).findFirst().orElse(null);
        }
        List<FeedItem> items = new ArrayList<>();
        for (SyndEntry entry : feed.getEntries()) {
            items.add(toItem(entry, base, siteLink));
        }
        return new ParsedFeed(feed.getFeedType(), Text.htmlToText(feed.getTitle()), siteLink, Text.squash(feed.getLanguage()),
                Text.htmlToText(feed.getDescription()), items);
    }

    private static FeedItem toItem(SyndEntry entry, URI base, String siteLink) {
        String link = entry.getLink();
        if ((link == null || link.isBlank()) && entry.getLinks() != null) {
            link = entry.getLinks().stream()
                    .filter(l -> l.getRel() == null || "alternate".equals(l.getRel()))
                    .map(SyndLink::getHref).filter(h -> h != null && !h.isBlank()).findFirst().orElse(null);
        }
        if ((link == null || link.isBlank()) && entry.getUri() != null && Text.isWeb(entry.getUri().strip())) {
            // an RSS guid that is a permalink
            link = entry.getUri();
        }
        String absolute = Text.resolve(link, base, siteLink);
        String title = entry.getTitleEx() != null ? contentText(entry.getTitleEx()) : Text.htmlToText(entry.getTitle());
        String summary = entry.getDescription() == null ? null : contentText(entry.getDescription());
        String content = null;
        if (entry.getContents() != null) {
            for (SyndContent c : entry.getContents()) {
                String text = contentText(c);
                if (text != null && (content == null || text.length() > content.length())) {
                    content = text;
                }
            }
        }
        if (summary == null && content != null) {
            summary = content.length() > 500 ? content.substring(0, 500) : content;
        }
        String id = entry.getUri() == null || entry.getUri().isBlank() ? absolute : entry.getUri().strip();
        return new FeedItem(id, absolute, title, summary, content, author(entry), Dates.of(entry.getPublishedDate()),
                Dates.of(entry.getUpdatedDate()));
    }

    private static String author(SyndEntry entry) {
        if (entry.getAuthor() != null && !entry.getAuthor().isBlank()) {
            return Text.htmlToText(entry.getAuthor());
        }
        if (entry.getAuthors() != null) {
            for (SyndPerson p : entry.getAuthors()) {
                if (p.getName() != null && !p.getName().isBlank()) {
                    return Text.htmlToText(p.getName());
                }
            }
        }
        return null;
    }

    private static String contentText(SyndContent content) {
        String type = content.getType() == null ? "" : content.getType().toLowerCase(Locale.ROOT);
        if (type.equals("text") || type.equals("text/plain")) {
            return Text.plain(content.getValue());
        }
        return Text.htmlToText(content.getValue());
    }

    private ParsedFeed parseJsonFeed(byte[] body, URI base) throws FeedParseException {
        JsonNode root;
        try {
            root = Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw new FeedParseException("not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new FeedParseException("cannot read JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new FeedParseException("not a JSON Feed: the document is not a JSON object");
        }
        String version = root.path("version").asText("");
        if (!version.startsWith("https://jsonfeed.org/version/") && !version.startsWith("http://jsonfeed.org/version/")) {
            throw new FeedParseException("not a JSON Feed: 'version' is '" + version + "', expected https://jsonfeed.org/version/1 or 1.1");
        }
        String format = "json_" + version.substring(version.lastIndexOf('/') + 1);
        String siteLink = Text.resolve(text(root, "home_page_url"), base, null);
        URI itemBase = base;
        List<FeedItem> items = new ArrayList<>();
        for (JsonNode item : root.path("items")) {
            if (!item.isObject()) {
                continue;
            }
            String link = Text.resolve(text(item, "url"), itemBase, siteLink);
            if (link == null) {
                link = Text.resolve(text(item, "external_url"), itemBase, siteLink);
            }
            String html = text(item, "content_html");
            String plain = text(item, "content_text");
            String content = html != null ? Text.htmlToText(html) : Text.plain(plain);
            String summary = Text.htmlToText(text(item, "summary"));
            if (summary == null && content != null) {
                summary = content.length() > 500 ? content.substring(0, 500) : content;
            }
            String id = text(item, "id");
            items.add(new FeedItem(id == null ? link : id, link, Text.htmlToText(text(item, "title")), summary, content,
                    jsonAuthor(item.has("authors") ? item.path("authors") : root.path("authors"), item.path("author")),
                    Dates.parse(text(item, "date_published")), Dates.parse(text(item, "date_modified"))));
        }
        return new ParsedFeed(format, Text.htmlToText(text(root, "title")), siteLink, Text.squash(text(root, "language")),
                Text.htmlToText(text(root, "description")), items);
    }

    private static String jsonAuthor(JsonNode authors, JsonNode author) {
        if (authors.isArray()) {
            for (JsonNode a : authors) {
                String name = text(a, "name");
                if (name != null) {
                    return name;
                }
            }
        }
        return author.isObject() ? text(author, "name") : null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || v.isContainerNode()) {
            return null;
        }
        String s = v.asText();
        return s.isBlank() ? null : s;
    }

    static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
            message = message + ": " + cause.getMessage();
        }
        return message.replaceAll("\\s+", " ").strip();
    }
}
