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
import org.brotli.dec.BrotliInputStream;

/** Undoes the content encodings of a body (gzip, deflate, br), never producing more than the cap. */
final class ContentDecoding {

    static final String ACCEPTED = "gzip, deflate, br";

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
                    case "br" -> new BrotliInputStream(new ByteArrayInputStream(out));
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
