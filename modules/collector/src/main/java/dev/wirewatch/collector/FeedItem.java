package dev.wirewatch.collector;

import java.time.Instant;

/**
 * One entry of a parsed feed, with HTML cleaned to text and links made absolute.
 *
 * @param id the entry's own id (guid, Atom id, JSON Feed id), or its link when it has none
 * @param link the article's URL, absolute; null when the entry has none
 * @param summary the description or summary as plain text; null when absent
 * @param content the full content that some feeds carry, as plain text; null when absent
 */
public record FeedItem(String id, String link, String title, String summary, String content, String author,
        Instant publishedAt, Instant updatedAt) {
}
