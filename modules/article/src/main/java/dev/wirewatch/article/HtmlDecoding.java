package dev.wirewatch.article;

import dev.wirewatch.core.net.HeaderValues;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the bytes of an HTML page into text the way browsers do: BOM first, then the HTTP charset, then a
 * {@code <meta>} declaration in the first bytes, then UTF-8 when the bytes are valid UTF-8, else windows-1252.
 * ISO-8859-1 and US-ASCII are read as windows-1252, their superset in practice.
 */
final class HtmlDecoding {

    private static final Pattern META_CHARSET = Pattern.compile(
            "(?i)<meta[^>]+charset\\s*=\\s*[\"']?\\s*([a-z0-9_:.\\-]+)");
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private HtmlDecoding() {
    }

    static String decode(byte[] bytes, String contentType) {
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf) {
            return new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        }
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xff) == 0xff) {
            return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16BE);
        }
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xfe) {
            return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16LE);
        }
        Charset declared = null;
        String header = HeaderValues.charset(contentType).map(Charset::name).orElse(null);
        if (header != null) {
            declared = charset(header);
        }
        if (declared == null) {
            String head = new String(bytes, 0, Math.min(bytes.length, 8192), StandardCharsets.ISO_8859_1);
            Matcher m = META_CHARSET.matcher(head);
            if (m.find()) {
                declared = charset(m.group(1));
            }
        }
        if (declared != null && !declared.equals(StandardCharsets.UTF_8)) {
            return new String(bytes, declared);
        }
        // declared UTF-8 or nothing declared: trust UTF-8 only when the bytes are UTF-8
        String utf8 = strictUtf8(bytes);
        return utf8 != null ? utf8 : new String(bytes, WINDOWS_1252);
    }

    private static String strictUtf8(byte[] bytes) {
        String fast = new String(bytes, StandardCharsets.UTF_8);
        if (fast.indexOf('\uFFFD') < 0) {
            return fast;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static Charset charset(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("iso-8859-1") || n.equals("latin1") || n.equals("latin-1") || n.equals("us-ascii") || n.equals("ascii")
                || n.equals("iso8859-1") || n.equals("iso_8859-1")) {
            return WINDOWS_1252;
        }
        if (n.equals("utf8")) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(n);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return null;
        }
    }
}
