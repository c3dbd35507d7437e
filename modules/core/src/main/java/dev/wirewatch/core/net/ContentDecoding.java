package dev.wirewatch.core.net;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Undoes the content encodings of a body (gzip, deflate), never producing more than the cap.
 *
 * <p>Brotli is neither asked for nor decoded: the only Java decoder at hand ({@code org.brotli:dec} 0.1.2, 2017) is
 * unmaintained, and bodies from the internet are untrusted input. A server that sends {@code br} unasked gets a
 * DECODING error, as for any other coding it was not offered.
 */
final class ContentDecoding {

    static final String ACCEPTED = "gzip, deflate";

    private ContentDecoding() {
    }

    /** Undoes the content encodings, last applied first. */
    static byte[] decode(byte[] body, List<String> encodings, int cap, URI uri) throws EgressException {
        byte[] out = body;
        List<String> codings = encodings.stream()
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(s -> s.strip().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty() && !s.equals("identity"))
                .toList();
        for (int i = codings.size() - 1; i >= 0; i--) {
            String coding = codings.get(i);
            try {
                InputStream in = switch (coding) {
                    case "gzip", "x-gzip" -> new GZIPInputStream(new ByteArrayInputStream(out), 8192);
                    case "deflate" -> deflate(out);
                    default -> throw new EgressException(EgressException.Kind.DECODING, "unknown Content-Encoding "
                            + coding + " from " + uri);
                };
                out = readCapped(in, cap, uri);
            } catch (IOException e) {
                throw new EgressException(EgressException.Kind.DECODING, "cannot decode " + coding + " body from " + uri
                        + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static InputStream deflate(byte[] data) {
        // "deflate" should be zlib-wrapped, but some servers send raw deflate: look at the zlib header to tell
        boolean zlib = data.length >= 2 && (data[0] & 0x0f) == 8 && ((data[0] & 0xff) << 8 | (data[1] & 0xff)) % 31 == 0;
        return new InflaterInputStream(new ByteArrayInputStream(data), new Inflater(!zlib), 8192);
    }

    /** Reads a stream to its end, failing as soon as it yields more than the cap (a decompression bomb). */
    private static byte[] readCapped(InputStream in, int cap, URI uri) throws IOException, EgressException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(cap, 64 * 1024));
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) != -1) {
                if (out.size() + n > cap) {
                    throw new EgressException(EgressException.Kind.TOO_LARGE, "body of " + uri
                            + " is over " + cap + " bytes once decompressed");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }
}
