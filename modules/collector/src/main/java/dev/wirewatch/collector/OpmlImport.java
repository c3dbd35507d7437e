package dev.wirewatch.collector;

import com.rometools.opml.feed.opml.Opml;
import com.rometools.opml.feed.opml.Outline;
import com.rometools.rome.feed.WireFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.WireFeedInput;
import com.rometools.rome.io.XmlReader;
import dev.wirewatch.article.Text;
import dev.wirewatch.core.model.ArticleIds;
import dev.wirewatch.core.model.Feed;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads an OPML 1.0/2.0 feed list (through Rome's OPML plugin) into {@link Feed} definitions, one per outline with an
 * {@code xmlUrl}, nested outlines included; the feed id is a stable hash of the feed URL.
 *
 * <p>As for feeds, DOCTYPE declarations are refused.
 */
public final class OpmlImport {

    private OpmlImport() {
    }

    /** Whether the document's root element looks like {@code <opml>}. */
    public static boolean looksLikeOpml(byte[] body) {
        String head = new String(body, 0, Math.min(body.length, 2048), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        return head.contains("<opml");
    }

    /**
     * The feeds listed in an OPML document, in document order, without duplicates.
     *
     * @throws FeedParseException when the document is not OPML
     */
    public static List<Feed> read(byte[] body) throws FeedParseException {
        WireFeed wire;
        try {
            WireFeedInput input = new WireFeedInput(false, Locale.ROOT);
            // DOCTYPE declarations are disallowed: no XXE, no entity expansion bombs.
            input.setAllowDoctypes(false);
            wire = input.build(new XmlReader(new ByteArrayInputStream(body), true));
        } catch (FeedException | IOException | RuntimeException e) {
            throw new FeedParseException("not an OPML feed list: " + FeedParser.oneLine(e), e);
        }
        if (!(wire instanceof Opml opml)) {
            throw new FeedParseException("not an OPML feed list but a " + wire.getFeedType() + " feed");
        }
        Map<String, Feed> feeds = new LinkedHashMap<>();
        collect(opml.getOutlines(), feeds);
        return List.copyOf(feeds.values());
    }

    private static void collect(List<Outline> outlines, Map<String, Feed> feeds) {
        if (outlines == null) {
            return;
        }
        for (Outline outline : outlines) {
            String url = outline.getXmlUrl();
            if (url != null && !url.isBlank()) {
                String id = feedIdFor(url.strip());
                String title = outline.getTitle() != null ? outline.getTitle() : outline.getText();
                feeds.putIfAbsent(id, new Feed(Feed.SCHEMA_VERSION, id, url.strip(), Text.squash(title), null,
                        List.of(), null, true, Instant.now()));
            }
            collect(outline.getChildren(), feeds);
        }
    }

    /** A stable feed id for a feed URL: {@code f-} and 16 hex digits of the canonical URL's hash. */
    public static String feedIdFor(String url) {
        return "f-" + ArticleIds.idFor(url).substring(0, 16);
    }
}
