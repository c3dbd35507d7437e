package dev.wirewatch.collector;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;

/** Small text helpers shared by the feed parser and the extractor: HTML to text, whitespace, URL resolution. */
final class Text {

    private static final Pattern MARKUP = Pattern.compile("<[a-zA-Z/!?]|&(#?[a-zA-Z0-9]+);");
    private static final Pattern SPACES = Pattern.compile("[\\s\\u00a0\\u2000-\\u200a\\u202f\\u205f\\u3000]+");
    /** Soft hyphens and zero-width characters: invisible, and they split words for a substring search. */
    private static final Pattern INVISIBLE = Pattern.compile("[\\u00ad\\u200b-\\u200d\\u2060\\ufeff]");

    private Text() {
    }

    /** Runs of white space (including no-break spaces) to one space, trimmed; null stays null, blank becomes null. */
    static String squash(String text) {
        if (text == null) {
            return null;
        }
        String out = SPACES.matcher(text).replaceAll(" ").strip();
        if (out.indexOf('\u00ad') >= 0 || out.indexOf('\u200b') >= 0 || out.indexOf('\u200c') >= 0 || out.indexOf('\u200d') >= 0
                || out.indexOf('\u2060') >= 0 || out.indexOf('\ufeff') >= 0) {
            out = INVISIBLE.matcher(out).replaceAll("");
        }
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

    private static final Pattern MOJIBAKE = Pattern.compile("[\\u00c2-\\u00f4][\\u0080-\\u00bf]{1,3}");
    private static final String WINDOWS_1252_C1 = "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160"
            + "\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a"
            + "\u0153\u009d\u017e\u0178";

    /**
     * Repairs the two usual charset accidents of feeds: UTF-8 read as ISO-8859-1 ({@code â€¦} for {@code …}, when
     * the run re-decodes as valid UTF-8), and windows-1252 punctuation read as ISO-8859-1 (C1 control characters
     * for curly quotes and dashes).
     */
    static String repairCharset(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        if (MOJIBAKE.matcher(out).find()) {
            out = MOJIBAKE.matcher(out).replaceAll(m -> {
                String run = m.group();
                byte[] bytes = run.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                java.nio.charset.CharsetDecoder utf8 = java.nio.charset.StandardCharsets.UTF_8.newDecoder();
                try {
                    return java.util.regex.Matcher.quoteReplacement(utf8.decode(java.nio.ByteBuffer.wrap(bytes)).toString());
                } catch (java.nio.charset.CharacterCodingException e) {
                    return java.util.regex.Matcher.quoteReplacement(run);
                }
            });
        }
        StringBuilder sb = null;
        for (int i = 0; i < out.length(); i++) {
            char c = out.charAt(i);
            if (c >= 0x80 && c <= 0x9f) {
                if (sb == null) {
                    sb = new StringBuilder(out);
                }
                sb.setCharAt(i, WINDOWS_1252_C1.charAt(c - 0x80));
            }
        }
        return sb == null ? out : sb.toString();
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
