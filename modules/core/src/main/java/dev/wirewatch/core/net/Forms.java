package dev.wirewatch.core.net;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code application/x-www-form-urlencoded}, the encoding of WebSub's subscription requests and of URL query
 * strings: one reader for every hub and callback Wirewatch runs or talks to.
 */
public final class Forms {

    private Forms() {
    }

    /**
     * The fields of a form body or query string, decoded as UTF-8 in their order; a field named twice keeps its first
     * value, a field without {@code =} has the empty value, and an empty or null input has no fields.
     *
     * @throws IllegalArgumentException when an escape is malformed ({@code %G1}, a lone {@code %})
     */
    public static Map<String, String> parse(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(name, value);
        }
        return out;
    }

    /** A value encoded for a form body or query string (UTF-8; a space becomes {@code +}). */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
