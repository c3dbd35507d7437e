package dev.wirewatch.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wirewatch.broker.testing.KafkaBrokerExtension;
import dev.wirewatch.core.config.CoreSettings;
import dev.wirewatch.core.kafka.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The API refuses what it does not understand, in its own words, and openapi.json says what the server does: every
 * documented required field is one the server asks for by name, every documented field is one it reads, and no other.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ConsoleApiContractIT {

    private static final AtomicInteger SEQ = new AtomicInteger();
    /** Words that only a library's own error text would use. */
    private static final List<String> LIBRARY_WORDS = List.of("java.", "Jackson", "Cannot construct", "Cannot deserialize",
            "Text '", "Exception", "instance of", "(through reference chain");

    private static RunningConsole console;
    private static String admin;
    private static String topicId;

    @BeforeAll
    static void start() throws Exception {
        console = RunningConsole.start(Map.of(CoreSettings.WEBHOOKS_ALLOW_PRIVATE.key(), "127.0.0.0/8"));
        admin = console.adminKey;
        RunningConsole.Response topic = console.post("/api/topics", admin, "{\"id\": \"contract\", \"name\": \"Contract\", \"query\": \"cecot\"}");
        assertThat(topic.status()).as(topic.toString()).isEqualTo(201);
        topicId = "contract";
    }

    @AfterAll
    static void stop() {
        if (console != null) {
            console.close();
        }
    }

    /** A valid body for each documented POST with a JSON body; a new route fails the test until it has one. */
    private static Supplier<ObjectNode> example(String path) {
        return switch (path) {
            case "/api/keys" -> () -> json("{\"name\": \"key %d\", \"role\": \"read\"}");
            case "/api/topics" -> () -> json("{\"name\": \"Topic %d\", \"query\": \"cecot\", \"description\": \"d\", \"enabled\": true}");
            case "/api/topics/validate" -> () -> json("{\"query\": \"cecot %d\"}");
            case "/api/topics/preview" -> () -> json("{\"query\": \"cecot\", \"limit\": 5}");
            case "/api/subscriptions" -> () -> json("{\"name\": \"Sub %d\", \"topics\": [\"" + topicId + "\"], \"languages\": [\"es\"],"
                    + " \"mode\": {\"type\": \"digest\", \"digestAt\": \"07:30\"}, \"channel\": {\"type\": \"sse\"}}");
            case "/api/feeds" -> () -> json("{\"url\": \"http://127.0.0.1:9/feed-%d.xml\", \"title\": \"Feed %1$d\", \"tags\": [\"x\"]}");
            case "/api/articles" -> () -> json("{\"url\": \"http://127.0.0.1:9/article-%d\", \"title\": \"CECOT\","
                    + " \"body\": \"El CECOT recibió a 238 venezolanos.\", \"language\": \"es\"}");
            default -> throw new AssertionError("no example body for POST " + path + ": add one to this test");
        };
    }

    private static ObjectNode json(String template) {
        try {
            return (ObjectNode) Json.mapper().readTree(template.formatted(SEQ.incrementAndGet()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode doc() {
        RunningConsole.Response doc = console.get("/api/openapi.json", admin);
        assertThat(doc.status()).isEqualTo(200);
        return doc.json();
    }

    private static JsonNode resolve(JsonNode doc, JsonNode schema) {
        return schema.has("$ref") ? doc.at(schema.get("$ref").asText().substring(1)) : schema;
    }

    /** The documented POST routes with a JSON body, and their body schemas. */
    private static List<Map.Entry<String, JsonNode>> jsonPosts(JsonNode doc) {
        List<Map.Entry<String, JsonNode>> posts = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            JsonNode schema = path.getValue().at("/post/requestBody/content/application~1json/schema");
            if (!schema.isMissingNode()) {
                posts.add(Map.entry(path.getKey(), resolve(doc, schema)));
            }
        }
        return posts;
    }

    private static String fieldAtFault(RunningConsole.Response r) {
        JsonNode field = r.json().get("field");
        return field == null ? null : field.asText();
    }

    @Test
    void everyDocumentedRequiredFieldIsOneTheServerAsksForAndNoOtherIs() {
        JsonNode doc = doc();
        List<Map.Entry<String, JsonNode>> posts = jsonPosts(doc);
        assertThat(posts).extracting(Map.Entry::getKey).contains("/api/subscriptions", "/api/topics", "/api/feeds");
        for (Map.Entry<String, JsonNode> post : posts) {
            String path = post.getKey();
            JsonNode schema = post.getValue();
            Supplier<ObjectNode> example = example(path);
            RunningConsole.Response valid = console.post(path, admin, example.get().toString());
            assertThat(valid.status()).as("POST %s with a valid body: %s", path, valid).isLessThan(300);
            assertThat(valid.json().path("valid").asBoolean(true)).as("%s: %s", path, valid).isTrue();

            List<String> required = new ArrayList<>();
            schema.path("required").forEach(r -> required.add(r.asText()));
            for (Iterator<String> names = schema.get("properties").fieldNames(); names.hasNext();) {
                String field = names.next();
                ObjectNode without = example.get();
                without.remove(field);
                RunningConsole.Response answer = console.post(path, admin, without.toString());
                if (required.contains(field)) {
                    assertThat(fieldAtFault(answer)).as("POST %s without documented-required %s: %s", path, field, answer)
                            .isEqualTo(field);
                    assertThat(answer.status() == 400 || !answer.json().path("valid").asBoolean(true))
                            .as("%s without %s: %s", path, field, answer).isTrue();
                } else {
                    assertThat(answer.status()).as("POST %s without optional %s: %s", path, field, answer).isLessThan(300);
                }
                // a documented field is one the server reads
                ObjectNode withNull = example.get();
                if (!withNull.has(field)) {
                    withNull.putNull(field);
                    RunningConsole.Response known = console.post(path, admin, withNull.toString());
                    assertThat(known.json().path("error").asText()).as("POST %s with %s: %s", path, field, known)
                            .doesNotContain("unknown field");
                }
            }
            // nested objects: their documented required fields too
            for (Iterator<Map.Entry<String, JsonNode>> props = schema.get("properties").fields(); props.hasNext();) {
                Map.Entry<String, JsonNode> prop = props.next();
                JsonNode nested = prop.getValue().has("oneOf") ? prop.getValue().get("oneOf").get(0) : prop.getValue();
                JsonNode nestedSchema = resolve(doc, nested);
                ObjectNode body = example.get();
                if (!nestedSchema.has("required") || !body.path(prop.getKey()).isObject()) {
                    continue;
                }
                for (JsonNode r : nestedSchema.get("required")) {
                    ObjectNode without = example.get();
                    ((ObjectNode) without.get(prop.getKey())).remove(r.asText());
                    RunningConsole.Response answer = console.post(path, admin, without.toString());
                    assertThat(answer.status()).as("%s without %s.%s: %s", path, prop.getKey(), r.asText(), answer).isEqualTo(400);
                    assertThat(fieldAtFault(answer)).isEqualTo(prop.getKey() + "." + r.asText());
                }
            }
            // documented as closed (additionalProperties: false): a field the server does not read is refused, by name
            assertThat(schema.path("additionalProperties").asBoolean(true)).as("%s is documented as closed", path).isFalse();
            ObjectNode extra = example.get();
            extra.put("colour", "red");
            RunningConsole.Response refused = console.post(path, admin, extra.toString());
            assertThat(refused.status()).as("POST %s with colour: %s", path, refused).isEqualTo(400);
            assertThat(fieldAtFault(refused)).isEqualTo("colour");
            assertThat(refused.json().get("error").asText()).contains("unknown field 'colour'");
        }
    }

    @Test
    void aMisspeltFieldIsNamedWithTheNearestOne() {
        RunningConsole.Response r = console.post("/api/topics", admin, "{\"name\": \"Typo\", \"querry\": \"cecot\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(fieldAtFault(r)).isEqualTo("querry");
        assertThat(r.json().get("error").asText()).isEqualTo("unknown field 'querry'; did you mean 'query'?");

        ObjectNode nested = example("/api/subscriptions").get();
        ((ObjectNode) nested.get("channel")).put("colour", "red");
        RunningConsole.Response inChannel = console.post("/api/subscriptions", admin, nested.toString());
        assertThat(inChannel.status()).isEqualTo(400);
        assertThat(fieldAtFault(inChannel)).isEqualTo("channel.colour");
    }

    @Test
    void aBodyThatIsNotJsonIsRefusedByItsContentType() {
        RunningConsole.Response r = console.send("POST", "/api/topics", admin, "{\"name\": \"Plain\", \"query\": \"cecot\"}", "text/plain");
        assertThat(r.status()).isEqualTo(400);
        assertThat(fieldAtFault(r)).isEqualTo("Content-Type");
        assertThat(r.json().get("error").asText()).contains("application/json", "text/plain");
        RunningConsole.Response withCharset = console.send("POST", "/api/topics", admin,
                "{\"name\": \"Charset\", \"query\": \"cecot\"}", "application/json; charset=utf-8");
        assertThat(withCharset.status()).as(withCharset.toString()).isEqualTo(201);
    }

    @Test
    void malformedValuesNameTheFieldInTheApisOwnWords() {
        assertRefused(sub(s -> ((ObjectNode) s.get("mode")).put("digestAt", "25:00")), "mode.digestAt", "a time of day such as 07:30");
        assertRefused(sub(s -> s.put("topics", topicId)), "topics", "a list");
        assertRefused(sub(s -> ((ObjectNode) s.get("mode")).put("digestEveryMinutes", "often")), "mode.digestEveryMinutes",
                "a whole number");
        assertRefused(sub(s -> s.put("enabled", "yes")), "enabled", "true or false");
        assertRefused(sub(s -> ((ObjectNode) s.get("channel")).put("type", "pigeon")), "channel.type", "webhook, slack, email or sse");
        assertRefused(sub(s -> ((ObjectNode) s.get("mode")).put("type", "weekly")), "mode.type", "realtime or digest");
        assertRefused(sub(s -> s.set("channel", Json.mapper().createArrayNode())), "channel", "channel");
        RunningConsole.Response role = console.post("/api/keys", admin, "{\"name\": \"k\", \"role\": \"god\"}");
        assertThat(role.status()).isEqualTo(400);
        assertThat(fieldAtFault(role)).isEqualTo("role");
    }

    private static String sub(java.util.function.Consumer<ObjectNode> change) {
        ObjectNode body = example("/api/subscriptions").get();
        change.accept(body);
        return body.toString();
    }

    private static void assertRefused(String body, String field, String words) {
        RunningConsole.Response r = console.post("/api/subscriptions", admin, body);
        assertThat(r.status()).as("%s -> %s", body, r).isEqualTo(400);
        assertThat(fieldAtFault(r)).as(r.toString()).isEqualTo(field);
        String error = r.json().get("error").asText();
        assertThat(error).as(r.toString()).contains(words);
        for (String word : LIBRARY_WORDS) {
            assertThat(error).as("library text in %s", r).doesNotContain(word);
        }
    }
}
