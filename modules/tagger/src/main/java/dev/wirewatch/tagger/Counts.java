package dev.wirewatch.tagger;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/** The mentions and distinct stories of one topic in one window. */
record Counts(long mentions, long stories) {

    static final Counts ZERO = new Counts(0, 0);

    /** Two longs, big-endian: compact, as these are rewritten on every mention. */
    static final Serde<Counts> SERDE = Serdes.serdeFrom(serializer(), deserializer());

    Counts plus(long moreMentions, long moreStories) {
        return new Counts(mentions + moreMentions, stories + moreStories);
    }

    private static Serializer<Counts> serializer() {
        return (topic, counts) -> counts == null ? null
                : ByteBuffer.allocate(16).putLong(counts.mentions).putLong(counts.stories).array();
    }

    private static Deserializer<Counts> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length != 16) {
                throw new SerializationException("stats counts must be 16 bytes, got " + bytes.length);
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            return new Counts(buffer.getLong(), buffer.getLong());
        };
    }
}
