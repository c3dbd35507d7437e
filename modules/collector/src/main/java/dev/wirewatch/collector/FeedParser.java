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
import dev.wirewatch.article.Dates;
import dev.wirewatch.article.Text;
import dev.wirewatch.core.kafka.Json;
import dev.wirewatch.core.net.HeaderValues;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;

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
        try {
            return parseAny(body, contentType, base);
        } catch (RuntimeException | StackOverflowError e) {
            // a document that trips the parser in an unforeseen way is still only a bad feed
            throw new FeedParseException("cannot read the feed: " + oneLine(e), e);
        }
    }

    private ParsedFeed parseAny(byte[] body, String contentType, URI base) throws FeedParseException {
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
        byte[] xml = stripExternalDoctype(body);
        String type = normalizeContentType(contentType);
        SyndFeed feed;
        String text = null;
        try {
            if (startsWithEntry(xml) || utf8ExpectedButInvalid(xml, type)) {
                text = repairRoot(decodeLeniently(xml));
                feed = newInput(true).build(new StringReader(text));
            } else {
                feed = newInput(needsHealer(xml)).build(xmlReader(xml, type));
            }
        } catch (FeedException | IOException | RuntimeException first) {
            // a wrong or missing charset, or an Atom document without its namespace or with an <entry> root:
            // read the bytes as the text they most likely are, repair the root, and try once more
            text = repairRoot(decodeLeniently(xml));
            try {
                feed = newInput(true).build(new StringReader(text));
            } catch (FeedException | RuntimeException second) {
                throw new FeedParseException(explain(first, text), first);
            }
        }
        ParsedFeed parsed = toParsedFeed(feed, base);
        if (parsed.items().stream().anyMatch(i -> i.publishedAt() == null && i.updatedAt() == null)) {
            parsed = withRawDates(parsed, text != null ? text : decodeLeniently(xml));
        }
        return parsed;
    }

    private static final Pattern EXTERNAL_DOCTYPE = Pattern.compile("<!DOCTYPE\\s[^\\[>]*>", Pattern.CASE_INSENSITIVE);

    /**
     * Removes a DOCTYPE that only names an external DTD (as RSS 0.91's Netscape DTD): the DTD is never fetched, and
     * such feeds are common. A DOCTYPE with an internal subset ({@code [...]}, where entities are declared) stays,
     * and the parser refuses it.
     */
    static byte[] stripExternalDoctype(byte[] body) {
        int scan = Math.min(body.length, 4096);
        String head = new String(body, 0, scan, StandardCharsets.ISO_8859_1);
        Matcher m = EXTERNAL_DOCTYPE.matcher(head);
        if (!m.find()) {
            return body;
        }
        byte[] out = new byte[body.length - (m.end() - m.start())];
        System.arraycopy(body, 0, out, 0, m.start());
        System.arraycopy(body, m.end(), out, m.start(), body.length - m.end());
        return out;
    }

    /** {@code text/xml; charset= 'us-ascii'} to {@code text/xml; charset=us-ascii}; an unknown charset is dropped. */
    static String normalizeContentType(String contentType) {
        if (contentType == null) {
            return null;
        }
        String media = contentType.split(";", 2)[0].strip();
        return HeaderValues.charset(contentType).map(c -> media + "; charset=" + c.name()).orElse(media);
    }

    private static final Pattern RSS_ROOT = Pattern.compile("<rss(\\s[^>]*)?>");
    private static final Pattern ATOM_ROOT_WITHOUT_NS = Pattern.compile("<feed(\\s[^>]*)?>");
    private static final Pattern ENTRY_ROOT = Pattern.compile("^(\\s*(<\\?xml[^>]*>)?\\s*(<!--.*?-->\\s*)*)(<entry[\\s>].*</entry>)\\s*$", Pattern.DOTALL);

    private static final Pattern DECLARED_ENCODING = Pattern.compile("^\\s*<\\?xml[^>]*?encoding=[\"']([^\"']+)[\"']");

    /**
     * Whether the document would be read as UTF-8 (no BOM, no other charset in the header or the XML declaration)
     * although its bytes are not UTF-8: such feeds are nearly always windows-1252, and the XML reader would turn
     * their accents into replacement characters.
     */
    private static boolean utf8ExpectedButInvalid(byte[] xml, String contentType) {
        if (xml.length >= 2 && ((xml[0] & 0xff) == 0xfe || (xml[0] & 0xff) == 0xff || xml[0] == 0 || xml[1] == 0)) {
            return false;
        }
        Charset header = HeaderValues.charset(contentType).orElse(null);
        if (header != null && !header.equals(StandardCharsets.UTF_8)) {
            return false;
        }
        Matcher declared = DECLARED_ENCODING.matcher(new String(xml, 0, Math.min(xml.length, 512), StandardCharsets.ISO_8859_1));
        if (declared.find() && !declared.group(1).equalsIgnoreCase("utf-8")) {
            return false;
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            utf8.decode(ByteBuffer.wrap(xml));
            return false;
        } catch (CharacterCodingException e) {
            return true;
        }
    }

    private static boolean startsWithEntry(byte[] xml) {
        String head = new String(xml, 0, Math.min(xml.length, 1024), StandardCharsets.ISO_8859_1);
        return head.replaceFirst("^\\uFEFF?\\s*(<\\?xml[^>]*>)?\\s*(<!--(?s:.*?)-->\\s*)*", "").startsWith("<entry");
    }

    /** An Atom feed without its namespace gets it; a lone Atom {@code <entry>} document becomes a feed of one entry. */
    static String repairRoot(String text) {
        Matcher entry = ENTRY_ROOT.matcher(text);
        if (entry.matches()) {
            return entry.group(1) + "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title/>" + entry.group(4) + "</feed>";
        }
        Matcher rss = RSS_ROOT.matcher(text);
        if (rss.find() && !text.contains("<channel")) {
            int close = text.lastIndexOf("</rss>");
            if (close > rss.end()) {
                return text.substring(0, rss.end()) + "<channel>" + text.substring(rss.end(), close) + "</channel>"
                        + text.substring(close);
            }
        }
        Matcher feed = ATOM_ROOT_WITHOUT_NS.matcher(text);
        if (feed.find() && (feed.group(1) == null || !feed.group(1).contains("xmlns="))) {
            return text.substring(0, feed.start()) + "<feed xmlns=\"http://www.w3.org/2005/Atom\"" + (feed.group(1) == null ? "" : feed.group(1))
                    + ">" + text.substring(feed.end());
        }
        return text;
    }

    /**
     * Dates that Rome could not read (zone names such as PST, day and month names in Italian or Spanish) are read
     * again from the document's own date elements, matched to the entries by position.
     */
    private static ParsedFeed withRawDates(ParsedFeed parsed, String text) {
        Document doc = Jsoup.parse(text, "", Parser.xmlParser());
        List<Element> entries = doc.select("item, entry");
        if (entries.size() != parsed.items().size()) {
            return parsed;
        }
        List<FeedItem> items = new ArrayList<>(parsed.items().size());
        for (int i = 0; i < entries.size(); i++) {
            FeedItem item = parsed.items().get(i);
            if (item.publishedAt() == null && item.updatedAt() == null) {
                Instant date = null;
                for (Element child : entries.get(i).children()) {
                    String name = child.tagName().toLowerCase(Locale.ROOT);
                    if (name.equals("pubdate") || name.equals("dc:date") || name.equals("published") || name.equals("issued")
                            || name.equals("updated") || name.equals("modified") || name.equals("created")) {
                        date = Dates.parse(child.text());
                        if (date != null) {
                            break;
                        }
                    }
                }
                item = new FeedItem(item.id(), item.link(), item.title(), item.summary(), item.content(), item.author(), date, null);
            }
            items.add(item);
        }
        return new ParsedFeed(parsed.format(), parsed.title(), parsed.link(), parsed.language(), parsed.description(), items);
    }

    private static SyndFeedInput newInput(boolean healer) {
        // Locale.US: Rome reads RFC 822 day and month names with this locale (the root locale has none)
        SyndFeedInput input = new SyndFeedInput(false, Locale.US);
        // DOCTYPE declarations are disallowed: no XXE, no entity expansion bombs. Keep it that way.
        input.setAllowDoctypes(false);
        input.setXmlHealerOn(healer);
        input.setPreserveWireFeed(false);
        return input;
    }

    /**
     * Whether the document needs Rome's XML healer, which is slow: it is needed for HTML entities that XML does not
     * define ({@code &nbsp;}, {@code &eacute;}) and for junk before the XML declaration.
     */
    static boolean needsHealer(byte[] xml) {
        int start = firstSignificantByte(xml);
        if (start < 0 || xml[start] != '<') {
            return true;
        }
        for (int i = start; i < xml.length - 1; i++) {
            if (xml[i] != '&') {
                continue;
            }
            int j = i + 1;
            if (xml[j] == '#') {
                continue;
            }
            while (j < xml.length && j - i <= 12 && (Character.isLetterOrDigit(xml[j]))) {
                j++;
            }
            if (j >= xml.length || xml[j] != ';') {
                return true; // a bare ampersand: the healer escapes it
            }
            String name = new String(xml, i + 1, j - i - 1, StandardCharsets.ISO_8859_1);
            if (!name.equals("amp") && !name.equals("lt") && !name.equals("gt") && !name.equals("quot") && !name.equals("apos")) {
                return true;
            }
        }
        return false;
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
        Charset utf32 = utf32(body);
        if (utf32 != null) {
            String text = new String(body, utf32);
            text = text.startsWith("\uFEFF") ? text.substring(1) : text;
            Matcher m = XML_DECL_ENCODING.matcher(text);
            return m.find() ? m.replaceFirst("$1") : text;
        }
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

    /** UTF-32 (which the XML reader does not detect) by its BOM or by the zero bytes around a leading {@code <}. */
    private static Charset utf32(byte[] b) {
        if (b.length < 4) {
            return null;
        }
        if ((b[0] == 0 && b[1] == 0 && (b[2] & 0xff) == 0xfe && (b[3] & 0xff) == 0xff) || (b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] != 0)) {
            return Charset.forName("UTF-32BE");
        }
        if (((b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xfe && b[2] == 0 && b[3] == 0) || (b[0] != 0 && b[1] == 0 && b[2] == 0 && b[3] == 0)) {
            return Charset.forName("UTF-32LE");
        }
        return null;
    }

    private static ParsedFeed toParsedFeed(SyndFeed feed, URI base) {
        String siteLink = Text.resolve(feed.getLink(), base, null);
        if (siteLink == null && feed.getLinks() != null) {
            siteLink = feed.getLinks().stream().map(SyndLink::getHref).filter(h -> h != null && !h.isBlank())
                    .map(h -> Text.resolve(h, base, null)).filter(java.util.Objects::nonNull).findFirst().orElse(null);
        }
        List<FeedItem> items = new ArrayList<>();
        for (SyndEntry entry : feed.getEntries()) {
            items.add(toItem(entry, base, siteLink));
        }
        return new ParsedFeed(feed.getFeedType(), Text.htmlToText(Text.repairCharset(feed.getTitle())), siteLink,
                Text.squash(feed.getLanguage()), Text.htmlToText(Text.repairCharset(feed.getDescription())), items);
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
        String title = entry.getTitleEx() != null ? contentText(entry.getTitleEx()) : Text.htmlToText(Text.repairCharset(entry.getTitle()));
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
        String value = Text.repairCharset(content.getValue());
        if (type.equals("text") || type.equals("text/plain")) {
            return Text.plain(value);
        }
        return Text.htmlToText(value);
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

    /** Rome's "Invalid document" names no reason: say which root element it did not know. */
    private static String explain(Exception e, String text) {
        String message = oneLine(e);
        if (message.contains("\"eChannel\" is null")) {
            return "an RSS document without a <channel> element";
        }
        if (message.startsWith("Invalid document")) {
            Matcher root = Pattern.compile("<([A-Za-z][\\w:.-]*)").matcher(text.replaceAll("(?s)<!--.*?-->|<\\?.*?\\?>|<!DOCTYPE[^>]*>", ""));
            return root.find() ? "not a feed format we read (root element <" + root.group(1) + ">)" : "not a feed: no root element";
        }
        return message;
    }

    static String oneLine(Throwable e) {
        String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
            message = message + ": " + cause.getMessage();
        }
        if (!message.contains(" ")) {
            // a bare token such as a charset name says little without the exception's name
            message = e.getClass().getSimpleName() + ": " + message;
        }
        return message.replaceAll("\\s+", " ").strip();
    }
}
