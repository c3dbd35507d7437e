package dev.wirewatch.collector;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a feed's WebSub hub and self URL (W3C WebSub, section 4): first in the HTTP {@code Link} headers of its
 * response, then in the feed's own {@code <link rel="hub">} and {@code <link rel="self">} (Atom's, or {@code atom:link}
 * in RSS), before its first item.
 */
final class WebSubDiscovery {

    /** A hub to subscribe at, for a topic (the feed's self URL, or the URL it was fetched from). */
    record HubLinks(String hub, String self) {
    }

    private static final Pattern LINK_TAG = Pattern.compile("<(?:[A-Za-z][\\w.-]*:)?link\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTRIBUTE = Pattern.compile("([A-Za-z][\\w:.-]*)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')");
    private static final Pattern FIRST_ITEM = Pattern.compile("<(?:[A-Za-z][\\w.-]*:)?(?:item|entry)[\\s>]", Pattern.CASE_INSENSITIVE);
    private static final Pattern HEADER_LINK = Pattern.compile("<([^>]*)>\\s*((?:;\\s*[^,;<]+)*)");
    private static final Pattern HEADER_REL = Pattern.compile("rel\\s*=\\s*(?:\"([^\"]*)\"|([^\\s;,]+))", Pattern.CASE_INSENSITIVE);
    private static final int HEAD_BYTES = 64 * 1024;

    private WebSubDiscovery() {
    }

    /**
     * The hub and self URL of a feed, or empty when it names no hub.
     *
     * @param fetchedFrom the URL the feed was read from: the topic when the feed names no self URL, and the base of
     *                    relative links
     */
    static Optional<HubLinks> discover(List<String> linkHeaders, byte[] body, URI fetchedFrom) {
        String hub = null;
        String self = null;
        for (String header : linkHeaders) {
            Matcher m = HEADER_LINK.matcher(header);
            while (m.find()) {
                Matcher rel = HEADER_REL.matcher(m.group(2));
                if (!rel.find()) {
                    continue;
                }
                for (String r : (rel.group(1) != null ? rel.group(1) : rel.group(2)).toLowerCase(Locale.ROOT).split("\\s+")) {
                    if (r.equals("hub") && hub == null) {
                        hub = resolve(fetchedFrom, m.group(1));
                    } else if (r.equals("self") && self == null) {
                        self = resolve(fetchedFrom, m.group(1));
                    }
                }
            }
        }
        if (hub == null || self == null) {
            String head = new String(body, 0, Math.min(body.length, HEAD_BYTES), StandardCharsets.UTF_8);
            Matcher item = FIRST_ITEM.matcher(head);
            if (item.find()) {
                head = head.substring(0, item.start());
            }
            Matcher tag = LINK_TAG.matcher(head);
            while (tag.find()) {
                String rel = null;
                String href = null;
                Matcher a = ATTRIBUTE.matcher(tag.group(1));
                while (a.find()) {
                    String value = a.group(2) != null ? a.group(2) : a.group(3);
                    switch (a.group(1).toLowerCase(Locale.ROOT)) {
                        case "rel" -> rel = value.strip().toLowerCase(Locale.ROOT);
                        case "href" -> href = value.strip().replace("&amp;", "&");
                        default -> {
                            // type, title
                        }
                    }
                }
                if (rel == null || href == null || href.isEmpty()) {
                    continue;
                }
                if (rel.equals("hub") && hub == null) {
                    hub = resolve(fetchedFrom, href);
                } else if (rel.equals("self") && self == null) {
                    self = resolve(fetchedFrom, href);
                }
            }
        }
        if (hub == null) {
            return Optional.empty();
        }
        return Optional.of(new HubLinks(hub, self != null ? self : fetchedFrom.toString()));
    }

    private static String resolve(URI base, String href) {
        try {
            return base.resolve(new URI(href.strip())).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return href.strip();
        }
    }
}
