package dev.wirewatch.core.kafka;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka serde that writes a record as UTF-8 JSON with {@link Json#mapper()}.
 *
 * <p>A value that cannot be read throws {@link SerializationException}; readers route it to a dead-letter topic
 * (see {@link DeadLetterRouter}) instead of crashing. A {@code null} payload is a tombstone and reads as {@code null}.
 */
public final class JsonSerde<T> implements Serde<T> {

    private final Class<T> type;
    private final ObjectWriter writer;
    private final ObjectReader reader;

    public JsonSerde(Class<T> type) {
        this.type = Objects.requireNonNull(type, "type");
        this.writer = Json.mapper().writerFor(type);
        this.reader = Json.mapper().readerFor(type);
    }

    public Class<T> type() {
        return type;
    }

    /** Writes the value as JSON bytes. */
    public byte[] toBytes(T value) {
        if (value == null) {
            return null;
        }
        try {
            return writer.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new SerializationException("Failed to write " + type.getSimpleName() + " as JSON", e);
        }
    }

    /** Reads JSON bytes; throws {@link SerializationException} naming the type when they are not a valid value. */
    public T fromBytes(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return reader.readValue(bytes);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Failed to read " + type.getSimpleName() + " from JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, data) -> toBytes(data);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, data) -> fromBytes(data);
    }
}
