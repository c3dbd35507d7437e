package dev.wirewatch.tagger;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.wirewatch.core.kafka.Json;
import dev.wirewatch.core.model.Mention;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The JSON of a mention, written in two parts: the body, in the matching task, and the story fields, in the story
 * task, which appends them to the body's bytes without reading or rewriting it.
 *
 * <p>Matching runs in parallel, one task per partition of the articles topic; stories run in one task that sees every
 * tagged article. Writing a mention's JSON (title, URL, highlights, snippet, clauses) is most of the cost of emitting
 * it, so it is done where the work spreads, and the single story task only copies bytes. The result is the JSON of
 * {@link Mention} as {@link Json#mapper()} writes it, with the story fields ({@code taggedAt}, {@code storyId},
 * {@code firstInStory}) last.
 */
final class MentionJson {

    /** Leaves the story fields out of the body. */
    @JsonIgnoreProperties({"taggedAt", "storyId", "firstInStory"})
    private interface WithoutStory {
    }

    /** The story fields, written by the shared mapper (its formats for instants and nulls). */
    private record StoryFields(Instant taggedAt, String storyId, boolean firstInStory) {
    }

    private static final ObjectWriter BODY = Json.mapper().copy().addMixIn(Mention.class, WithoutStory.class)
            .writerFor(Mention.class);
    private static final ObjectWriter STORY = Json.mapper().writerFor(StoryFields.class);

    private MentionJson() {
    }

    /** The JSON object of a mention without its story fields. */
    static byte[] body(Mention mention) {
        try {
            return BODY.writeValueAsBytes(mention);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a mention could not be written as JSON", e);
        }
    }

    /** The whole mention: the body's fields, then the story fields. */
    static byte[] withStory(byte[] body, Instant taggedAt, String storyId, boolean firstInStory) {
        byte[] story;
        try {
            story = STORY.writeValueAsBytes(new StoryFields(taggedAt, storyId, firstInStory));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("story fields could not be written as JSON", e);
        }
        int bodyEnd = body.length - 1;
        if (bodyEnd < 1 || body[0] != '{' || body[bodyEnd] != '}' || story[0] != '{') {
            throw new IllegalArgumentException("a mention body must be a JSON object");
        }
        // "{a}" + "{b}" -> "{a,b}"; a body always has fields (topicId and articleId are required)
        byte[] out = new byte[bodyEnd + story.length];
        System.arraycopy(body, 0, out, 0, bodyEnd);
        out[bodyEnd] = ',';
        System.arraycopy(story, 1, out, bodyEnd + 1, story.length - 1);
        return out;
    }
}
