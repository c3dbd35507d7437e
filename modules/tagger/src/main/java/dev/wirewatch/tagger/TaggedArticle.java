package dev.wirewatch.tagger;

import dev.wirewatch.core.kafka.JsonSerde;
import dev.wirewatch.core.model.Mention;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * An article that matched at least one tracked topic, on its way from the matching tasks to the story task: its
 * mentions, still without story, and its text fingerprint. The body stays behind, so the internal topic carries
 * little.
 *
 * @param fingerprint the {@link SimHash} of the text, or null when the text is too short to cluster
 */
record TaggedArticle(String articleId, Long fingerprint, List<Mention> mentions) {

    /** Binary on the internal topic; JSON written by earlier versions is still read. */
    static final Serde<TaggedArticle> SERDE = new TaggedArticleSerde(new JsonSerde<>(TaggedArticle.class));

    TaggedArticle {
        Objects.requireNonNull(articleId, "articleId");
        mentions = mentions == null ? List.of() : List.copyOf(mentions);
    }
}
