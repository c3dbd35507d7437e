package dev.wirewatch.tagger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wirewatch.core.kafka.Json;
import dev.wirewatch.core.kafka.JsonSerde;
import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.Highlight;
import dev.wirewatch.core.model.Mention;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class TaggedArticleSerdeTest {

    private static final Mention FULL = new Mention(Mention.SCHEMA_VERSION, null, "cecot", 3, "CECOT · Centro",
            "a1", 2, "https://elfaro.net/es/cecot?x=ñ", "Bukele muestra el \"CECOT\" ✓", "elfaro.net", "es",
            Instant.parse("2026-11-27T10:15:30.123456789Z"), null, null, false,
            List.of(new Highlight("title", 18, 23), new Highlight("body", 0, 5)), "… el CECOT, dijo …",
            List.of("cecot", "\"centro de confinamiento\""));
    private static final Mention SPARSE = new Mention(Mention.SCHEMA_VERSION, null, "bukele", 1, null, "a1", 0,
            null, null, null, null, null, null, null, false, List.of(), null, List.of());

    @Test
    void aMentionBodyWithItsStoryFieldsReadsAsTheWholeMention() throws Exception {
        Instant taggedAt = Instant.parse("2026-11-27T12:00:00.5Z");
        for (Mention m : List.of(FULL, SPARSE)) {
            byte[] json = MentionJson.withStory(MentionJson.body(m), taggedAt, "story-1", true);
            Mention read = Topics.MENTION_SERDE.fromBytes(json);
            Mention expected = new Mention(m.schemaVersion(), m.id(), m.topicId(), m.topicVersion(), m.topicName(),
                    m.articleId(), m.articleVersion(), m.url(), m.title(), m.source(), m.language(), m.publishedAt(),
                    taggedAt, "story-1", true, m.highlights(), m.snippet(), m.matchedClauses());
            assertThat(read).isEqualTo(expected);
            // the same fields as the shared mapper writes for the whole mention, each once
            assertThat(Json.mapper().readTree(json))
                    .isEqualTo(Json.mapper().readTree(Topics.MENTION_SERDE.toBytes(expected)));
        }
    }

    @Test
    void roundTripsTheArticleAndEveryTag() {
        TaggedArticle tagged = new TaggedArticle("a1", -42L, List.of(
                new TaggedArticle.Tag("cecot", MentionJson.body(FULL)),
                new TaggedArticle.Tag("bukele", MentionJson.body(SPARSE))));
        byte[] bytes = TaggedArticle.SERDE.serializer().serialize("t", tagged);
        TaggedArticle read = TaggedArticle.SERDE.deserializer().deserialize("t", bytes);
        assertThat(read.articleId()).isEqualTo("a1");
        assertThat(read.fingerprint()).isEqualTo(-42L);
        assertThat(read.tags()).extracting(TaggedArticle.Tag::topicId).containsExactly("cecot", "bukele");
        assertThat(read.tags().get(0).mentionBody()).isEqualTo(MentionJson.body(FULL));
        assertThat(read.tags().get(1).mentionBody()).isEqualTo(MentionJson.body(SPARSE));

        TaggedArticle unfingerprinted = TaggedArticle.SERDE.deserializer().deserialize("t",
                TaggedArticle.SERDE.serializer().serialize("t", new TaggedArticle("a2", null, List.of())));
        assertThat(unfingerprinted.fingerprint()).isNull();
        assertThat(unfingerprinted.tags()).isEmpty();
    }

    /** What the tagger wrote on its internal topic before the binary form. */
    private record OldTaggedArticle(String articleId, Long fingerprint, List<Mention> mentions) {
    }

    @Test
    void readsTheJsonOfEarlierVersions() {
        byte[] json = new JsonSerde<>(OldTaggedArticle.class).toBytes(new OldTaggedArticle("a1", 7L, List.of(FULL)));
        TaggedArticle read = TaggedArticle.SERDE.deserializer().deserialize("t", json);
        assertThat(read.fingerprint()).isEqualTo(7L);
        assertThat(read.tags()).singleElement().satisfies(tag -> {
            assertThat(tag.topicId()).isEqualTo("cecot");
            assertThat(tag.mentionBody()).isEqualTo(MentionJson.body(FULL));
        });
    }

    @Test
    void aTruncatedOrCorruptRecordFailsWithASerializationError() {
        byte[] bytes = TaggedArticle.SERDE.serializer().serialize("t",
                new TaggedArticle("a1", 1L, List.of(new TaggedArticle.Tag("cecot", MentionJson.body(FULL)))));
        for (int cut : new int[] {1, 5, bytes.length / 2, bytes.length - 1}) {
            assertThatThrownBy(() -> TaggedArticle.SERDE.deserializer().deserialize("t", Arrays.copyOf(bytes, cut)))
                    .isInstanceOf(SerializationException.class);
        }
        byte[] unknownFormat = bytes.clone();
        unknownFormat[0] = 9;
        assertThatThrownBy(() -> TaggedArticle.SERDE.deserializer().deserialize("t", unknownFormat))
                .isInstanceOf(SerializationException.class).hasMessageContaining("format 9");
        byte[] hugeCount = bytes.clone();
        // the tag count follows the format byte, the id (length + 2 bytes), the fingerprint flag and value
        hugeCount[1 + 4 + 2 + 1 + 8] = 0x7f;
        assertThatThrownBy(() -> TaggedArticle.SERDE.deserializer().deserialize("t", hugeCount))
                .isInstanceOf(SerializationException.class).hasMessageContaining("impossible count");
    }
}
