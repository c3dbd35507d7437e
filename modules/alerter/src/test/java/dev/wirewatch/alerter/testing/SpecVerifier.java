package dev.wirewatch.alerter.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A verifier of Standard Webhooks signatures written straight from the specification, independently of
 * {@code WebhookSignature}, so that tests check what the alerter sends against the spec rather than against itself.
 *
 * <p>The spec: the secret is {@code whsec_} + base64 of the key; the signed content is
 * {@code msg_id + "." + timestamp + "." + payload}; the signature is HMAC-SHA256 of that, base64; the header lists
 * space-delimited {@code v1,<signature>} entries and a receiver accepts any one that matches.
 */
public final class SpecVerifier {

    private SpecVerifier() {
    }

    /** Whether any {@code v1} signature in the header matches the content under the secret. */
    public static boolean verifies(String secret, String msgId, String timestamp, String signatureHeader, byte[] payload) {
        if (msgId == null || timestamp == null || signatureHeader == null) {
            return false;
        }
        String expected = signature(secret, msgId, timestamp, payload);
        for (String part : signatureHeader.split(" ")) {
            String[] versioned = part.split(",", 2);
            if (versioned.length == 2 && versioned[0].equals("v1") && versioned[1].equals(expected)) {
                return true;
            }
        }
        return false;
    }

    /** The base64 signature (without the {@code v1,}) of one message. */
    public static String signature(String secret, String msgId, String timestamp, byte[] payload) {
        try {
            byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            String toSign = msgId + "." + timestamp + "." + new String(payload, StandardCharsets.UTF_8);
            return Base64.getEncoder().encodeToString(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
