package dev.wirewatch.tagger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wirewatch.core.kafka.JsonSerde;
import dev.wirewatch.core.model.Highlight;
import dev.wirewatch.core.model.Mention;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class TaggedArticleSerdeTest {

    private static final Mention FULL = new Mention(Mention.SCHEMA_VERSION, null, "cecot", 3, "CECOT · Centro",
            "a1", 2, "https://elfaro.net/es/cecot?x=ñ", "Bukele muestra el CECOT ✓", "elfaro.net", "es",
            Instant.parse("2026-11-27T10:15:30.123456789Z"), null, null, false,
            List.of(new Highlight("title", 18, 23), new Highlight("body", 0, 5)), "… el CECOT, dijo …",
            List.of("cecot", "\"centro de confinamiento\""));
    private static final Mention SPARSE = new Mention(Mention.SCHEMA_VERSION, null, "bukele", 1, null, "a1", 0,
            null, null, null, null, null, Instant.parse("2026-11-27T12:00:00Z"), "story-1", true, List.of(), null,
            List.of());

    @Test
    void roundTripsEveryFieldOfEveryMention() {
        TaggedArticle tagged = new TaggedArticle("a1", -42L, List.of(FULL, SPARSE));
        byte[] bytes = TaggedArticle.SERDE.serializer().serialize("t", tagged);
        assertThat(bytes[0]).isEqualTo((byte) 1);
        assertThat(TaggedArticle.SERDE.deserializer().deserialize("t", bytes)).isEqualTo(tagged);

        TaggedArticle unfingerprinted = new TaggedArticle("a2", null, List.of());
        assertThat(TaggedArticle.SERDE.deserializer().deserialize("t",
                TaggedArticle.SERDE.serializer().serialize("t", unfingerprinted))).isEqualTo(unfingerprinted);
    }

    @Test
    void readsTheJsonOfEarlierVersions() {
        TaggedArticle tagged = new TaggedArticle("a1", 7L, List.of(FULL));
        byte[] json = new JsonSerde<>(TaggedArticle.class).toBytes(tagged);
        assertThat(TaggedArticle.SERDE.deserializer().deserialize("t", json)).isEqualTo(tagged);
    }

    @Test
    void aTruncatedOrCorruptRecordFailsWithASerializationError() {
        byte[] bytes = TaggedArticle.SERDE.serializer().serialize("t", new TaggedArticle("a1", 1L, List.of(FULL)));
        for (int cut : new int[] {1, 5, bytes.length / 2, bytes.length - 1}) {
            assertThatThrownBy(() -> TaggedArticle.SERDE.deserializer().deserialize("t", Arrays.copyOf(bytes, cut)))
                    .isInstanceOf(SerializationException.class);
        }
        byte[] unknownFormat = bytes.clone();
        unknownFormat[0] = 9;
        assertThatThrownBy(() -> TaggedArticle.SERDE.deserializer().deserialize("t", unknownFormat))
                .isInstanceOf(SerializationException.class).hasMessageContaining("format 9");
        byte[] hugeCount = bytes.clone();
        // the mention count follows the format byte, the id (length + 2 bytes) and the fingerprint flag and value
        int countAt = 1 + 4 + 2 + 1 + 8;
        hugeCount[countAt] = 0x7f;
        assertThatThrownBy(() -> TaggedArticle.SERDE.deserializer().deserialize("t", hugeCount))
                .isInstanceOf(SerializationException.class).hasMessageContaining("impossible count");
    }
}
