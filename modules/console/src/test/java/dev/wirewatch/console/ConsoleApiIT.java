package dev.wirewatch.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.wirewatch.broker.testing.KafkaBrokerExtension;
import dev.wirewatch.core.config.CoreSettings;
import dev.wirewatch.core.kafka.DeadLetterRouter;
import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.Alert;
import dev.wirewatch.core.model.Article;
import dev.wirewatch.core.model.ArticleIds;
import dev.wirewatch.core.model.DeliveryAttempt;
import dev.wirewatch.core.model.FeedHealth;
import dev.wirewatch.core.model.Highlight;
import dev.wirewatch.core.model.Mention;
import dev.wirewatch.core.model.TopicStats;
import dev.wirewatch.core.model.TrackedTopic;
import dev.wirewatch.core.secrets.ChannelSecrets;
import dev.wirewatch.core.secrets.SecretKeys;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The console's API over real HTTP, on a real in-process broker: every endpoint, auth failures and bad input. */
@ExtendWith(KafkaBrokerExtension.class)
class ConsoleApiIT {

    private static RunningConsole console;
    private static String admin;

    @BeforeAll
    static void start() throws Exception {
        // every route is called with a wrong key here: more than the default limit of wrong keys per address
        console = RunningConsole.start(Map.of(CoreSettings.WEBHOOKS_ALLOW_PRIVATE.key(), "127.0.0.0/8",
                ConsoleSettings.AUTH_MAX_FAILURES.key(), "1000"));
        admin = console.adminKey;
    }

    @AfterAll
    static void stop() {
        if (console != null) {
            console.close();
        }
    }

    private static String key(String role) {
        RunningConsole.Response created = console.post("/api/keys", admin, "{\"name\": \"" + role + " key\", \"role\": \"" + role + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("key").asText();
    }

    private static void createTopic(String id, String query) {
        RunningConsole.Response r = console.post("/api/topics", admin,
                "{\"id\": \"" + id + "\", \"name\": \"" + id.toUpperCase(java.util.Locale.ROOT) + "\", \"query\": " + quote(query) + "}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    private static String quote(String text) {
        try {
            return dev.wirewatch.core.kafka.Json.mapper().writeValueAsString(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- service endpoints and auth

    @Test
    void theDashboardNeedsNoKeyAndHealthAndMetricsOnTheConsolePortNeedAReadKey() {
        assertThat(console.get("/health", null).status()).isEqualTo(401);
        assertThat(console.get("/metrics", null).status()).isEqualTo(401);
        assertThat(console.get("/metrics", null).body()).doesNotContain("wirewatch_");
        String reader = key("read");
        RunningConsole.Response health = console.get("/health", reader);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().at("/checks/console.definitions/status").asText()).isEqualTo("UP");
        RunningConsole.Response metrics = console.get("/metrics", reader);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("wirewatch_console_auth_failures_total");
        RunningConsole.Response index = console.get("/", null);
        assertThat(index.status()).isEqualTo(200);
        assertThat(index.body()).contains("Wirewatch");
        assertThat(index.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).contains("default-src 'self'"));
    }

    @Test
    void everyApiRouteAnswers401WithoutAValidKey() {
        List<Routes.Route> routes = console.console().routes();
        assertThat(routes).hasSizeGreaterThan(25);
        for (Routes.Route route : routes) {
            String path = route.path().replace("{id}", "x");
            String body = route.method().equals("GET") || route.method().equals("DELETE") ? null : "{}";
            RunningConsole.Response none = console.send(route.method(), path, null, body, "application/json");
            assertThat(none.status()).as(route + " without a key").isEqualTo(401);
            assertThat(none.json().get("error").asText()).contains("API key");
            assertThat(none.headers().firstValue("WWW-Authenticate")).isPresent();
            RunningConsole.Response wrong = console.send(route.method(), path, "wwk_0123456789ab_wrong", body, "application/json");
            assertThat(wrong.status()).as(route + " with a wrong key").isEqualTo(401);
        }
        assertThat(console.send("GET", "/api/topics", null, null, null).status()).isEqualTo(401);
        RunningConsole.Response basic = console.send("GET", "/api/topics", null, null, null);
        assertThat(basic.status()).isEqualTo(401);
        assertThat(console.get("/api/no-such-thing", null).status()).isEqualTo(401);
        assertThat(console.get("/api/no-such-thing", admin).status()).isEqualTo(404);
        assertThat(console.meters.counter("wirewatch.console.auth.failures", "status", "401").count()).isGreaterThan(50);
    }

    @Test
    void aReadKeyReadsButCannotWriteAndOnlyAdminsManageKeys() {
        String read = key("read");
        String write = key("write");
        assertThat(console.get("/api/me", read).json().get("role").asText()).isEqualTo("read");
        assertThat(console.get("/api/topics", read).status()).isEqualTo(200);
        assertThat(console.post("/api/topics/validate", read, "{\"query\": \"CECOT\"}").status()).isEqualTo(200);
        assertThat(console.post("/api/topics/preview", read, "{\"query\": \"CECOT\"}").status()).isEqualTo(200);

        RunningConsole.Response refused = console.post("/api/topics", read, "{\"id\": \"by-reader\", \"query\": \"x\"}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("error").asText()).contains("read role").contains("needs write");
        assertThat(console.delete("/api/topics/anything", read).status()).isEqualTo(403);
        assertThat(console.post("/api/feeds", read, "{}").status()).isEqualTo(403);
        assertThat(console.post("/api/subscriptions", read, "{}").status()).isEqualTo(403);
        assertThat(console.post("/api/articles", read, "{}").status()).isEqualTo(403);

        assertThat(console.post("/api/topics", write, "{\"id\": \"by-writer\", \"query\": \"writer\"}").status()).isEqualTo(201);
        assertThat(console.get("/api/keys", write).status()).isEqualTo(403);
        assertThat(console.post("/api/keys", write, "{\"name\": \"x\", \"role\": \"admin\"}").status()).isEqualTo(403);
    }

    @Test
    void keysAreHashedAtRestListedWithoutSecretsAndCanBeRevoked() {
        RunningConsole.Response created = console.post("/api/keys", admin, "{\"name\": \"night desk\", \"role\": \"write\"}");
        String id = created.json().get("id").asText();
        String secret = created.json().get("key").asText();
        assertThat(secret).startsWith("wwk_" + id + "_");
        assertThat(console.get("/api/me", secret).json().get("name").asText()).isEqualTo("night desk");

        RunningConsole.Response list = console.get("/api/keys", admin);
        assertThat(list.body()).contains("night desk").doesNotContain(secret).doesNotContain("sha256");

        List<ConsumerRecord<byte[], byte[]>> stored = console.readAll(console.names.of(Topics.API_KEYS));
        String storedText = new String(stored.get(stored.size() - 1).value(), StandardCharsets.UTF_8);
        assertThat(storedText).contains("sha256:").doesNotContain(secret.substring(20));

        assertThat(console.post("/api/keys", admin, "{\"name\": \"x\", \"role\": \"boss\"}").json().get("field").asText()).isEqualTo("role");
        assertThat(console.delete("/api/keys/" + id, admin).status()).isEqualTo(204);
        assertThat(console.get("/api/me", secret).status()).isEqualTo(401);
        assertThat(console.delete("/api/keys/nope", admin).status()).isEqualTo(404);
    }

    // ---- tracked topics

    @Test
    void trackedTopicsAreCreatedVersionedAndDeletedInKafka() {
        RunningConsole.Response created = console.post("/api/topics", admin,
                "{\"name\": \"Pegasus spyware\", \"query\": \"Pegasus NEAR/5 (spyware OR NSO)\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("id").asText()).isEqualTo("pegasus-spyware");
        assertThat(created.json().get("version").asLong()).isEqualTo(1);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/topics/pegasus-spyware");
        // read right after the write
        assertThat(console.get("/api/topics/pegasus-spyware", admin).json().get("name").asText()).isEqualTo("Pegasus spyware");
        assertThat(console.post("/api/topics", admin, "{\"id\": \"pegasus-spyware\", \"query\": \"x\"}").status()).isEqualTo(409);

        RunningConsole.Response updated = console.put("/api/topics/pegasus-spyware", admin,
                "{\"query\": \"Pegasus NEAR/5 (spyware OR NSO OR espía)\"}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("version").asLong()).isEqualTo(2);
        assertThat(updated.json().get("name").asText()).isEqualTo("Pegasus spyware");
        assertThat(console.put("/api/topics/pegasus-spyware", admin, "{\"id\": \"other\"}").json().get("field").asText()).isEqualTo("id");
        assertThat(console.put("/api/topics/nope", admin, "{\"query\": \"x\"}").status()).isEqualTo(404);

        List<ConsumerRecord<byte[], byte[]>> records = console.readAll(console.names.of(Topics.TRACKED_TOPICS));
        TrackedTopic last = Topics.TRACKED_TOPIC_SERDE.fromBytes(records.stream()
                .filter(r -> new String(r.key(), StandardCharsets.UTF_8).equals("pegasus-spyware")).reduce((a, b) -> b).orElseThrow().value());
        assertThat(last.version()).isEqualTo(2);
        assertThat(last.query()).contains("espía");

        RunningConsole.Response page = console.get("/api/topics?limit=1&offset=0", admin);
        assertThat(page.json().get("items")).hasSize(1);
        assertThat(page.json().get("total").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(console.get("/api/topics?limit=0", admin).json().get("field").asText()).isEqualTo("limit");

        assertThat(console.delete("/api/topics/pegasus-spyware", admin).status()).isEqualTo(204);
        assertThat(console.get("/api/topics/pegasus-spyware", admin).status()).isEqualTo(404);
        assertThat(console.delete("/api/topics/pegasus-spyware", admin).status()).isEqualTo(404);
        ConsumerRecord<byte[], byte[]> tombstone = console.readAll(console.names.of(Topics.TRACKED_TOPICS)).stream()
                .filter(r -> new String(r.key(), StandardCharsets.UTF_8).equals("pegasus-spyware")).reduce((a, b) -> b).orElseThrow();
        assertThat(tombstone.value()).isNull();
    }

    @Test
    void queryErrorsPointAtThePositionWithAHint() {
        RunningConsole.Response bad = console.post("/api/topics", admin, "{\"id\": \"broken\", \"query\": \"CECOT OR \\\"Terrorist\"}");
        assertThat(bad.status()).isEqualTo(400);
        JsonNode error = bad.json();
        assertThat(error.get("field").asText()).isEqualTo("query");
        assertThat(error.get("position").asInt()).isEqualTo(9);
        assertThat(error.get("error").asText()).contains("at 9");
        assertThat(error.get("hint").asText()).isNotBlank();

        JsonNode invalid = console.post("/api/topics/validate", admin, "{\"query\": \"NOT bukele\"}").json();
        assertThat(invalid.get("valid").asBoolean()).isFalse();
        assertThat(invalid.has("position")).isTrue();
        assertThat(invalid.get("hint").asText()).isNotBlank();

        JsonNode valid = console.post("/api/topics/validate", admin,
                "{\"query\": \"(\\\"term limits\\\" OR \\\"reelección indefinida\\\") AND Bukele\"}").json();
        assertThat(valid.get("valid").asBoolean()).isTrue();
        assertThat(valid.get("clauses").toString()).contains("term limits").contains("Bukele");
        assertThat(valid.get("explain").asText()).contains("AND");
    }

    @Test
    void aQueryNestedThousandsOfLevelsDeepIsRefusedBeforeItReachesTheTagger() {
        String deep = "(".repeat(1990) + "cecot" + ")".repeat(1990);
        RunningConsole.Response refused = console.post("/api/topics", admin, "{\"id\": \"poison\", \"query\": \"" + deep + "\"}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("error").asText()).isEqualTo("nested more than 64 levels deep at 64");
        assertThat(console.get("/api/topics/poison", admin).status()).isEqualTo(404);
        JsonNode invalid = console.post("/api/topics/validate", admin, "{\"query\": \"" + deep + "\"}").json();
        assertThat(invalid.get("valid").asBoolean()).isFalse();
        assertThat(invalid.get("position").asInt()).isEqualTo(64);
    }

    @Test
    void badInputIsRefusedNamingTheField() {
        RunningConsole.Response notJson = console.post("/api/topics", admin, "{\"id\": ");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().get("error").asText()).contains("not valid JSON");
        assertThat(console.post("/api/topics", admin, "[1, 2]").json().get("error").asText()).contains("JSON object");
        assertThat(console.post("/api/topics", admin, "").status()).isEqualTo(400);
        assertThat(console.post("/api/topics", admin, "{\"id\": \"Bad Id!\", \"query\": \"x\"}").json().get("field").asText()).isEqualTo("id");
        assertThat(console.post("/api/topics", admin, "{\"id\": \"no-query\"}").json().get("field").asText()).isEqualTo("query");
        assertThat(console.post("/api/topics", admin, "{\"id\": \"num\", \"query\": 5}").json().get("field").asText()).isEqualTo("query");
        assertThat(console.post("/api/topics", admin, "{\"id\": \"en\", \"query\": \"x\", \"enabled\": \"yes\"}").json().get("field").asText())
                .isEqualTo("enabled");
        RunningConsole.Response wrongMethod = console.send("PATCH", "/api/topics", admin, "{}", "application/json");
        assertThat(wrongMethod.status()).isIn(404, 405);
    }

    // ---- subscriptions

    @Test
    void subscriptionsCheckTheirChannelAndTopicsAndKeepSecretsMasked() {
        createTopic("sub-cecot", "CECOT");
        String base = "\"name\": \"LatAm desk\", \"topics\": [\"sub-cecot\"], \"mode\": \"realtime\", ";

        RunningConsole.Response privateHook = console.post("/api/subscriptions", admin,
                "{" + base + "\"channel\": {\"type\": \"webhook\", \"url\": \"http://10.1.2.3/hook\"}}");
        assertThat(privateHook.status()).isEqualTo(400);
        assertThat(privateHook.json().get("field").asText()).isEqualTo("channel.url");
        assertThat(privateHook.json().get("error").asText()).contains("private").contains("webhooks.allow-private");
        assertThat(console.post("/api/subscriptions", admin, "{" + base + "\"channel\": {\"type\": \"webhook\", \"url\": \"http://[::ffff:192.168.1.1]/\"}}")
                .json().get("field").asText()).isEqualTo("channel.url");
        assertThat(console.post("/api/subscriptions", admin, "{" + base + "\"channel\": {\"type\": \"webhook\", \"url\": \"ftp://example.org/x\"}}")
                .json().get("error").asText()).contains("http");
        assertThat(console.post("/api/subscriptions", admin, "{" + base + "\"channel\": {\"type\": \"pigeon\"}}").json().get("field").asText())
                .isEqualTo("channel.type");
        assertThat(console.post("/api/subscriptions", admin, "{" + base + "\"channel\": {\"type\": \"email\"}}").json().get("field").asText())
                .isEqualTo("channel.to");
        assertThat(console.post("/api/subscriptions", admin, "{\"name\": \"x\", \"topics\": [\"nope\"], \"channel\": {\"type\": \"sse\"}}")
                .json().get("field").asText()).isEqualTo("topics");
        assertThat(console.post("/api/subscriptions", admin, "{\"name\": \"x\", \"topics\": [\"sub-cecot\"]}").json().get("field").asText())
                .isEqualTo("channel");
        assertThat(console.post("/api/subscriptions", admin, "{\"name\": \"x\", \"topics\": [\"sub-cecot\"], \"channel\": {\"type\": \"sse\"}, "
                + "\"mode\": {\"type\": \"digest\", \"digestAt\": \"07:30\", \"timeZone\": \"Mars/Olympus\"}}").json().get("field").asText())
                .isEqualTo("mode.timeZone");
        assertThat(console.post("/api/subscriptions", admin, "{\"name\": \"x\", \"topics\": [\"sub-cecot\"], \"channel\": {\"type\": \"sse\"}, "
                + "\"mode\": {\"type\": \"digest\", \"digestAt\": \"half past seven\"}}").json().get("field").asText())
                .isEqualTo("mode.digestAt");

        RunningConsole.Response created = console.post("/api/subscriptions", admin,
                "{" + base + "\"channel\": {\"type\": \"webhook\", \"url\": \"http://127.0.0.1:9/hook\"}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String secret = created.json().at("/channel/secret").asText();
        assertThat(secret).startsWith("whsec_").hasSizeGreaterThan(30);
        assertThat(created.json().get("enabled").asBoolean()).isTrue();

        RunningConsole.Response read = console.get("/api/subscriptions/latam-desk", admin);
        assertThat(read.json().at("/channel/secret").asText()).startsWith("whsec_").contains("\u2026").isNotEqualTo(secret);
        assertThat(read.json().at("/delivery/state").asText()).isEqualTo("none");

        RunningConsole.Response updated = console.put("/api/subscriptions/latam-desk", admin, "{\"name\": \"LatAm desk (nights)\", "
                + "\"topics\": [\"sub-cecot\"], \"channel\": {\"type\": \"webhook\", \"url\": \"http://127.0.0.1:9/hook\", \"secret\": \""
                + read.json().at("/channel/secret").asText() + "\"}}");
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(console.console().routes()).isNotEmpty();
        assertThat(storedSubscriptionSecret("latam-desk")).isEqualTo(secret);

        RunningConsole.Response email = console.post("/api/subscriptions", admin, "{\"id\": \"mail-desk\", \"topics\": [\"sub-cecot\"], "
                + "\"mode\": {\"type\": \"digest\", \"digestAt\": \"07:30\", \"timeZone\": \"America/El_Salvador\"}, "
                + "\"channel\": {\"type\": \"email\", \"to\": [\"desk@example.org\"]}}");
        assertThat(email.status()).as(email.toString()).isEqualTo(201);
        assertThat(console.get("/api/subscriptions", admin).json().get("total").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(console.delete("/api/subscriptions/mail-desk", admin).status()).isEqualTo(204);
        assertThat(console.get("/api/subscriptions/mail-desk", admin).status()).isEqualTo(404);
    }

    private static String storedSubscriptionSecret(String id) {
        return console.readAll(console.names.of(Topics.SUBSCRIPTIONS)).stream()
                .filter(r -> new String(r.key(), StandardCharsets.UTF_8).equals(id)).reduce((a, b) -> b)
                .map(r -> new ChannelSecrets(SecretKeys.of(console.secretsKey, List.of()))
                        .open(id, Topics.SUBSCRIPTION_SERDE.fromBytes(r.value()).channel()).secret()).orElseThrow();
    }

    @Test
    void deliveryStatusComesFromTheDeliveriesTopic() throws Exception {
        createTopic("dlv-topic", "delivery");
        assertThat(console.post("/api/subscriptions", admin, "{\"id\": \"dlv-sub\", \"topics\": [\"dlv-topic\"], \"channel\": {\"type\": \"sse\"}}")
                .status()).isEqualTo(201);
        Instant now = Instant.now();
        console.produce(Topics.DELIVERIES, "dlv-sub", new DeliveryAttempt(1, "a1", "dlv-sub", "sse", 1, "failed", 503,
                "Service Unavailable", now.minusSeconds(5), 20, now.plusSeconds(30)));
        console.produce(Topics.DELIVERIES, "dlv-sub", new DeliveryAttempt(1, "a1", "dlv-sub", "sse", 2, "delivered", 200,
                null, now, 12, null));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode view = console.get("/api/subscriptions/dlv-sub", admin).json();
            assertThat(view.at("/delivery/state").asText()).isEqualTo("delivered");
            assertThat(view.at("/delivery/failed").asInt()).isEqualTo(1);
        });
        JsonNode deliveries = console.get("/api/subscriptions/dlv-sub/deliveries", admin).json();
        assertThat(deliveries.get("recent")).hasSize(2);
        assertThat(deliveries.at("/recent/0/outcome").asText()).isEqualTo("delivered");
        assertThat(console.get("/api/subscriptions/nope/deliveries", admin).status()).isEqualTo(404);
    }

    // ---- outbound URLs: the one address policy, alike for a feed, an article and a webhook

    @ParameterizedTest(name = "{0} ({1})")
    @CsvSource(delimiter = '|', textBlock = """
            http://169.254.169.254/latest/meta-data/ | cloud metadata
            http://100.100.100.200/                  | Alibaba metadata, carrier-grade NAT
            http://[fd00:ec2::254]/                  | AWS metadata over IPv6, unique local
            http://10.0.0.5/                         | RFC 1918
            http://192.168.1.1/                      | RFC 1918
            http://0.0.0.0/                          | this host
            http://255.255.255.255/                  | broadcast
            http://[::1]/                            | IPv6 loopback, not in the 127.0.0.0/8 that the console allows
            http://[::ffff:169.254.169.254]/         | IPv4-mapped metadata
            http://[64:ff9b::a9fe:a9fe]/             | NAT64 metadata
            http://[64:ff9b::7f00:1]/                | NAT64 loopback, not opened by 127.0.0.0/8
            http://[2002:a9fe:a9fe::1]/              | 6to4 metadata
            http://2852039166/                       | decimal metadata
            http://0251.0376.0251.0376/              | octal metadata
            http://0xa9.0xfe.0xa9.0xfe/              | hex metadata
            http://10.1/                             | short form of 10.0.0.1
            """)
    void eachHostileAddressIsRefusedForAFeedAnArticleAndAWebhookAlike(String url, String why) {
        RunningConsole.Response topic = console.post("/api/topics", admin,
                "{\"id\": \"hostile-targets\", \"name\": \"Hostile\", \"query\": \"CECOT\"}");
        assertThat(topic.status()).as(topic.toString()).isIn(201, 409);
        RunningConsole.Response feed = console.post("/api/feeds", admin, "{\"url\": \"" + url + "\"}");
        RunningConsole.Response article = console.post("/api/articles", admin, "{\"url\": \"" + url + "\"}");
        RunningConsole.Response webhook = console.post("/api/subscriptions", admin, "{\"name\": \"Hostile\", \"mode\": \"realtime\", "
                + "\"topics\": [\"hostile-targets\"], \"channel\": {\"type\": \"webhook\", \"url\": \"" + url + "\"}}");
        for (RunningConsole.Response refused : List.of(feed, article, webhook)) {
            assertThat(refused.status()).as(why + ": " + refused).isEqualTo(400);
            assertThat(refused.json().get("error").asText()).as(why).contains("private or reserved address")
                    .contains("webhooks.allow-private");
        }
        assertThat(feed.json().get("field").asText()).isEqualTo("url");
        assertThat(article.json().get("field").asText()).isEqualTo("url");
        assertThat(webhook.json().get("field").asText()).isEqualTo("channel.url");
    }

    // ---- feeds

    @Test
    void feedsAreCheckedShownWithTheirHealthAndImportedFromOpml() throws Exception {
        RunningConsole.Response created = console.post("/api/feeds", admin,
                "{\"url\": \"https://elfaro.net/es/feed\", \"title\": \"El Faro\", \"language\": \"ES\", \"tags\": [\"latam\"]}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("id").asText()).isEqualTo("el-faro");
        assertThat(created.json().get("language").asText()).isEqualTo("es");
        assertThat(created.json().at("/health/state").asText()).isEqualTo("unknown");
        assertThat(console.post("/api/feeds", admin, "{\"url\": \"https://www.elfaro.net/es/feed/?utm_source=x\"}").json().get("field").asText())
                .isEqualTo("url");
        assertThat(console.post("/api/feeds", admin, "{\"url\": \"http://169.254.169.254/latest/meta-data\"}").json().get("error").asText())
                .contains("private");
        assertThat(console.post("/api/feeds", admin, "{\"url\": \"file:///etc/passwd\"}").status()).isEqualTo(400);
        assertThat(console.post("/api/feeds", admin, "{\"title\": \"no url\"}").json().get("field").asText()).isEqualTo("url");
        assertThat(console.post("/api/feeds", admin, "{\"url\": \"https://a.example.org/f\", \"pollIntervalSeconds\": 1}").json()
                .get("field").asText()).isEqualTo("pollIntervalSeconds");

        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant lastPush = now.minusSeconds(90);
        console.produce(Topics.FEED_HEALTH, "el-faro", new FeedHealth(1, "el-faro", "https://elfaro.net/es/feed", "failing", now,
                now.minusSeconds(3600), 3, "HTTP 503", 503, 42.5, now.minusSeconds(7200), now.plusSeconds(60), 17, 40,
                FeedHealth.PUSH, lastPush));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(console.get("/api/feeds/el-faro", admin).json().at("/health/state").asText()).isEqualTo("failing"));
        JsonNode listed = console.get("/api/feeds", admin).json().at("/items/0/health");
        assertThat(listed.get("lastError").asText()).isEqualTo("HTTP 503");
        assertThat(listed.get("polls").asLong()).isEqualTo(40);
        assertThat(listed.get("mode").asText()).isEqualTo("push");
        assertThat(Instant.parse(listed.get("lastPushAt").asText())).isEqualTo(lastPush);

        RunningConsole.Response disabled = console.put("/api/feeds/el-faro", admin, "{\"enabled\": false}");
        assertThat(disabled.json().get("enabled").asBoolean()).isFalse();
        assertThat(disabled.json().get("title").asText()).isEqualTo("El Faro");

        byte[] opml = getClass().getResourceAsStream("/opml/desk-feeds.opml").readAllBytes();
        RunningConsole.Response imported = console.send("POST", "/api/feeds/opml", admin, new String(opml, StandardCharsets.UTF_8), "text/x-opml");
        assertThat(imported.status()).as(imported.toString()).isEqualTo(201);
        assertThat(imported.json().get("created")).hasSize(2);
        assertThat(imported.json().at("/created/0/tags/0").asText()).isEqualTo("central-america");
        assertThat(imported.json().get("skipped").toString()).contains("there already as 'el-faro'").contains("private");

        byte[] xxe = getClass().getResourceAsStream("/opml/opml-doctype-xxe.opml").readAllBytes();
        RunningConsole.Response refused = console.send("POST", "/api/feeds/opml", admin, new String(xxe, StandardCharsets.UTF_8), "text/x-opml");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("error").asText()).contains("DOCTYPE");
        assertThat(console.send("POST", "/api/feeds/opml", admin, "<rss/>", "application/xml").json().get("error").asText()).contains("not an OPML");

        assertThat(console.delete("/api/feeds/el-faro", admin).status()).isEqualTo(204);
        assertThat(console.get("/api/feeds/el-faro", admin).status()).isEqualTo(404);
    }

    // ---- live data

    @Test
    void newMentionsAreListedAndStreamedFilteredByTopic() throws Exception {
        HttpResponse<Stream<String>> stream = console.stream("/api/mentions/stream?topic=live-cecot", admin);
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
            Iterator<String> it = stream.body().iterator();
            while (it.hasNext()) {
                lines.add(it.next());
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains(": connected"));
        await().atMost(Duration.ofSeconds(10)).until(() -> console.console().routes() != null
                && console.meters.find("wirewatch.console.stream.listeners").tag("stream", "mentions").gauge().value() >= 1);

        console.produce(Topics.MENTIONS, "live-other", mention("live-other", "a2", "Otra cosa"));
        console.produce(Topics.MENTIONS, "live-cecot", mention("live-cecot", "a1", "Deportados al CECOT"));
        await().atMost(Duration.ofSeconds(30)).until(() -> lines.stream().anyMatch(l -> l.contains("Deportados al CECOT")));
        assertThat(lines).contains("event: mention").contains("id: a1:live-cecot");
        assertThat(lines).noneMatch(l -> l.contains("Otra cosa"));
        stream.body().close();
        reading.cancel(true);

        JsonNode recent = console.get("/api/mentions?topic=live-cecot&limit=5", admin).json();
        assertThat(recent.get("items")).hasSize(1);
        assertThat(recent.at("/items/0/highlights/0/field").asText()).isEqualTo("title");
        assertThat(console.get("/api/mentions?limit=50", admin).json().get("items").size()).isGreaterThanOrEqualTo(2);
        assertThat(console.get("/api/mentions?limit=abc", admin).json().get("field").asText()).isEqualTo("limit");
    }

    @Test
    void alertsOfOneSubscriptionAreStreamed() throws Exception {
        createTopic("alert-topic", "alerta");
        assertThat(console.post("/api/subscriptions", admin, "{\"id\": \"live-desk\", \"topics\": [\"alert-topic\"], \"channel\": {\"type\": \"sse\"}}")
                .status()).isEqualTo(201);
        assertThat(console.get("/api/alerts/stream", admin).json().get("field").asText()).isEqualTo("subscription");
        assertThat(console.get("/api/alerts/stream?subscription=nope", admin).status()).isEqualTo(404);

        HttpResponse<Stream<String>> stream = console.stream("/api/alerts/stream?subscription=live-desk", admin);
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> stream.body().forEach(lines::add));
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains(": connected"));
        console.produce(Topics.ALERTS, "someone-else", new Alert(1, "alert-x", "someone-else", "realtime", List.of(), Instant.now(), null));
        console.produce(Topics.ALERTS, "live-desk", new Alert(1, "alert-1", "live-desk", "realtime",
                List.of(mention("alert-topic", "a9", "Una alerta")), Instant.now(), null));
        await().atMost(Duration.ofSeconds(30)).until(() -> lines.stream().anyMatch(l -> l.contains("Una alerta")));
        assertThat(lines).contains("event: alert").contains("id: alert-1").noneMatch(l -> l.contains("alert-x"));
        stream.body().close();
        reading.cancel(true);
    }

    @Test
    void topicStatsAreServedBySeriesWithSpikes() throws Exception {
        createTopic("stats-topic", "stats");
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        console.produce(Topics.TOPIC_STATS, "stats-topic", new TopicStats(1, "stats-topic", "1m", minute.minusSeconds(60), minute, 2, 1, false));
        console.produce(Topics.TOPIC_STATS, "stats-topic", new TopicStats(1, "stats-topic", "1m", minute, minute.plusSeconds(60), 3, 1, false));
        // an update of the same window replaces it
        console.produce(Topics.TOPIC_STATS, "stats-topic", new TopicStats(1, "stats-topic", "1m", minute, minute.plusSeconds(60), 9, 2, true));
        console.produce(Topics.TOPIC_STATS, "stats-topic", new TopicStats(1, "stats-topic", "1h", minute.truncatedTo(ChronoUnit.HOURS),
                minute.truncatedTo(ChronoUnit.HOURS).plusSeconds(3600), 11, 3, false));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode stats = console.get("/api/topics/stats-topic/stats", admin).json();
            assertThat(stats.at("/series/1m")).hasSize(2);
            assertThat(stats.at("/series/1m/1/mentions").asInt()).isEqualTo(9);
            assertThat(stats.at("/series/1m/1/spike").asBoolean()).isTrue();
            assertThat(stats.at("/series/1h")).hasSize(1);
            assertThat(stats.at("/series/1d")).isEmpty();
        });
        JsonNode all = console.get("/api/stats?window=1m", admin).json();
        assertThat(all.at("/topics/stats-topic")).hasSize(2);
        assertThat(console.get("/api/stats?window=5y", admin).json().get("field").asText()).isEqualTo("window");
        assertThat(console.get("/api/topics/never-heard-of/stats", admin).status()).isEqualTo(404);
    }

    // ---- backtest and articles

    @Test
    void theBacktestCountsHitsPerDayAndShowsHighlightedSamples() throws Exception {
        // other tests write articles too: this one reads from its own start
        Instant start = Instant.now().minusMillis(1);
        Instant now = Instant.now();
        console.produce(Topics.ARTICLES, "x", null);
        for (int i = 0; i < 6; i++) {
            String url = "https://elfaro.net/es/bt/" + i;
            String title = i % 2 == 0 ? "Nuevos traslados al Terrorist Confinement Center " + i : "Lluvias en San Salvador " + i;
            String body = "Texto de relleno sobre otras cosas. " + (i % 2 == 0
                    ? "Según fuentes oficiales, el CECOT recibió a otros 40 reos esta semana." : "Sin relación con prisiones.");
            console.produce(Topics.ARTICLES, ArticleIds.idFor(url), new Article(1, ArticleIds.idFor(url), 1, url, url, "elfaro",
                    "elfaro.net", title, null, body, null, "es", now, now, "h" + i));
        }
        // a new version of article 0 that no longer matches counts as a non-match
        String url0 = "https://elfaro.net/es/bt/0";
        console.produce(Topics.ARTICLES, ArticleIds.idFor(url0), new Article(1, ArticleIds.idFor(url0), 2, url0, url0, "elfaro",
                "elfaro.net", "Corrección: nada que ver", null, "Texto corregido.", null, "es", now, now, "h0b"));
        console.produceRaw(console.names.of(Topics.ARTICLES), "corrupt", "{not json".getBytes(StandardCharsets.UTF_8));

        RunningConsole.Response preview = console.post("/api/topics/preview", admin,
                "{\"query\": \"CECOT OR \\\"Terrorist Confinement Center\\\"\", \"from\": \"" + start + "\", \"limit\": 10}");
        assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
        JsonNode result = preview.json();
        assertThat(result.get("articlesScanned").asInt()).isEqualTo(7);
        assertThat(result.get("matchingArticles").asInt()).isEqualTo(2);
        assertThat(result.get("truncated").asBoolean()).isFalse();
        assertThat(result.get("elapsedMs").asLong()).isGreaterThanOrEqualTo(0);
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        List<String> days = new ArrayList<>();
        result.get("hitsPerDay").forEach(d -> days.add(d.get("day").asText()));
        assertThat(days).containsExactly(today);
        JsonNode todayCounts = findDay(result, today);
        assertThat(todayCounts.get("hits").asInt()).isEqualTo(2);
        assertThat(todayCounts.get("articles").asInt()).isEqualTo(6);
        JsonNode sample = result.at("/samples/0");
        assertThat(sample.get("title").asText()).contains("Terrorist Confinement Center");
        int[] mark = {sample.at("/titleMarks/0/0").asInt(), sample.at("/titleMarks/0/1").asInt()};
        assertThat(sample.get("title").asText().substring(mark[0], mark[1])).isEqualTo("Terrorist Confinement Center");
        String snippet = sample.get("snippet").asText();
        assertThat(snippet.substring(sample.at("/snippetMarks/0/0").asInt(), sample.at("/snippetMarks/0/1").asInt())).isEqualTo("CECOT");
        assertThat(result.get("samples")).hasSize(2);
        assertThat(result.get("samples").toString()).doesNotContain("bt/0\"");

        RunningConsole.Response capped = console.post("/api/topics/preview", admin, "{\"query\": \"CECOT\", \"limit\": 1, \"from\": \""
                + now.minus(Duration.ofDays(1)) + "\", \"to\": \"" + now.plus(Duration.ofDays(1)) + "\"}");
        assertThat(capped.json().get("samples")).hasSize(1);
        assertThat(capped.json().get("hitsPerDay")).hasSize(3);

        JsonNode badQuery = console.post("/api/topics/preview", admin, "{\"query\": \"(CECOT\"}").json();
        assertThat(badQuery.get("field").asText()).isEqualTo("query");
        assertThat(badQuery.has("position")).isTrue();
        assertThat(console.post("/api/topics/preview", admin, "{\"query\": \"CECOT\", \"from\": \"2026-12-01\", \"to\": \"2026-11-01\"}")
                .json().get("field").asText()).isEqualTo("from");
        assertThat(console.post("/api/topics/preview", admin, "{\"query\": \"CECOT\", \"from\": \"yesterday\"}").json().get("field").asText())
                .isEqualTo("from");
        assertThat(console.post("/api/topics/preview", admin, "{\"query\": \"CECOT\", \"limit\": 1000}").json().get("field").asText())
                .isEqualTo("limit");
    }

    private static JsonNode findDay(JsonNode result, String day) {
        for (JsonNode d : result.get("hitsPerDay")) {
            if (d.get("day").asText().equals(day)) {
                return d;
            }
        }
        throw new AssertionError("no day " + day + " in " + result);
    }

    @Test
    void articlesAreSubmittedWholeOrFetchedByUrl() throws Exception {
        RunningConsole.Response given = console.post("/api/articles", admin, "{\"url\": \"https://elfaro.net/es/2026/11/cecot?utm_source=x\", "
                + "\"title\": \"Deportados al CECOT\", \"body\": \"El CECOT recibió a 238 venezolanos.\", \"language\": \"es\"}");
        assertThat(given.status()).as(given.toString()).isEqualTo(202);
        String id = given.json().get("id").asText();
        assertThat(id).isEqualTo(ArticleIds.idFor("https://elfaro.net/es/2026/11/cecot"));
        Article stored = console.readAll(console.names.of(Topics.ARTICLES)).stream()
                .filter(r -> id.equals(new String(r.key(), StandardCharsets.UTF_8))).map(r -> Topics.ARTICLE_SERDE.fromBytes(r.value()))
                .findFirst().orElseThrow();
        assertThat(stored.source()).isEqualTo("elfaro.net");
        assertThat(stored.feedId()).isEqualTo("console");
        assertThat(stored.version()).isEqualTo(1);
        // the collector's content hash: the same article is the same record whichever way it came in
        assertThat(stored.contentHash()).isEqualTo(ArticleIds.sha256Hex("Deportados al CECOT\nEl CECOT recibió a 238 venezolanos.")
                .substring(0, 32));
        RunningConsole.Response again = console.post("/api/articles", admin, "{\"url\": \"https://elfaro.net/es/2026/11/cecot\", "
                + "\"title\": \"Deportados al CECOT\", \"body\": \"El CECOT recibió a 238 venezolanos.\"}");
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.json().get("unchanged").asBoolean()).isTrue();
        assertThat(again.json().get("version").asInt()).isEqualTo(1);
        RunningConsole.Response edited = console.post("/api/articles", admin, "{\"url\": \"https://elfaro.net/es/2026/11/cecot\", "
                + "\"title\": \"Deportados al CECOT\", \"body\": \"El CECOT recibió a 252 venezolanos.\"}");
        assertThat(edited.status()).as(edited.toString()).isEqualTo(202);
        assertThat(edited.json().get("id").asText()).isEqualTo(id);
        assertThat(edited.json().get("version").asInt()).isEqualTo(2);

        HttpServer site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        site.createContext("/nota", exchange -> {
            byte[] page = ("<html lang=\"es-SV\"><head><title>Nota de prueba</title></head><body><nav><p>Menú</p></nav>"
                    + "<article><h1>Nota de prueba</h1><p>El Mara Salvatrucha (MS-13) opera en la zona.</p><p>Segundo párrafo.</p>"
                    + "</article></body></html>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            }
        });
        site.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().set("Location", "http://10.0.0.7/secret");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        site.start();
        try {
            String url = "http://127.0.0.1:" + site.getAddress().getPort();
            RunningConsole.Response fetched = console.post("/api/articles", admin, "{\"url\": \"" + url + "/nota\"}");
            assertThat(fetched.status()).as(fetched.toString()).isEqualTo(202);
            assertThat(fetched.json().get("title").asText()).isEqualTo("Nota de prueba");
            assertThat(fetched.json().get("language").asText()).isEqualTo("es");
            assertThat(fetched.json().get("fetched").asBoolean()).isTrue();
            RunningConsole.Response redirected = console.post("/api/articles", admin, "{\"url\": \"" + url + "/moved\"}");
            assertThat(redirected.status()).isEqualTo(400);
            assertThat(redirected.json().get("error").asText()).contains("private");
        } finally {
            site.stop(0);
        }
        assertThat(console.post("/api/articles", admin, "{\"title\": \"no url\"}").json().get("field").asText()).isEqualTo("url");
        assertThat(console.post("/api/articles", admin, "{\"url\": \"mailto:x@y.z\", \"title\": \"t\"}").json().get("field").asText()).isEqualTo("url");
    }

    // ---- definitions from elsewhere, dead letters, OpenAPI

    @Test
    void definitionsWrittenByOthersShowUpAndUnreadableOnesGoToTheDeadLetterTopic() throws Exception {
        console.produce(Topics.TRACKED_TOPICS, "from-elsewhere", TrackedTopic.of("from-elsewhere", "From elsewhere", "elsewhere"));
        await().atMost(Duration.ofSeconds(30)).until(() -> console.get("/api/topics/from-elsewhere", admin).status() == 200);

        console.produceRaw(console.names.of(Topics.TRACKED_TOPICS), "garbled", "{\"id\": 5, \"query\": [".getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                console.meters.counter("wirewatch.dead.letters", "stage", "console").count() >= 1);
        List<ConsumerRecord<byte[], byte[]>> dead = console.readAll(console.names.deadLetters("console"));
        assertThat(dead).anySatisfy(r -> {
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("garbled");
            assertThat(new String(r.headers().lastHeader(DeadLetterRouter.HEADER_TOPIC).value(), StandardCharsets.UTF_8))
                    .isEqualTo(console.names.of(Topics.TRACKED_TOPICS));
        });
        assertThat(console.get("/api/topics/garbled", admin).status()).isEqualTo(404);
        assertThat(console.get("/health", admin).status()).isEqualTo(200);
    }

    @Test
    void theOpenApiDocumentDescribesEveryRoute() {
        RunningConsole.Response doc = console.get("/api/openapi.json", admin);
        assertThat(doc.status()).isEqualTo(200);
        JsonNode paths = doc.json().get("paths");
        for (Routes.Route route : console.console().routes()) {
            JsonNode operation = paths.path(route.path()).path(route.method().toLowerCase(java.util.Locale.ROOT));
            assertThat(operation.isMissingNode()).as(route + " is missing from openapi.json").isFalse();
            assertThat(operation.get("x-wirewatch-role").asText()).as(route + " role").isEqualTo(route.role().id());
            assertThat(operation.at("/responses/401").isMissingNode()).as(route + " documents 401").isFalse();
        }
        assertThat(paths.has("/health")).isTrue();
        doc.json().findValues("$ref").forEach(ref -> assertThat(doc.json().at(ref.asText().substring(1)).isMissingNode())
                .as("dangling " + ref).isFalse());
    }

    static Mention mention(String topicId, String articleId, String title) {
        return new Mention(1, null, topicId, 1, topicId, articleId, 1, "https://elfaro.net/es/" + articleId, title, "elfaro.net", "es",
                Instant.now(), Instant.now(), "story-" + articleId, true, List.of(new Highlight("title", 0, 5)),
                "\u2026el CECOT recibió a 238 venezolanos\u2026", List.of("CECOT"));
    }
}
