package dev.wirewatch.matcher;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How {@code lang:} and {@code source:} values are normalised, on both sides: in queries and in documents.
 *
 * <p>A document's language {@code es-MX} is filed under {@code es-mx} and {@code es}; its source host
 * {@code www.elfaro.net} under {@code www.elfaro.net}, {@code elfaro.net} and {@code net}, so that a filter on a
 * parent domain matches every host below it.
 */
final class Metadata {

    private Metadata() {
    }

    /** A query's language value, or null when it is not a language tag. */
    static String queryLanguage(String value) {
        String tag = value.toLowerCase(Locale.ROOT).replace('_', '-');
        if (tag.isEmpty() || tag.startsWith("-") || tag.endsWith("-")) {
            return null;
        }
        for (int i = 0; i < tag.length(); i++) {
            char c = tag.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return null;
            }
        }
        return tag;
    }

    /** A query's source value, or null when it is not a host name. */
    static String querySource(String value) {
        String host = value.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.isEmpty() || host.startsWith(".") || host.contains("..")) {
            return null;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '.')) {
                return null;
            }
        }
        return host;
    }

    /** The values a document's language is filed under: the whole tag and its primary subtag. */
    static List<String> documentLanguages(String language) {
        if (language == null || language.isBlank()) {
            return List.of();
        }
        String tag = queryLanguage(language.strip());
        if (tag == null) {
            return List.of();
        }
        int dash = tag.indexOf('-');
        return dash > 0 ? List.of(tag, tag.substring(0, dash)) : List.of(tag);
    }

    /** The values a document's source is filed under: the host and every parent domain. */
    static List<String> documentSources(String source) {
        if (source == null || source.isBlank()) {
            return List.of();
        }
        String host = source.strip();
        if (host.contains("://")) {
            try {
                host = URI.create(host).getHost();
            } catch (IllegalArgumentException e) {
                return List.of();
            }
            if (host == null) {
                return List.of();
            }
        }
        int colon = host.indexOf(':');
        if (colon >= 0) {
            host = host.substring(0, colon);
        }
        host = querySource(host);
        if (host == null) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (String domain = host; ; ) {
            values.add(domain);
            int dot = domain.indexOf('.');
            if (dot < 0) {
                return values;
            }
            domain = domain.substring(dot + 1);
        }
    }
}
