package dev.wirewatch.collector;

import java.util.List;

/**
 * A feed as the collector understands it, whatever its dialect.
 *
 * @param format Rome's feed type ({@code rss_2.0}, {@code atom_1.0}, {@code rss_1.0}, ...) or {@code json_1.1}
 * @param link the site's home page, absolute; null when absent
 * @param language the declared language (for example {@code en-us}); null when absent
 */
public record ParsedFeed(String format, String title, String link, String language, String description, List<FeedItem> items) {

    public ParsedFeed {
        items = List.copyOf(items);
    }
}
