package dev.wirewatch.article;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;

/** Small text helpers shared by the feed parser and the extractor: HTML to text, whitespace, URL resolution. */
public final class Text {

    private static final Pattern MARKUP = Pattern.compile("<[a-zA-Z/!?]|&(#?[a-zA-Z0-9]+);");

    private Text() {
    }

    /**
     * Runs of white space (including no-break and other Unicode spaces) to one space, soft hyphens and zero-width
     * characters removed, trimmed; null stays null, blank becomes null.
     */
    public static String squash(String text) {
        if (text == null) {
            return null;
        }
        int n = text.length();
        StringBuilder out = new StringBuilder(n);
        boolean pendingSpace = false;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (isSpace(c)) {
                pendingSpace = out.length() > 0;
            } else if (!isInvisible(c)) {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.append(c);
            }
        }
        return out.isEmpty() ? null : out.toString();
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\u000b' || c == '\u00a0'
                || (c >= '\u2000' && c <= '\u200a') || c == '\u202f' || c == '\u205f' || c == '\u3000' || c == '\u1680'
                || c == '\u2028' || c == '\u2029' || c == '\u0085';
    }

    private static boolean isInvisible(char c) {
        return c == '\u00ad' || (c >= '\u200b' && c <= '\u200d') || c == '\u2060' || c == '\ufeff';
    }

    /** HTML (or text that may hold markup or entities) to plain text; scripts and styles are dropped. */
    public static String htmlToText(String html) {
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
    public static String repairCharset(String text) {
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
    public static String plain(String text) {
        return squash(text);
    }

    /**
     * Resolves a possibly relative link against a base; null when the link is blank or unusable.
     *
     * @param fallbackBase used when {@code base} is missing or not http(s), for example the feed's site link
     */
    public static String resolve(String href, URI base, String fallbackBase) {
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

    public static boolean isWeb(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("http") || scheme.equals("https");
    }

    public static boolean isWeb(String url) {
        if (url == null) {
            return false;
        }
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }
}
