package dev.wirewatch.tagger;

import dev.wirewatch.core.kafka.JsonSerde;

/**
 * What the stats read of a mention record: the rest of its JSON is skipped, not bound (the topic id is the key and
 * the time is the record's).
 *
 * @param storyId the story, or null in mentions written before stories existed
 */
record CountedMention(String articleId, String storyId) {

    static final JsonSerde<CountedMention> SERDE = new JsonSerde<>(CountedMention.class);

    /** The story to count: the article's own when the mention names none. */
    String story() {
        return storyId != null ? storyId : articleId;
    }
}
