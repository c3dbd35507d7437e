package dev.wirewatch.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Makes API keys and their stored form: {@code sha256:<base64url salt>:<hex of SHA-256(salt || key)>}.
 *
 * <p>Why a salted SHA-256 and not a slow password hash: the keys made here carry 256 random bits, so guessing one
 * from its hash is out of reach however fast the hash is, and a slow hash would cost every API call its time. The
 * salt keeps two equal keys from having equal hashes and rules out precomputed tables for a weaker key set by hand
 * (the bootstrap key). Comparison is constant-time.
 */
final class KeyHashes {

    static final String PREFIX = "wwk_";
    private static final String ALGORITHM = "sha256";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private KeyHashes() {
    }

    /** A new key id: 12 hex digits. */
    static String newId() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** A new secret key for a key id: {@code wwk_<id>_<43 base64url characters>} (256 random bits). */
    static String newKey(String id) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return PREFIX + id + "_" + B64.encodeToString(secret);
    }

    /** The key id inside a key made by {@link #newKey}, or null for a key of another form. */
    static String idOf(String key) {
        if (key == null || !key.startsWith(PREFIX)) {
            return null;
        }
        int end = key.indexOf('_', PREFIX.length());
        if (end <= PREFIX.length()) {
            return null;
        }
        String id = key.substring(PREFIX.length(), end);
        return id.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) ? id : null;
    }

    /** The stored form of a key, with a fresh random salt. */
    static String hash(String key) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return ALGORITHM + ":" + B64.encodeToString(salt) + ":" + HexFormat.of().formatHex(digest(salt, key));
    }

    /** Whether {@code key} is the key whose stored form is {@code stored}; false for a stored form it cannot read. */
    static boolean matches(String key, String stored) {
        if (key == null || stored == null) {
            return false;
        }
        String[] parts = stored.split(":", 3);
        if (parts.length != 3 || !ALGORITHM.equals(parts[0].toLowerCase(Locale.ROOT))) {
            return false;
        }
        byte[] salt;
        byte[] expected;
        try {
            salt = Base64.getUrlDecoder().decode(parts[1]);
            expected = HexFormat.of().parseHex(parts[2]);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(expected, digest(salt, key));
    }

    private static byte[] digest(byte[] salt, String key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            return sha.digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
