package dev.wirewatch.article;

import java.time.Instant;

/**
 * What the extractor found in one article page; every field but {@code text} may be null.
 *
 * @param text the main text, paragraphs separated by line breaks; empty when nothing was found
 * @param language the ISO 639-1 code of the text's language
 * @param canonicalUrl the page's own canonical URL ({@code <link rel=canonical>}, {@code og:url}, JSON-LD), absolute
 */
public record ExtractedPage(String title, String text, String author, Instant publishedAt, String language,
        String canonicalUrl) {

    public ExtractedPage {
        text = text == null ? "" : text;
    }
}
