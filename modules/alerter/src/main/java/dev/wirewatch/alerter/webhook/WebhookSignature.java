package dev.wirewatch.alerter.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies webhook deliveries as the Standard Webhooks specification says: the signed content is
 * {@code webhook-id + "." + webhook-timestamp + "." + body}, the signature is {@code v1,} followed by the base64
 * HMAC-SHA256 of that content under the secret, and the secret is written {@code whsec_} + base64 of its bytes.
 *
 * <p>During a secret rotation a sender signs with every active secret and sends the signatures space-separated in
 * one {@code webhook-signature} header; a receiver accepts the delivery when any of them verifies. Verification also
 * rejects timestamps further than a tolerance (five minutes by default) from the receiver's clock, against replays.
 * Instances are immutable and thread-safe.
 */
public final class WebhookSignature {

    public static final String HEADER_ID = "webhook-id";
    public static final String HEADER_TIMESTAMP = "webhook-timestamp";
    public static final String HEADER_SIGNATURE = "webhook-signature";
    public static final String SECRET_PREFIX = "whsec_";
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private static final String VERSION = "v1";
    private static final String HMAC = "HmacSHA256";

    private final List<SecretKeySpec> keys;

    private WebhookSignature(List<SecretKeySpec> keys) {
        this.keys = keys;
    }

    /**
     * A signer and verifier for the given secrets: the current one first, then those still valid during a rotation.
     *
     * @throws IllegalArgumentException when a secret is not base64 (after an optional {@code whsec_} prefix)
     */
    public static WebhookSignature of(String secret, List<String> previousSecrets) {
        Objects.requireNonNull(secret, "secret");
        List<SecretKeySpec> keys = new ArrayList<>();
        keys.add(new SecretKeySpec(decode(secret), HMAC));
        for (String previous : previousSecrets == null ? List.<String>of() : previousSecrets) {
            if (previous != null && !previous.isBlank()) {
                keys.add(new SecretKeySpec(decode(previous), HMAC));
            }
        }
        return new WebhookSignature(List.copyOf(keys));
    }

    /** A signer and verifier for one secret. */
    public static WebhookSignature of(String secret) {
        return of(secret, List.of());
    }

    /** A new random 24-byte secret, written {@code whsec_...}. */
    public static String newSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * The value of the {@code webhook-signature} header: one {@code v1,<base64>} per secret, space-separated.
     *
     * @param timestampSeconds the value of {@code webhook-timestamp}, in seconds since the epoch
     */
    public String sign(String messageId, long timestampSeconds, byte[] body) {
        byte[] content = signedContent(messageId, Long.toString(timestampSeconds), body);
        StringBuilder header = new StringBuilder();
        for (SecretKeySpec key : keys) {
            if (!header.isEmpty()) {
                header.append(' ');
            }
            header.append(VERSION).append(',').append(Base64.getEncoder().encodeToString(hmac(key, content)));
        }
        return header.toString();
    }

    /**
     * Checks a delivery from its three headers and raw body, with the default tolerance.
     *
     * @throws VerificationException saying why the delivery is not authentic
     */
    public void verify(String messageId, String timestamp, String signatureHeader, byte[] body, Instant now)
            throws VerificationException {
        verify(messageId, timestamp, signatureHeader, body, now, DEFAULT_TOLERANCE);
    }

    /**
     * Checks a delivery from its three headers and raw body.
     *
     * @param tolerance how far the timestamp may be from {@code now}, either way
     * @throws VerificationException saying why the delivery is not authentic
     */
    public void verify(String messageId, String timestamp, String signatureHeader, byte[] body, Instant now,
            Duration tolerance) throws VerificationException {
        if (messageId == null || messageId.isBlank()) {
            throw new VerificationException("missing " + HEADER_ID + " header");
        }
        if (timestamp == null || signatureHeader == null) {
            throw new VerificationException("missing " + (timestamp == null ? HEADER_TIMESTAMP : HEADER_SIGNATURE)
                    + " header");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            throw new VerificationException("invalid " + HEADER_TIMESTAMP + " '" + timestamp + "'");
        }
        Instant sent = Instant.ofEpochSecond(seconds);
        if (Duration.between(sent, now).abs().compareTo(tolerance) > 0) {
            throw new VerificationException("timestamp " + sent + " is more than " + tolerance + " from now");
        }
        byte[] content = signedContent(messageId, timestamp.strip(), body);
        for (String candidate : signatureHeader.strip().split(" +")) {
            int comma = candidate.indexOf(',');
            if (comma < 0 || !VERSION.equals(candidate.substring(0, comma))) {
                continue;
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(candidate.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            for (SecretKeySpec key : keys) {
                if (MessageDigest.isEqual(hmac(key, content), given)) {
                    return;
                }
            }
        }
        throw new VerificationException("no valid v1 signature for " + messageId);
    }

    /**
     * Checks a delivery from its HTTP headers (names in any case, as {@code HttpExchange} or {@code HttpHeaders} give
     * them) and raw body, with the default tolerance.
     */
    public void verify(Map<String, List<String>> headers, byte[] body, Instant now) throws VerificationException {
        verify(header(headers, HEADER_ID), header(headers, HEADER_TIMESTAMP), header(headers, HEADER_SIGNATURE), body,
                now, DEFAULT_TOLERANCE);
    }

    private static String header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && e.getValue() != null && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    private static byte[] signedContent(String messageId, String timestamp, byte[] body) {
        byte[] prefix = (messageId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, content, 0, prefix.length);
        System.arraycopy(body, 0, content, prefix.length, body.length);
        return content;
    }

    private static byte[] hmac(SecretKeySpec key, byte[] content) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac.doFinal(content);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
        }
    }

    private static byte[] decode(String secret) {
        String base64 = secret.strip();
        if (base64.startsWith(SECRET_PREFIX)) {
            base64 = base64.substring(SECRET_PREFIX.length());
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a webhook secret must be whsec_ followed by base64: " + e.getMessage());
        }
        if (bytes.length == 0) {
            throw new IllegalArgumentException("a webhook secret must not be empty");
        }
        return bytes;
    }

    /** A delivery that is not authentic: wrong or missing signature, or a timestamp outside the tolerance. */
    public static final class VerificationException extends Exception {

        private static final long serialVersionUID = 1L;

        public VerificationException(String message) {
            super(message);
        }
    }
}
