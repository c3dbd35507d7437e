package dev.wirewatch.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A news source to read, the value of {@code wirewatch.feeds}, keyed by {@link #id}: a feed (RSS, Atom, RDF or JSON
 * Feed), a news sitemap, or a bare site whose sitemaps are found in its robots.txt.
 *
 * @param pollIntervalSeconds a fixed poll interval, or {@code null} for the adaptive interval
 * @param type {@value #FEED}, {@value #SITEMAP} or {@value #SITE}; {@code null} to detect it from the URL and the
 *     content ({@link #typeOrDetected})
 * @param ignoreRobots true for a source the newsroom has permission to crawl: its pages are fetched whatever its
 *     robots.txt says; {@code null} or false to obey robots.txt
 */
public record Feed(
        int schemaVersion,
        String id,
        String url,
        String title,
        String language,
        List<String> tags,
        Integer pollIntervalSeconds,
        Boolean enabled,
        Instant updatedAt,
        String type,
        Boolean ignoreRobots) {

    public static final int SCHEMA_VERSION = 1;
    /** A feed: RSS, Atom, RDF or JSON Feed. */
    public static final String FEED = "feed";
    /** A sitemap or sitemap index, plain or with the Google News extension, plain or gzipped. */
    public static final String SITEMAP = "sitemap";
    /** A bare site: its sitemaps are read from the {@code Sitemap:} lines of its robots.txt. */
    public static final String SITE = "site";

    public Feed {
        // a definition without "enabled" is enabled
        enabled = enabled == null ? Boolean.TRUE : enabled;
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        tags = tags == null ? List.of() : List.copyOf(tags);
        if (schemaVersion == 0) {
            schemaVersion = SCHEMA_VERSION;
        }
        if (type != null && !type.equals(FEED) && !type.equals(SITEMAP) && !type.equals(SITE)) {
            throw new IllegalArgumentException("feed " + id + ": type '" + type + "' is not one of feed, sitemap, site");
        }
    }

    /** A feed of the first schema, without a type (detected) and obeying robots.txt. */
    public Feed(int schemaVersion, String id, String url, String title, String language, List<String> tags,
                Integer pollIntervalSeconds, Boolean enabled, Instant updatedAt) {
        this(schemaVersion, id, url, title, language, tags, pollIntervalSeconds, enabled, updatedAt, null, null);
    }

    /**
     * The type, or the one its URL suggests when none is given: {@value #SITEMAP} for a path ending in
     * {@code sitemap*.xml} or {@code .xml.gz}, {@value #SITE} for a URL without a path, else {@value #FEED}.
     */
    public String typeOrDetected() {
        if (type != null) {
            return type;
        }
        try {
            java.net.URI uri = new java.net.URI(url.strip());
            String path = uri.getPath() == null ? "" : uri.getPath().toLowerCase(java.util.Locale.ROOT);
            if (uri.getHost() != null && (path.isEmpty() || path.equals("/")) && uri.getQuery() == null) {
                return SITE;
            }
            String file = path.substring(path.lastIndexOf('/') + 1);
            if ((file.contains("sitemap") && (file.endsWith(".xml") || file.endsWith(".xml.gz"))) || file.endsWith(".xml.gz")) {
                return SITEMAP;
            }
        } catch (java.net.URISyntaxException e) {
            return FEED; // polling it will say what is wrong
        }
        return FEED;
    }

    /** Whether this source's pages are fetched whatever its robots.txt says. */
    public boolean crawlPermitted() {
        return Boolean.TRUE.equals(ignoreRobots);
    }

    /** A feed with only an id and a URL, enabled, adaptive interval. */
    public static Feed of(String id, String url) {
        return new Feed(SCHEMA_VERSION, id, url, null, null, List.of(), null, true, Instant.now());
    }
}
