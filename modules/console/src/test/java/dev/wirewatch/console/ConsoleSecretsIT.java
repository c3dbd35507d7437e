package dev.wirewatch.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wirewatch.broker.testing.KafkaBrokerExtension;
import dev.wirewatch.core.config.CoreSettings;
import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.Channel;
import dev.wirewatch.core.secrets.ChannelSecrets;
import dev.wirewatch.core.secrets.SecretKeys;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Secrets through the API and at rest: write-only on every read, sealed in {@code wirewatch.subscriptions} as read raw
 * from the real topic, and a webhook moved to a new URL gets a new secret.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ConsoleSecretsIT {

    private static final String SLACK_TOKEN = "T0001/B0002/slacktokenXYZ123456";
    private static RunningConsole console;
    private static String admin;
    private static String reader;

    @BeforeAll
    static void start() throws Exception {
        console = RunningConsole.start(Map.of(CoreSettings.WEBHOOKS_ALLOW_PRIVATE.key(), "127.0.0.0/8"));
        admin = console.adminKey;
        RunningConsole.Response topic = console.post("/api/topics", admin,
                "{\"id\": \"sec-topic\", \"name\": \"Secrets\", \"query\": \"cecot\"}");
        assertThat(topic.status()).as(topic.toString()).isEqualTo(201);
        RunningConsole.Response key = console.post("/api/keys", admin, "{\"name\": \"reader\", \"role\": \"read\"}");
        assertThat(key.status()).as(key.toString()).isEqualTo(201);
        reader = key.json().get("key").asText();
    }

    @AfterAll
    static void stop() {
        if (console != null) {
            console.close();
        }
    }

    @Test
    void secretsAreWriteOnlyAndSealedInTheTopic() {
        RunningConsole.Response hook = console.post("/api/subscriptions", admin, "{\"id\": \"sec-hook\", \"topics\": [\"sec-topic\"], "
                + "\"channel\": {\"type\": \"webhook\", \"url\": \"http://127.0.0.1:9/hook\"}}");
        assertThat(hook.status()).as(hook.toString()).isEqualTo(201);
        String secret = hook.json().at("/channel/secret").asText();
        assertThat(secret).startsWith("whsec_");
        RunningConsole.Response slack = console.post("/api/subscriptions", admin, "{\"id\": \"sec-slack\", \"topics\": [\"sec-topic\"], "
                + "\"channel\": {\"type\": \"slack\", \"url\": \"http://127.0.0.1:9/services/" + SLACK_TOKEN + "\"}}");
        assertThat(slack.status()).as(slack.toString()).isEqualTo(201);
        assertThat(slack.body()).doesNotContain(SLACK_TOKEN);

        for (String key : List.of(admin, reader)) {
            for (String path : List.of("/api/subscriptions", "/api/subscriptions/sec-hook", "/api/subscriptions/sec-slack")) {
                RunningConsole.Response read = console.get(path, key);
                assertThat(read.status()).isEqualTo(200);
                assertThat(read.body()).doesNotContain(secret).doesNotContain(secret.substring(6, 20))
                        .doesNotContain(SLACK_TOKEN).doesNotContain("slacktoken");
            }
        }
        assertThat(console.get("/api/subscriptions/sec-slack", reader).json().at("/channel/url").asText())
                .isEqualTo("http://127.0.0.1:9/\u2026");

        List<ConsumerRecord<byte[], byte[]>> raw = console.readAll(console.names.of(Topics.SUBSCRIPTIONS));
        String all = String.join("\n", raw.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList());
        assertThat(all).contains("sec-hook").contains("sec-slack").contains(SecretKeys.PREFIX)
                .doesNotContain(secret.substring(6)).doesNotContain("slacktoken").doesNotContain(SLACK_TOKEN);

        // the operator's key opens them; another key does not
        Channel storedHook = stored("sec-hook");
        Channel storedSlack = stored("sec-slack");
        ChannelSecrets right = new ChannelSecrets(SecretKeys.of(console.secretsKey, List.of()));
        assertThat(right.open("sec-hook", storedHook).secret()).isEqualTo(secret);
        assertThat(right.open("sec-slack", storedSlack).url()).endsWith(SLACK_TOKEN);
        ChannelSecrets wrong = new ChannelSecrets(SecretKeys.of(SecretKeys.newKey("t1"), List.of()));
        assertThatThrownBy(() -> wrong.open("sec-hook", storedHook)).isInstanceOf(SecretKeys.SecretException.class);
        // a sealed secret copied into another subscription does not open there
        assertThatThrownBy(() -> right.open("other", storedHook)).isInstanceOf(SecretKeys.SecretException.class);

        // the masked Slack URL sent back keeps the URL
        RunningConsole.Response kept = console.put("/api/subscriptions/sec-slack", admin, "{\"topics\": [\"sec-topic\"], "
                + "\"channel\": {\"type\": \"slack\", \"url\": \"http://127.0.0.1:9/\u2026\"}}");
        assertThat(kept.status()).as(kept.toString()).isEqualTo(200);
        assertThat(right.open("sec-slack", stored("sec-slack")).url()).endsWith(SLACK_TOKEN);
    }

    @Test
    void aWebhookMovedToANewUrlGetsANewSecret() {
        RunningConsole.Response created = console.post("/api/subscriptions", admin, "{\"id\": \"sec-move\", \"topics\": [\"sec-topic\"], "
                + "\"channel\": {\"type\": \"webhook\", \"url\": \"http://127.0.0.1:9/old\"}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String oldSecret = created.json().at("/channel/secret").asText();
        String masked = console.get("/api/subscriptions/sec-move", admin).json().at("/channel/secret").asText();

        // the same URL keeps the secret and does not show it
        RunningConsole.Response same = console.put("/api/subscriptions/sec-move", admin, "{\"topics\": [\"sec-topic\"], "
                + "\"channel\": {\"type\": \"webhook\", \"url\": \"http://127.0.0.1:9/old\", \"secret\": \"" + masked + "\"}}");
        assertThat(same.status()).as(same.toString()).isEqualTo(200);
        assertThat(same.body()).doesNotContain(oldSecret);

        // the old secret, given explicitly with a new URL, is refused
        RunningConsole.Response reuse = console.put("/api/subscriptions/sec-move", admin, "{\"topics\": [\"sec-topic\"], "
                + "\"channel\": {\"type\": \"webhook\", \"url\": \"http://127.0.0.1:9/attacker\", \"secret\": \"" + oldSecret + "\"}}");
        assertThat(reuse.status()).as(reuse.toString()).isEqualTo(400);
        assertThat(reuse.json().get("field").asText()).isEqualTo("channel.secret");

        // the masked secret with a new URL: a new secret is made and shown once
        RunningConsole.Response moved = console.put("/api/subscriptions/sec-move", admin, "{\"topics\": [\"sec-topic\"], "
                + "\"channel\": {\"type\": \"webhook\", \"url\": \"http://127.0.0.1:9/new\", \"secret\": \"" + masked + "\"}}");
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        String newSecret = moved.json().at("/channel/secret").asText();
        assertThat(newSecret).startsWith("whsec_").doesNotContain("\u2026").isNotEqualTo(oldSecret);
        ChannelSecrets secrets = new ChannelSecrets(SecretKeys.of(console.secretsKey, List.of()));
        Channel now = secrets.open("sec-move", stored("sec-move"));
        assertThat(now.url()).isEqualTo("http://127.0.0.1:9/new");
        assertThat(now.secret()).isEqualTo(newSecret);
        assertThat(now.previousSecrets()).doesNotContain(oldSecret);
        assertThat(console.get("/api/subscriptions/sec-move", admin).body()).doesNotContain(newSecret);
    }

    private static Channel stored(String id) {
        return console.readAll(console.names.of(Topics.SUBSCRIPTIONS)).stream()
                .filter(r -> new String(r.key(), StandardCharsets.UTF_8).equals(id)).reduce((a, b) -> b)
                .map(r -> Topics.SUBSCRIPTION_SERDE.fromBytes(r.value()).channel()).orElseThrow();
    }
}
