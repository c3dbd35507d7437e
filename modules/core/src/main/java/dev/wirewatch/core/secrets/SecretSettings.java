package dev.wirewatch.core.secrets;

import dev.wirewatch.core.config.ConfigKey;
import java.util.List;

/**
 * The settings of the key that seals secrets at rest (webhook signing secrets, Slack webhook URLs) in
 * {@code wirewatch.subscriptions}: read by the console, which seals, and the alerter, which opens.
 *
 * <p>A key is written {@code <id>:<base64 of 32 random bytes>} (make one with
 * {@code echo "k1:$(openssl rand -base64 32)"}). To rotate, make a new key the current one and move the old one to
 * {@code secrets.old-keys}: values sealed under an old key stay readable, new writes use the current key.
 */
public final class SecretSettings {

    public static final ConfigKey<String> KEY = ConfigKey.string("secrets.key", null,
            "the current key that seals secrets in Kafka, <id>:<base64 of 32 bytes> (required by console and alerter "
                    + "unless secrets.key-file is set)");
    public static final ConfigKey<List<String>> OLD_KEYS = ConfigKey.list("secrets.old-keys", "",
            "earlier keys, <id>:<base64>, comma-separated: values sealed under them stay readable");
    public static final ConfigKey<String> KEY_FILE = ConfigKey.string("secrets.key-file", null,
            "a file of keys, one <id>:<base64> a line: the first is the current key, the others are earlier keys");

    private SecretSettings() {
    }

    /** Every secrets setting, for validation and documentation. */
    public static List<ConfigKey<?>> all() {
        return List.of(KEY, OLD_KEYS, KEY_FILE);
    }
}
