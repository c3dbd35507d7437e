package dev.wirewatch.alerter.delivery;

import dev.wirewatch.alerter.webhook.EgressPolicy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts JSON to subscriber endpoints (webhooks and Slack) safely: the URL is checked against the {@link EgressPolicy}
 * before every request, redirects are never followed, the whole exchange is bounded by the request timeout, and at most
 * a few kilobytes of a response are read.
 *
 * <p>This should be closed on shutdown.
 */
final class HttpPoster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpPoster.class);
    private static final int MAX_RESPONSE_BYTES = 4096;
    static final String USER_AGENT = "Wirewatch-Alerter/1 (+https://wirewatch.dev)";

    private final EgressPolicy egress;
    private final Duration timeout;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient client;
    private final Counter refused;

    HttpPoster(EgressPolicy egress, Duration timeout, MeterRegistry meters) {
        this.egress = egress;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout : Duration.ofSeconds(10))
                .executor(executor)
                .build();
        this.refused = Counter.builder("wirewatch.alerter.egress.refused")
                .description("deliveries refused because the URL is unsafe (scheme, private or reserved address)")
                .register(meters);
    }

    /** Posts a JSON body with extra headers and says how it went. */
    SendResult post(String url, Map<String, String> headers, byte[] body) {
        URI uri;
        try {
            uri = egress.check(url);
        } catch (EgressPolicy.RefusedException e) {
            refused.increment();
            LOG.warn("Refused to call {}: {}", url, e.getMessage());
            return SendResult.refused("refused: " + e.getMessage());
        }
        // the whole exchange is bounded below (get with a timeout, then cancel); a per-request timeout as well would
        // only add a timer to the client's selector for every request
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        CompletableFuture<HttpResponse<String>> exchange =
                client.sendAsync(request.build(), info -> new LimitedBody(MAX_RESPONSE_BYTES));
        HttpResponse<String> response;
        try {
            response = exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return SendResult.retry(null, "no complete response within " + timeout, null);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return SendResult.retry(null, "interrupted while waiting for the endpoint", null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                return SendResult.retry(null, "no response within " + timeout, null);
            }
            return SendResult.retry(null, describe(cause), null);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return SendResult.delivered(status);
        }
        String excerpt = response.body() == null || response.body().isBlank() ? ""
                : ": " + abbreviate(response.body().strip());
        if (status == 410) {
            return SendResult.gone(status, "HTTP 410 Gone" + excerpt);
        }
        if (status >= 300 && status < 400) {
            String location = response.headers().firstValue("Location").orElse("(no Location)");
            return SendResult.retry(status, "HTTP " + status + " redirect to " + location + " not followed", null);
        }
        Duration retryAfter = null;
        if (status == 429 || status == 503) {
            retryAfter = RetryPolicy.parseRetryAfter(response.headers().firstValue("Retry-After").orElse(null),
                    Instant.now());
        }
        return SendResult.retry(status, "HTTP " + status + excerpt, retryAfter);
    }

    private static String describe(Throwable cause) {
        if (cause instanceof IOException io && io.getMessage() != null) {
            return io.getClass().getSimpleName() + ": " + io.getMessage();
        }
        return String.valueOf(cause);
    }

    private static String abbreviate(String text) {
        String flat = text.replaceAll("\\s+", " ");
        return flat.length() > 200 ? flat.substring(0, 200) + "…" : flat;
    }

    @Override
    public void close() {
        client.shutdownNow();
        executor.shutdownNow();
    }

    /** Reads at most {@code limit} bytes of a response body as text, then stops reading. */
    static final class LimitedBody implements HttpResponse.BodySubscriber<String> {

        private final int limit;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<String> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        LimitedBody(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<String> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer item : items) {
                int room = limit - bytes.size();
                int take = Math.min(room, item.remaining());
                byte[] chunk = new byte[take];
                item.get(chunk);
                bytes.write(chunk, 0, take);
            }
            if (bytes.size() >= limit) {
                subscription.cancel();
                result.complete(text());
            }
        }

        @Override
        public void onError(Throwable error) {
            result.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            result.complete(text());
        }

        private String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
