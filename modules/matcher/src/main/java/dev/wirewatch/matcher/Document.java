package dev.wirewatch.matcher;

/**
 * What the matcher reads of an article: its text and the metadata that {@code lang:} and {@code source:} filter on.
 *
 * @param title the headline, may be empty
 * @param body the main text, may be empty
 * @param language a language tag such as {@code es} or {@code es-MX}, or null
 * @param source the host the article came from, such as {@code www.elfaro.net}, or null
 */
public record Document(String title, String body, String language, String source) {

    public Document {
        title = title == null ? "" : title;
        body = body == null ? "" : body;
    }
}
