package dev.wirewatch.alerter.delivery;

import dev.wirewatch.alerter.AlerterMeters;
import dev.wirewatch.core.net.AddressPolicy;
import dev.wirewatch.core.net.Egress;
import dev.wirewatch.core.net.EgressException;
import dev.wirewatch.core.net.Response;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts JSON to subscriber endpoints (webhooks and Slack) through the one {@link Egress} path and says how it went:
 * every request is checked against the {@link AddressPolicy}, redirects are never followed, the whole exchange is
 * bounded by the request timeout, and at most a few kilobytes of a response are read.
 *
 * <p>This should be closed on shutdown.
 */
final class HttpPoster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpPoster.class);
    private static final int MAX_RESPONSE_BYTES = 4096;
    static final String USER_AGENT = "Wirewatch-Alerter/1 (+https://wirewatch.dev)";

    private final Egress egress;
    private final Duration timeout;
    private final Counter refused;

    HttpPoster(AddressPolicy policy, Duration timeout, MeterRegistry meters) {
        this.timeout = timeout;
        this.egress = Egress.builder(policy)
                .userAgent(USER_AGENT)
                .deadline(timeout)
                .connectTimeout(Duration.ofSeconds(10))
                .maxRedirects(0)
                .maxBodyBytes(MAX_RESPONSE_BYTES)
                .threadName("alerter-http")
                .build();
        this.refused = Counter.builder(AlerterMeters.EGRESS_REFUSED)
                .description("deliveries refused because the URL is unsafe (scheme, private or reserved address)")
                .register(meters);
    }

    /** The policy every target is checked against. */
    AddressPolicy policy() {
        return egress.policy();
    }

    /** Posts a JSON body with extra headers and says how it went. */
    SendResult post(String url, Map<String, String> headers, byte[] body) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Content-Type", "application/json");
        all.putAll(headers);
        Response response;
        try {
            response = egress.post(url, all, body);
        } catch (EgressException e) {
            return switch (e.kind()) {
                case FORBIDDEN -> {
                    refused.increment();
                    LOG.warn("Refused to call {}: {}", url, e.getMessage());
                    yield SendResult.refused(e.getMessage());
                }
                case TIMEOUT -> SendResult.retry(null, "no complete response within " + timeout, null);
                default -> SendResult.retry(null, e.getMessage(), null);
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SendResult.retry(null, "interrupted while waiting for the endpoint", null);
        }
        int status = response.status();
        if (response.ok()) {
            return SendResult.delivered(status);
        }
        String text = new String(response.body(), StandardCharsets.UTF_8);
        String excerpt = text.isBlank() ? "" : ": " + abbreviate(text.strip());
        if (status == 410) {
            return SendResult.gone(status, "HTTP 410 Gone" + excerpt);
        }
        if (status >= 300 && status < 400) {
            String location = response.headers().firstValue("Location").orElse("(no Location)");
            return SendResult.retry(status, "HTTP " + status + " redirect to " + location + " not followed", null);
        }
        Duration retryAfter = status == 429 || status == 503 ? response.retryAfter(Instant.now()) : null;
        return SendResult.retry(status, "HTTP " + status + excerpt, retryAfter);
    }

    private static String abbreviate(String text) {
        String flat = text.replaceAll("\\s+", " ");
        return flat.length() > 200 ? flat.substring(0, 200) + "…" : flat;
    }

    @Override
    public void close() {
        egress.close();
    }
}
