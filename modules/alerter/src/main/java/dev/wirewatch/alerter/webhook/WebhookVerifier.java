package dev.wirewatch.alerter.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a receiver of Wirewatch webhooks runs on each delivery: checks the signature and timestamp with
 * {@link WebhookSignature}, then refuses a {@code webhook-id} it has already accepted within the tolerance window, so
 * that a captured delivery cannot be replayed (an older one fails the timestamp check).
 *
 * <p>Only deliveries whose signature verifies are remembered, so a forger cannot fill the memory or block an id. The
 * alerter sends a retry with the same id only when the earlier attempt was not accepted. Thread-safe; keep one per
 * endpoint for the life of the receiver.
 */
public final class WebhookVerifier {

    private static final int MAX_REMEMBERED = 1_000_000;

    private final WebhookSignature signature;
    private final Duration tolerance;
    private final Clock clock;
    /** Accepted ids by when they were accepted, oldest first. */
    private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();

    public WebhookVerifier(WebhookSignature signature, Duration tolerance, Clock clock) {
        this.signature = Objects.requireNonNull(signature, "signature");
        this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A verifier with the default tolerance (five minutes) and the system clock. */
    public static WebhookVerifier of(String secret) {
        return new WebhookVerifier(WebhookSignature.of(secret), WebhookSignature.DEFAULT_TOLERANCE, Clock.systemUTC());
    }

    /**
     * Accepts a delivery once: authentic, timely and not seen before.
     *
     * @throws WebhookSignature.VerificationException saying why it is refused (a replay says "replayed")
     */
    public void verify(String messageId, String timestamp, String signatureHeader, byte[] body)
            throws WebhookSignature.VerificationException {
        Instant now = clock.instant();
        signature.verify(messageId, timestamp, signatureHeader, body, now, tolerance);
        Instant earlier;
        synchronized (seen) {
            forgetOlderThan(now.minus(tolerance.multipliedBy(2)));
            if (seen.size() >= MAX_REMEMBERED) {
                throw new WebhookSignature.VerificationException("too many deliveries within the tolerance window to "
                        + "check for replays; refused");
            }
            earlier = seen.putIfAbsent(messageId, now);
        }
        if (earlier != null) {
            throw new WebhookSignature.VerificationException("replayed: " + WebhookSignature.HEADER_ID + " " + messageId
                    + " was already accepted at " + earlier);
        }
    }

    /** The same check from HTTP headers (names in any case) and the raw body. */
    public void verify(Map<String, List<String>> headers, byte[] body) throws WebhookSignature.VerificationException {
        verify(header(headers, WebhookSignature.HEADER_ID), header(headers, WebhookSignature.HEADER_TIMESTAMP),
                header(headers, WebhookSignature.HEADER_SIGNATURE), body);
    }

    private void forgetOlderThan(Instant limit) {
        // an id older than twice the tolerance cannot come back: its timestamp would be refused
        for (Iterator<Instant> it = seen.values().iterator(); it.hasNext(); ) {
            if (!it.next().isBefore(limit)) {
                break;
            }
            it.remove();
        }
    }

    private static String header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && e.getValue() != null && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }
}
