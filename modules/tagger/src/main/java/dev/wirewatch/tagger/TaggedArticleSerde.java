package dev.wirewatch.tagger;

import dev.wirewatch.core.model.Highlight;
import dev.wirewatch.core.model.Mention;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The binary form of a {@link TaggedArticle} on the tagger's internal story topic: a format byte, then the fields in a
 * fixed order, the article's own fields once and each topic's after them.
 *
 * <p>The internal topic is read only by the tagger, so it need not be JSON; this form costs a fraction of JSON to
 * write and read, and every tagged article crosses it. A record whose first byte is {@code '{'} was written as JSON by
 * an earlier version during a rolling upgrade, and is still read.
 */
final class TaggedArticleSerde implements Serde<TaggedArticle> {

    private static final byte FORMAT_V1 = 1;
    private static final byte JSON_START = '{';
    private static final int NULL_LENGTH = -1;

    private final Serde<TaggedArticle> legacyJson;

    TaggedArticleSerde(Serde<TaggedArticle> legacyJson) {
        this.legacyJson = legacyJson;
    }

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
                return legacyJson.deserializer().deserialize(topic, bytes);
            }
            return read(bytes);
        };
    }

    static byte[] write(TaggedArticle tagged) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(256 + 256 * tagged.mentions().size());
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeByte(FORMAT_V1);
            string(out, tagged.articleId());
            out.writeBoolean(tagged.fingerprint() != null);
            if (tagged.fingerprint() != null) {
                out.writeLong(tagged.fingerprint());
            }
            List<Mention> mentions = tagged.mentions();
            out.writeInt(mentions.size());
            for (Mention m : mentions) {
                out.writeInt(m.schemaVersion());
                string(out, m.id());
                string(out, m.topicId());
                out.writeLong(m.topicVersion());
                string(out, m.topicName());
                string(out, m.articleId());
                out.writeInt(m.articleVersion());
                string(out, m.url());
                string(out, m.title());
                string(out, m.source());
                string(out, m.language());
                instant(out, m.publishedAt());
                instant(out, m.taggedAt());
                string(out, m.storyId());
                out.writeBoolean(m.firstInStory());
                out.writeInt(m.highlights().size());
                for (Highlight h : m.highlights()) {
                    string(out, h.field());
                    out.writeInt(h.start());
                    out.writeInt(h.end());
                }
                string(out, m.snippet());
                out.writeInt(m.matchedClauses().size());
                for (String clause : m.matchedClauses()) {
                    string(out, clause);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return buffer.toByteArray();
    }

    static TaggedArticle read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT_V1) {
                throw new SerializationException("unknown tagged-article format " + format);
            }
            String articleId = string(in);
            Long fingerprint = in.readBoolean() ? in.readLong() : null;
            int count = count(in, bytes.length);
            List<Mention> mentions = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int schemaVersion = in.readInt();
                String id = string(in);
                String topicId = string(in);
                long topicVersion = in.readLong();
                String topicName = string(in);
                String mentionArticleId = string(in);
                int articleVersion = in.readInt();
                String url = string(in);
                String title = string(in);
                String source = string(in);
                String language = string(in);
                Instant publishedAt = instant(in);
                Instant taggedAt = instant(in);
                String storyId = string(in);
                boolean first = in.readBoolean();
                int highlightCount = count(in, bytes.length);
                List<Highlight> highlights = new ArrayList<>(highlightCount);
                for (int h = 0; h < highlightCount; h++) {
                    highlights.add(new Highlight(string(in), in.readInt(), in.readInt()));
                }
                String snippet = string(in);
                int clauseCount = count(in, bytes.length);
                List<String> clauses = new ArrayList<>(clauseCount);
                for (int c = 0; c < clauseCount; c++) {
                    clauses.add(string(in));
                }
                mentions.add(new Mention(schemaVersion, id, topicId, topicVersion, topicName, mentionArticleId,
                        articleVersion, url, title, source, language, publishedAt, taggedAt, storyId, first,
                        highlights, snippet, clauses));
            }
            if (in.available() > 0) {
                throw new SerializationException("tagged article has " + in.available() + " trailing bytes");
            }
            return new TaggedArticle(articleId, fingerprint, mentions);
        } catch (EOFException e) {
            throw new SerializationException("tagged article is truncated", e);
        } catch (IOException | RuntimeException e) {
            if (e instanceof SerializationException s) {
                throw s;
            }
            throw new SerializationException("tagged article cannot be read: " + e.getMessage(), e);
        }
    }

    /** A list length, checked against what the record can hold, so that a corrupt length fails cleanly. */
    private static int count(DataInputStream in, int recordLength) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > recordLength) {
            throw new SerializationException("tagged article has an impossible count " + count);
        }
        return count;
    }

    private static void string(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(NULL_LENGTH);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String string(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length == NULL_LENGTH) {
            return null;
        }
        if (length < 0 || length > in.available()) {
            throw new SerializationException("tagged article has a string of impossible length " + length);
        }
        byte[] utf8 = new byte[length];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static void instant(DataOutputStream out, Instant value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeLong(value.getEpochSecond());
            out.writeInt(value.getNano());
        }
    }

    private static Instant instant(DataInputStream in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    }
}
