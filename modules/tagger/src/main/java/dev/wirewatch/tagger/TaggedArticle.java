package dev.wirewatch.tagger;

import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * An article that matched at least one tracked topic, on its way from the matching tasks to the story task: for each
 * topic it matched, the JSON of the mention without its story fields ({@link MentionJson}), and the article's text
 * fingerprint. The article's body stays behind.
 *
 * @param fingerprint the {@link SimHash} of the text, or null when the text is too short to cluster
 */
record TaggedArticle(String articleId, Long fingerprint, List<Tag> tags) {

    /** Binary on the internal topic; the JSON written by earlier versions is still read. */
    static final Serde<TaggedArticle> SERDE = new TaggedArticleSerde();

    TaggedArticle {
        Objects.requireNonNull(articleId, "articleId");
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /**
     * One topic the article matched.
     *
     * @param mentionBody the mention's JSON without the story fields, as {@link MentionJson#body} writes it
     */
    record Tag(String topicId, byte[] mentionBody) {

        Tag {
            Objects.requireNonNull(topicId, "topicId");
            Objects.requireNonNull(mentionBody, "mentionBody");
        }
    }
}
