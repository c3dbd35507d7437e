package dev.wirewatch.core.model;

/**
 * A matched span of text: {@code [start, end)} character offsets into the article's title or body.
 *
 * @param field {@code "title"} or {@code "body"}
 */
public record Highlight(String field, int start, int end) {
}
