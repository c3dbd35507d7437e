package dev.wirewatch.core.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Canonical URLs and the stable article ids derived from them.
 *
 * <p>Two URLs that point at the same article (differing in tracking parameters, fragment, default port, host case
 * or a trailing slash) give the same id.
 */
public final class ArticleIds {

    private static final Set<String> TRACKING_PARAMS = Set.of(
            "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid", "_ga", "ref_src",
            "cmpid", "ocid", "smid", "smtyp", "ito", "at_medium", "at_campaign", "ns_mchannel", "ns_source",
            "ns_campaign", "ns_linkname", "ns_fee", "spm", "share", "via");

    private ArticleIds() {
    }

    /** The id of the article at this URL: the first 16 bytes of SHA-256 of the canonical URL, in hex. */
    public static String idFor(String url) {
        return sha256Hex(canonicalize(url)).substring(0, 32);
    }

    /** The host of a URL in lower case without a leading {@code www.}, as articles name their source; null when none. */
    public static String sourceHost(String url) {
        if (url == null) {
            return null;
        }
        try {
            String host = new URI(url.strip()).getHost();
            return host == null ? null : withoutWww(host.toLowerCase(Locale.ROOT));
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** A lower-case host without a leading {@code www.}: {@code www.elfaro.net} is {@code elfaro.net}. */
    public static String withoutWww(String host) {
        return host.startsWith("www.") ? host.substring(4) : host;
    }

    /** A canonical form of the URL: lower-case scheme and host, no default port, fragment or tracking parameters. */
    public static String canonicalize(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            return url.strip();
        }
        if (uri.getScheme() == null || uri.getRawAuthority() == null) {
            return url.strip();
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? uri.getRawAuthority().toLowerCase(Locale.ROOT) : uri.getHost().toLowerCase(Locale.ROOT);
        host = withoutWww(host);
        int port = uri.getPort();
        boolean defaultPort = port == -1 || ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        StringBuilder out = new StringBuilder();
        // http and https of the same page are the same article
        out.append("https://").append(host);
        if (!defaultPort) {
            out.append(':').append(port);
        }
        out.append(path);
        String query = cleanQuery(uri.getRawQuery());
        if (!query.isEmpty()) {
            out.append('?').append(query);
        }
        return out.toString();
    }

    private static String cleanQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String> kept = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            String name = pair.split("=", 2)[0].toLowerCase(Locale.ROOT);
            if (name.startsWith("utm_") || TRACKING_PARAMS.contains(name)) {
                continue;
            }
            kept.add(pair);
        }
        kept.sort(null);
        return String.join("&", kept);
    }

    /** SHA-256 of the UTF-8 bytes, in lower-case hex. */
    public static String sha256Hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
