package dev.wirewatch.collector;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;

/** Small text helpers shared by the feed parser and the extractor: HTML to text, whitespace, URL resolution. */
final class Text {

    private static final Pattern MARKUP = Pattern.compile("<[a-zA-Z/!?]|&(#?[a-zA-Z0-9]+);");
    private static final Pattern SPACES = Pattern.compile("[\\s\\u00a0\\u2000-\\u200b\\u202f\\u205f\\u3000]+");

    private Text() {
    }

    /** Runs of white space (including no-break spaces) to one space, trimmed; null stays null, blank becomes null. */
    static String squash(String text) {
        if (text == null) {
            return null;
        }
        String out = SPACES.matcher(text).replaceAll(" ").strip();
        return out.isEmpty() ? null : out;
    }

    /** HTML (or text that may hold markup or entities) to plain text; scripts and styles are dropped. */
    static String htmlToText(String html) {
        if (html == null) {
            return null;
        }
        if (!MARKUP.matcher(html).find()) {
            return squash(html);
        }
        return squash(Jsoup.parseBodyFragment(html).text());
    }

    /** Plain text that is not to be parsed as HTML: only white space is cleaned. */
    static String plain(String text) {
        return squash(text);
    }

    /**
     * Resolves a possibly relative link against a base; null when the link is blank or unusable.
     *
     * @param fallbackBase used when {@code base} is missing or not http(s), for example the feed's site link
     */
    static String resolve(String href, URI base, String fallbackBase) {
        if (href == null || href.isBlank()) {
            return null;
        }
        String h = href.strip().replace(" ", "%20");
        try {
            URI ref = new URI(h);
            if (ref.isAbsolute()) {
                return ref.toString();
            }
            URI b = base;
            if ((b == null || !isWeb(b)) && fallbackBase != null) {
                URI fb = new URI(fallbackBase.strip());
                if (fb.isAbsolute()) {
                    b = fb;
                }
            }
            if (b == null || b.isOpaque()) {
                return h;
            }
            if (b.getPath() == null || b.getPath().isEmpty()) {
                b = b.resolve("/");
            }
            return b.resolve(ref).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    static boolean isWeb(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("http") || scheme.equals("https");
    }

    static boolean isWeb(String url) {
        if (url == null) {
            return false;
        }
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }

    /** The host of a URL without a leading {@code www.}; null when there is none. */
    static String host(String url) {
        try {
            String host = new URI(url).getHost();
            if (host == null) {
                return null;
            }
            host = host.toLowerCase(Locale.ROOT);
            return host.startsWith("www.") ? host.substring(4) : host;
        } catch (URISyntaxException | NullPointerException e) {
            return null;
        }
    }
}
