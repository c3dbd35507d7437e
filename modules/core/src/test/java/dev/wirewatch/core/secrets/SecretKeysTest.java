package dev.wirewatch.core.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wirewatch.core.config.ConfigException;
import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.core.model.Channel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sealing secrets with AES-GCM under a rotating key: the key id travels with the value, old keys stay readable. */
class SecretKeysTest {

    private static final String K1 = SecretKeys.newKey("k1");
    private static final String K2 = SecretKeys.newKey("k2");

    @Test
    void aSealedValueOpensOnlyWithItsKeyAndContextAndHidesThePlainText() {
        SecretKeys keys = SecretKeys.of(K1, List.of());
        String sealed = keys.seal("whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQ=", "subscription/a");
        assertThat(sealed).startsWith("wwsec:v1:k1:").doesNotContain("c2VjcmV0");
        assertThat(keys.seal("whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQ=", "subscription/a")).isNotEqualTo(sealed);
        assertThat(keys.open(sealed, "subscription/a")).isEqualTo("whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQ=");
        assertThatThrownBy(() -> keys.open(sealed, "subscription/b")).isInstanceOf(SecretKeys.SecretException.class);
        String altered = sealed.substring(0, sealed.length() - 2) + (sealed.endsWith("AA") ? "BB" : "AA");
        assertThatThrownBy(() -> keys.open(altered, "subscription/a")).isInstanceOf(SecretKeys.SecretException.class);
        assertThatThrownBy(() -> SecretKeys.of(SecretKeys.newKey("k1"), List.of()).open(sealed, "subscription/a"))
                .isInstanceOf(SecretKeys.SecretException.class);
        // a value kept in clear by an older version reads as it is
        assertThat(keys.open("whsec_clear", "subscription/a")).isEqualTo("whsec_clear");
    }

    @Test
    void rotationWritesWithTheNewKeyAndStillReadsTheOld() {
        String underK1 = SecretKeys.of(K1, List.of()).seal("https://hooks.slack.com/services/T/B/x", "s");
        SecretKeys rotated = SecretKeys.of(K2, List.of(K1));
        assertThat(rotated.currentId()).isEqualTo("k2");
        assertThat(rotated.open(underK1, "s")).isEqualTo("https://hooks.slack.com/services/T/B/x");
        String underK2 = rotated.seal("https://hooks.slack.com/services/T/B/x", "s");
        assertThat(underK2).startsWith("wwsec:v1:k2:");
        assertThatThrownBy(() -> SecretKeys.of(K1, List.of()).open(underK2, "s"))
                .isInstanceOf(SecretKeys.SecretException.class).hasMessageContaining("'k2'");
    }

    @Test
    void keysComeFromTheEnvironmentOrAFileAndAMissingKeyIsAClearError(@TempDir Path dir) throws Exception {
        SecretKeys fromEnv = SecretKeys.fromConfig(WirewatchConfig.load(null,
                Map.of("WIREWATCH_SECRETS_KEY", K2, "WIREWATCH_SECRETS_OLD_KEYS", K1), Map.of()));
        assertThat(fromEnv.currentId()).isEqualTo("k2");
        Path file = dir.resolve("keys");
        Files.writeString(file, "# current first\n" + K2 + "\n" + K1 + "\n");
        SecretKeys fromFile = SecretKeys.fromConfig(WirewatchConfig.of(Map.of("secrets.key-file", file.toString())));
        assertThat(fromFile.currentId()).isEqualTo("k2");
        assertThat(fromFile.open(SecretKeys.of(K1, List.of()).seal("x", "c"), "c")).isEqualTo("x");

        assertThatThrownBy(() -> SecretKeys.fromConfig(WirewatchConfig.of(Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("WIREWATCH_SECRETS_KEY");
        assertThatThrownBy(() -> SecretKeys.of("k1:c2hvcnQ=", List.of())).hasMessageContaining("32");
    }

    @Test
    void aWebhookSecretIsBoundToItsSubscriptionAndUrl() {
        ChannelSecrets secrets = new ChannelSecrets(SecretKeys.of(K1, List.of()));
        Channel plain = new Channel(Channel.WEBHOOK, "https://desk.example.org/hook", "whsec_AAAAAAAAAAAAAAAA",
                List.of("whsec_BBBBBBBBBBBBBBBB"), List.of());
        Channel sealed = secrets.seal("desk", plain);
        assertThat(sealed.url()).isEqualTo(plain.url());
        assertThat(sealed.secret()).startsWith(SecretKeys.PREFIX);
        assertThat(ChannelSecrets.holdsClearSecret(sealed)).isFalse();
        assertThat(ChannelSecrets.holdsClearSecret(plain)).isTrue();
        assertThat(secrets.open("desk", sealed)).isEqualTo(plain);
        Channel redirected = new Channel(Channel.WEBHOOK, "https://attacker.example/hook", sealed.secret(),
                sealed.previousSecrets(), List.of());
        assertThatThrownBy(() -> secrets.open("desk", redirected)).isInstanceOf(SecretKeys.SecretException.class);
    }
}
