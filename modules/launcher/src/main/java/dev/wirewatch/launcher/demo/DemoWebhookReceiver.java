package dev.wirewatch.launcher.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wirewatch.core.kafka.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's webhook endpoint: verifies each delivery's Standard Webhooks signature and logs it, with how long after
 * its mentions were tagged it arrived.
 *
 * <p>Verification is written here from the specification, independently of the alerter's signing code, so the demo
 * shows that a third party can check what Wirewatch sends. A {@code webhook-id} already accepted within the tolerance
 * window is refused with 409, so a captured delivery cannot be replayed.
 */
public final class DemoWebhookReceiver implements DemoNewsSite.WebhookLog {

    private static final Logger LOG = LoggerFactory.getLogger(DemoWebhookReceiver.class);
    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    private final byte[] key;
    private final AtomicLong verified = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    /** Accepted {@code webhook-id}s by when they were accepted, oldest first (guarded by itself). */
    private final LinkedHashMap<String, Instant> accepted = new LinkedHashMap<>();
    /** Milliseconds from the latest {@code taggedAt} of a delivery's mentions to its verification, the last few hundred. */
    private final long[] latencies = new long[500];
    private int latencyCount;

    /** @param secret a {@code whsec_}-prefixed base64 secret */
    public DemoWebhookReceiver(String secret) {
        this.key = Base64.getDecoder().decode(secret.startsWith("whsec_") ? secret.substring(6) : secret);
    }

    /** A new random {@code whsec_} secret. */
    public static String newSecret() {
        byte[] bytes = new byte[24];
        new java.security.SecureRandom().nextBytes(bytes);
        return "whsec_" + Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public int receive(String path, Map<String, List<String>> headers, byte[] body) {
        String id = first(headers, "webhook-id");
        String timestamp = first(headers, "webhook-timestamp");
        String signatures = first(headers, "webhook-signature");
        if (id == null || timestamp == null || signatures == null) {
            rejected.incrementAndGet();
            LOG.warn("Demo webhook receiver: delivery without Standard Webhooks headers rejected");
            return 400;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            rejected.incrementAndGet();
            return 400;
        }
        if (Duration.between(Instant.ofEpochSecond(seconds), Instant.now()).abs().compareTo(TOLERANCE) > 0) {
            rejected.incrementAndGet();
            LOG.warn("Demo webhook receiver: delivery {} rejected, timestamp too far from now", id);
            return 400;
        }
        byte[] expected = sign(id + "." + timestamp + "." + new String(body, StandardCharsets.UTF_8));
        for (String candidate : signatures.split(" ")) {
            if (candidate.startsWith("v1,")
                    && MessageDigest.isEqual(expected, decode(candidate.substring(3)))) {
                if (!firstTime(id)) {
                    rejected.incrementAndGet();
                    LOG.warn("Demo webhook receiver: delivery {} refused, already accepted (a replay)", id);
                    return 409;
                }
                long n = verified.incrementAndGet();
                Instant tagged = latestTaggedAt(body);
                long latency = tagged == null ? -1 : Math.max(0, Duration.between(tagged, Instant.now()).toMillis());
                LOG.info("Demo webhook receiver: verified delivery {} ({} bytes, {} ms after tagging): {}", id,
                        body.length, latency, summary(body));
                if (latency >= 0) {
                    record(latency);
                }
                if (n % 25 == 0) {
                    long[] sorted = latencies();
                    if (sorted.length > 0) {
                        LOG.info("Demo webhook receiver: {} deliveries verified; tagged to verified over the last {}: "
                                + "p50 {} ms, p99 {} ms, max {} ms", n, sorted.length, percentile(sorted, 0.50),
                                percentile(sorted, 0.99), sorted[sorted.length - 1]);
                    }
                }
                return 204;
            }
        }
        rejected.incrementAndGet();
        LOG.warn("Demo webhook receiver: delivery {} has no valid signature", id);
        return 401;
    }

    /** Remembers an accepted id; false when it was accepted within the last two tolerance windows. */
    private boolean firstTime(String id) {
        Instant now = Instant.now();
        synchronized (accepted) {
            Instant limit = now.minus(TOLERANCE.multipliedBy(2));
            for (Iterator<Instant> it = accepted.values().iterator(); it.hasNext(); ) {
                if (!it.next().isBefore(limit)) {
                    break;
                }
                it.remove();
            }
            return accepted.putIfAbsent(id, now) == null;
        }
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    /** Deliveries whose signature was valid. */
    public long verified() {
        return verified.get();
    }

    public long rejected() {
        return rejected.get();
    }

    /** The latest deliveries' milliseconds from tagging to verification, sorted. */
    public synchronized long[] latencies() {
        long[] out = Arrays.copyOf(latencies, Math.min(latencyCount, latencies.length));
        Arrays.sort(out);
        return out;
    }

    private synchronized void record(long millis) {
        latencies[latencyCount++ % latencies.length] = millis;
    }

    static long percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
    }

    /** The latest {@code taggedAt} among the mentions of a delivery's body, or null when it names none. */
    static Instant latestTaggedAt(byte[] body) {
        try {
            Instant latest = null;
            for (JsonNode tagged : Json.mapper().readTree(body).findValues("taggedAt")) {
                if (tagged.isTextual()) {
                    Instant at = Instant.parse(tagged.asText());
                    latest = latest == null || at.isAfter(latest) ? at : latest;
                }
            }
            return latest;
        } catch (IOException | DateTimeParseException e) {
            return null;
        }
    }

    private byte[] sign(String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private static String summary(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        int title = text.indexOf("\"title\":\"");
        if (title < 0) {
            return text.length() > 120 ? text.substring(0, 120) + "…" : text;
        }
        int end = text.indexOf('"', title + 9);
        return text.substring(title + 9, end < 0 ? text.length() : end);
    }

    private static String first(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }
}
