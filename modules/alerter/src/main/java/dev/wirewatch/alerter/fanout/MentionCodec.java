package dev.wirewatch.alerter.fanout;

import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.Alert;
import dev.wirewatch.core.model.Mention;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The fan-out's serdes for routed mentions (repartition topic) and alerts (output); alerts are written byte for byte
 * as the registry's JSON serde writes them, but the JSON work is done once per mention rather than once per subscriber.
 *
 * <p>One mention fans out to every subscriber of its topic: the same object is written to the repartition topic many
 * times, read back as many identical byte arrays, and embedded in as many alerts. A small cache (by object identity
 * one way, by content the other) lets each of those steps reuse the first one's result; an alert is written as its
 * JSON without the mention, with the mention's cached JSON spliced in. The caches are lock-free and safe for all
 * stream threads; a miss only costs the ordinary JSON work.
 */
final class MentionCodec {

    private static final int SLOTS = 512;
    private static final byte ROUTED_VERSION = 1;
    private static final byte[] EMPTY_MENTIONS = "\"mentions\":[]".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OPEN_MENTIONS = "\"mentions\":[".getBytes(StandardCharsets.UTF_8);

    private record Entry(Mention mention, byte[] bytes, int contentHash) {
    }

    private final AtomicReferenceArray<Entry> byIdentity = new AtomicReferenceArray<>(SLOTS);
    private final AtomicReferenceArray<Entry> byContent = new AtomicReferenceArray<>(SLOTS);

    /** The JSON of a mention, as {@link Topics#MENTION_SERDE} writes it. */
    byte[] write(Mention mention) {
        Entry e = byIdentity.get(System.identityHashCode(mention) & (SLOTS - 1));
        if (e != null && e.mention() == mention) {
            return e.bytes();
        }
        byte[] bytes = Topics.MENTION_SERDE.toBytes(mention);
        remember(new Entry(mention, bytes, Arrays.hashCode(bytes)));
        return bytes;
    }

    /** A mention from its JSON, as {@link Topics#MENTION_SERDE} reads it (the same object for the same bytes). */
    Mention read(byte[] bytes) {
        int hash = Arrays.hashCode(bytes);
        Entry e = byContent.get(hash & (SLOTS - 1));
        if (e != null && e.contentHash() == hash && Arrays.equals(e.bytes(), bytes)) {
            return e.mention();
        }
        Mention mention = Topics.MENTION_SERDE.fromBytes(bytes);
        remember(new Entry(mention, bytes, hash));
        return mention;
    }

    private void remember(Entry e) {
        byIdentity.set(System.identityHashCode(e.mention()) & (SLOTS - 1), e);
        byContent.set(e.contentHash() & (SLOTS - 1), e);
    }

    /** The JSON of an alert, byte for byte as {@link Topics#ALERT_SERDE} writes it. */
    byte[] write(Alert alert) {
        if (alert.mentions().size() != 1) {
            return Topics.ALERT_SERDE.toBytes(alert);
        }
        byte[] mention = write(alert.mentions().get(0));
        byte[] shell = Topics.ALERT_SERDE.toBytes(new Alert(alert.schemaVersion(), alert.id(), alert.subscriptionId(),
                alert.kind(), List.of(), alert.createdAt(), alert.note()));
        int at = indexOf(shell, EMPTY_MENTIONS);
        if (at < 0) {
            return Topics.ALERT_SERDE.toBytes(alert);
        }
        byte[] out = new byte[shell.length - EMPTY_MENTIONS.length + OPEN_MENTIONS.length + mention.length + 1];
        System.arraycopy(shell, 0, out, 0, at);
        int pos = at;
        System.arraycopy(OPEN_MENTIONS, 0, out, pos, OPEN_MENTIONS.length);
        pos += OPEN_MENTIONS.length;
        System.arraycopy(mention, 0, out, pos, mention.length);
        pos += mention.length;
        out[pos++] = ']';
        System.arraycopy(shell, at + EMPTY_MENTIONS.length, out, pos, shell.length - at - EMPTY_MENTIONS.length);
        return out;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * The repartition topic's value: version byte, partition, subscriber count, each id (length-prefixed UTF-8), then
     * the mention's JSON.
     */
    byte[] write(Routed routed) {
        byte[] mention = write(routed.mention());
        List<byte[]> ids = new java.util.ArrayList<>(routed.subscriptionIds().size());
        int size = 1 + 4 + 4 + 4 + mention.length;
        for (String id : routed.subscriptionIds()) {
            byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
            ids.add(bytes);
            size += 4 + bytes.length;
        }
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(size);
        out.put(ROUTED_VERSION).putInt(routed.partition()).putInt(ids.size());
        for (byte[] id : ids) {
            out.putInt(id.length).put(id);
        }
        out.putInt(mention.length).put(mention);
        return out.array();
    }

    Routed readRouted(byte[] bytes) {
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        if (in.get() != ROUTED_VERSION) {
            throw new org.apache.kafka.common.errors.SerializationException("unknown routed-mention format");
        }
        int partition = in.getInt();
        int count = in.getInt();
        List<String> ids = new java.util.ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] id = new byte[in.getInt()];
            in.get(id);
            ids.add(new String(id, StandardCharsets.UTF_8));
        }
        byte[] mention = new byte[in.getInt()];
        in.get(mention);
        return new Routed(partition, ids, read(mention));
    }

    Serde<Routed> routedSerde() {
        Serializer<Routed> serializer = (topic, r) -> r == null ? null : write(r);
        Deserializer<Routed> deserializer = (topic, bytes) -> bytes == null ? null : readRouted(bytes);
        return Serdes.serdeFrom(serializer, deserializer);
    }

    Serde<Alert> alertSerde() {
        Serializer<Alert> serializer = (topic, a) -> a == null ? null : write(a);
        return Serdes.serdeFrom(serializer, Topics.ALERT_SERDE.deserializer());
    }
}
