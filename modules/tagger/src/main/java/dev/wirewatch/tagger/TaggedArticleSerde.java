package dev.wirewatch.tagger;

import dev.wirewatch.core.kafka.JsonSerde;
import dev.wirewatch.core.model.Mention;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The binary form of a {@link TaggedArticle} on the tagger's internal story topic: a format byte, the article id, the
 * fingerprint, then each topic id with its mention's JSON body as length-prefixed bytes.
 *
 * <p>The internal topic is read only by the tagger, so it need not be JSON, and the mention bodies pass through as
 * bytes. A record whose first byte is {@code '{'} was written as JSON, with whole mentions, by an earlier version during
 * a rolling upgrade, and is still read.
 */
final class TaggedArticleSerde implements Serde<TaggedArticle> {

    private static final byte FORMAT = 2;
    private static final byte JSON_START = '{';

    /** What earlier versions wrote: JSON with whole mentions. */
    private record Legacy(String articleId, Long fingerprint, List<Mention> mentions) {
    }

    private static final JsonSerde<Legacy> LEGACY = new JsonSerde<>(Legacy.class);

    @Override
    public Serializer<TaggedArticle> serializer() {
        return (topic, tagged) -> tagged == null ? null : write(tagged);
    }

    @Override
    public Deserializer<TaggedArticle> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length > 0 && bytes[0] == JSON_START) {
                return fromLegacy(LEGACY.fromBytes(bytes));
            }
            return read(bytes);
        };
    }

    private static TaggedArticle fromLegacy(Legacy legacy) {
        List<TaggedArticle.Tag> tags = new ArrayList<>();
        if (legacy.mentions() != null) {
            for (Mention m : legacy.mentions()) {
                tags.add(new TaggedArticle.Tag(m.topicId(), MentionJson.body(m)));
            }
        }
        return new TaggedArticle(legacy.articleId(), legacy.fingerprint(), tags);
    }

    static byte[] write(TaggedArticle tagged) {
        byte[] id = tagged.articleId().getBytes(StandardCharsets.UTF_8);
        List<byte[]> topics = new ArrayList<>(tagged.tags().size());
        int size = 1 + 4 + id.length + 1 + 8 + 4;
        for (TaggedArticle.Tag tag : tagged.tags()) {
            byte[] topic = tag.topicId().getBytes(StandardCharsets.UTF_8);
            topics.add(topic);
            size += 4 + topic.length + 4 + tag.mentionBody().length;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(FORMAT).putInt(id.length).put(id);
        if (tagged.fingerprint() != null) {
            out.put((byte) 1).putLong(tagged.fingerprint());
        } else {
            out.put((byte) 0).putLong(0);
        }
        out.putInt(tagged.tags().size());
        for (int i = 0; i < topics.size(); i++) {
            byte[] body = tagged.tags().get(i).mentionBody();
            out.putInt(topics.get(i).length).put(topics.get(i)).putInt(body.length).put(body);
        }
        return out.array();
    }

    static TaggedArticle read(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte format = in.get();
            if (format != FORMAT) {
                throw new SerializationException("unknown tagged-article format " + format);
            }
            String articleId = new String(bytes(in), StandardCharsets.UTF_8);
            boolean fingerprinted = in.get() != 0;
            long fingerprint = in.getLong();
            int count = in.getInt();
            if (count < 0 || count > in.remaining()) {
                throw new SerializationException("tagged article has an impossible count " + count);
            }
            List<TaggedArticle.Tag> tags = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String topicId = new String(bytes(in), StandardCharsets.UTF_8);
                tags.add(new TaggedArticle.Tag(topicId, bytes(in)));
            }
            if (in.hasRemaining()) {
                throw new SerializationException("tagged article has " + in.remaining() + " trailing bytes");
            }
            return new TaggedArticle(articleId, fingerprinted ? fingerprint : null, tags);
        } catch (BufferUnderflowException e) {
            throw new SerializationException("tagged article is truncated", e);
        }
    }

    private static byte[] bytes(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new SerializationException("tagged article has a field of impossible length " + length);
        }
        byte[] out = new byte[length];
        in.get(out);
        return out;
    }
}
