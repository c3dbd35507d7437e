package dev.wirewatch.core.secrets;

import dev.wirewatch.core.config.ConfigException;
import dev.wirewatch.core.config.WirewatchConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals short secrets for storage in Kafka with AES-256-GCM under an operator's key, and opens them again with the
 * current key or any earlier one.
 *
 * <p>A sealed value is {@code wwsec:v1:<key id>:<base64url of nonce, ciphertext and tag>}: the key id says which key
 * opens it, so keys rotate without rewriting what is stored. Each value is bound to a context (which record and
 * field it belongs to, as associated data), so a sealed value copied into another record does not open. Immutable and
 * thread-safe.
 */
public final class SecretKeys {

    /** The prefix of every sealed value. */
    public static final String PREFIX = "wwsec:v1:";

    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,32}");
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String currentId;
    private final Map<String, SecretKey> keys;

    private SecretKeys(String currentId, Map<String, SecretKey> keys) {
        this.currentId = currentId;
        this.keys = Map.copyOf(keys);
    }

    /**
     * Keys from their written form, {@code <id>:<base64 of 32 bytes>}: the current key first.
     *
     * @throws IllegalArgumentException naming the key that is malformed
     */
    public static SecretKeys of(String current, List<String> older) {
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        String currentId = parse(current, keys);
        for (String old : older) {
            if (old != null && !old.isBlank()) {
                parse(old, keys);
            }
        }
        return new SecretKeys(currentId, keys);
    }

    /**
     * The keys a process is configured with: {@code secrets.key} and {@code secrets.old-keys}, or the file named by
     * {@code secrets.key-file}.
     *
     * @throws ConfigException when none is set or one is malformed, saying how to make one
     */
    public static SecretKeys fromConfig(WirewatchConfig config) {
        String file = config.get(SecretSettings.KEY_FILE);
        String key = config.get(SecretSettings.KEY);
        if (file != null && !file.isBlank()) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of(file.strip()), StandardCharsets.UTF_8).stream()
                        .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
            } catch (IOException e) {
                throw new ConfigException(SecretSettings.KEY_FILE.key(), "cannot read " + file + ": " + e);
            }
            if (lines.isEmpty()) {
                throw new ConfigException(SecretSettings.KEY_FILE.key(), file + " holds no key (one <id>:<base64> a line)");
            }
            try {
                return of(lines.get(0), lines.subList(1, lines.size()));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(SecretSettings.KEY_FILE.key(), "in " + file + ": " + e.getMessage());
            }
        }
        if (key == null || key.isBlank()) {
            throw new ConfigException(SecretSettings.KEY.key(), "is required: the key that seals webhook secrets and "
                    + "Slack URLs in Kafka; make one with echo \"k1:$(openssl rand -base64 32)\" and set "
                    + SecretSettings.KEY.envName() + " (or " + SecretSettings.KEY_FILE.envName() + ")");
        }
        try {
            return of(key, config.get(SecretSettings.OLD_KEYS));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(SecretSettings.KEY.key(), e.getMessage());
        }
    }

    /** A new key in its written form, {@code <id>:<base64 of 32 random bytes>}. */
    public static String newKey(String id) {
        if (!KEY_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a key id is 1 to 32 letters, digits, dots, dashes or underscores");
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return id + ":" + Base64.getEncoder().encodeToString(bytes);
    }

    private static String parse(String written, Map<String, SecretKey> into) {
        Objects.requireNonNull(written, "key");
        String text = written.strip();
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("a key is written <id>:<base64 of 32 bytes>; this one has no id");
        }
        String id = text.substring(0, colon);
        if (!KEY_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("key id '" + id + "' must be 1 to 32 letters, digits, dots, dashes or underscores");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text.substring(colon + 1).strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("key '" + id + "' is not base64: " + e.getMessage());
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException("key '" + id + "' has " + bytes.length + " bytes; an AES-256 key has 32");
        }
        if (into.containsKey(id)) {
            throw new IllegalArgumentException("key id '" + id + "' is given twice");
        }
        into.put(id, new SecretKeySpec(bytes, "AES"));
        return id;
    }

    /** The id of the key that seals new values. */
    public String currentId() {
        return currentId;
    }

    /** Whether a stored value is sealed (rather than an older value kept in clear). */
    public static boolean sealed(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    /**
     * Seals a value under the current key.
     *
     * @param context what the value belongs to (record and field); opening needs the same context
     */
    public String seal(String plain, String context) {
        Objects.requireNonNull(plain, "plain");
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] sealed;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(currentId, context));
            sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable in this JVM", e);
        }
        ByteBuffer out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed);
        return PREFIX + currentId + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(out.array());
    }

    /**
     * Opens a sealed value; a value that is not sealed (kept in clear by an older version) is returned as it is.
     *
     * @throws SecretException when the key that sealed it is not configured here, or the value was altered or
     *     belongs to another context
     */
    public String open(String stored, String context) {
        if (stored == null || !sealed(stored)) {
            return stored;
        }
        String rest = stored.substring(PREFIX.length());
        int colon = rest.indexOf(':');
        if (colon <= 0) {
            throw new SecretException("a sealed value without a key id");
        }
        String id = rest.substring(0, colon);
        SecretKey key = keys.get(id);
        if (key == null) {
            throw new SecretException("the value was sealed with key '" + id + "', which is not configured here "
                    + "(add it to secrets.old-keys); known: " + new ArrayList<>(keys.keySet()));
        }
        byte[] data;
        try {
            data = Base64.getUrlDecoder().decode(rest.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw new SecretException("a sealed value that is not base64url");
        }
        if (data.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new SecretException("a sealed value that is too short");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, NONCE_BYTES));
            cipher.updateAAD(aad(id, context));
            return new String(cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new SecretException("a sealed value does not open: altered, or copied from another record");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable in this JVM", e);
        }
    }

    private static byte[] aad(String keyId, String context) {
        return (PREFIX + keyId + "\n" + context).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "SecretKeys[current=" + currentId + ", ids=" + keys.keySet() + "]";
    }

    /** A sealed value that cannot be opened here. */
    public static final class SecretException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        public SecretException(String message) {
            super(message);
        }
    }
}
