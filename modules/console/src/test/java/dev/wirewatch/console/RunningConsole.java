package dev.wirewatch.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wirewatch.broker.testing.KafkaBrokerExtension;
import dev.wirewatch.core.config.CoreSettings;
import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.core.secrets.SecretKeys;
import dev.wirewatch.core.secrets.SecretSettings;
import dev.wirewatch.core.http.HealthChecks;
import dev.wirewatch.core.http.ServiceEndpoints;
import dev.wirewatch.core.kafka.Json;
import dev.wirewatch.core.kafka.KafkaTopicsAdmin;
import dev.wirewatch.core.kafka.TopicNames;
import dev.wirewatch.core.kafka.TopicSpec;
import dev.wirewatch.core.spi.Stage;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A console stage started on the shared test broker under topic names of its own, with an HTTP client for its API
 * and a producer for the pipeline topics it reads (what the collector, tagger and alerter would write).
 */
final class RunningConsole implements AutoCloseable {

    /** One HTTP answer. */
    record Response(int status, String body, HttpHeaders headers) {
        JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (HTTP " + status + "): " + body, e);
            }
        }

        @Override
        public String toString() {
            return "HTTP " + status + " " + body;
        }
    }

    final TopicNames names;
    final String adminKey;
    /** The key that seals secrets in this console's topics. */
    final String secretsKey = SecretKeys.newKey("t1");
    final String base;
    final PrometheusMeterRegistry meters;
    final HealthChecks health = new HealthChecks();
    private final ConsoleStage.Handle handle;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final KafkaProducer<byte[], byte[]> producer;

    private RunningConsole(TopicNames names, String adminKey, Map<String, String> settings) throws Exception {
        this.names = names;
        this.adminKey = adminKey;
        this.meters = ServiceEndpoints.newRegistry();
        Properties props = KafkaBrokerExtension.clientProperties();
        KafkaTopicsAdmin.ensureTopics(props, names);
        Properties producerProps = new Properties();
        producerProps.putAll(props);
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        this.producer = new KafkaProducer<>(producerProps);
        Map<String, String> values = new HashMap<>();
        values.put(CoreSettings.BOOTSTRAP_SERVERS.key(), KafkaBrokerExtension.bootstrapServers());
        values.put(CoreSettings.TOPIC_PREFIX.key(), names.prefix());
        values.put(ConsoleSettings.PORT.key(), "0");
        values.put(ConsoleSettings.HOST.key(), "127.0.0.1");
        values.put(ConsoleSettings.API_KEY.key(), adminKey);
        values.put(SecretSettings.KEY.key(), secretsKey);
        values.putAll(settings);
        this.handle = (ConsoleStage.Handle) new ConsoleStage().start(WirewatchConfig.of(values),
                new Stage.StageContext(meters, health, false));
        this.base = "http://127.0.0.1:" + handle.port();
    }

    /** Starts a console with the bootstrap key {@code ww_test_admin_key} and these extra settings. */
    static RunningConsole start(Map<String, String> settings) throws Exception {
        TopicNames names = new TopicNames(KafkaBrokerExtension.uniquePrefix(), (short) 1, 0);
        return new RunningConsole(names, "ww_test_admin_key_" + System.nanoTime(), settings);
    }

    Console console() {
        return handle.console();
    }

    Response get(String path, String key) {
        return send("GET", path, key, null, null);
    }

    Response post(String path, String key, String json) {
        return send("POST", path, key, json, "application/json");
    }

    Response put(String path, String key, String json) {
        return send("PUT", path, key, json, "application/json");
    }

    Response delete(String path, String key) {
        return send("DELETE", path, key, null, null);
    }

    Response send(String method, String path, String key, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Opens a server-sent-events stream; the caller closes the returned response's body. */
    HttpResponse<java.util.stream.Stream<String>> stream(String path, String key) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + key)
                .header("Accept", "text/event-stream").GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofLines());
    }

    /** Writes a value as the pipeline would, and waits for the acknowledgement. */
    <V> void produce(TopicSpec<String, V> spec, String key, V value) throws Exception {
        produceRaw(names.of(spec), key, spec.valueSerde().serializer().serialize(names.of(spec), value));
    }

    void produceRaw(String topic, String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get(30, TimeUnit.SECONDS);
    }

    /** Every record of a topic right now, in offset order per partition. */
    List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        Properties props = KafkaBrokerExtension.clientProperties();
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    @Override
    public void close() {
        handle.close();
        producer.close(Duration.ofSeconds(5));
    }
}
