package dev.wirewatch.console;

import dev.wirewatch.core.net.AddressPolicy;
import dev.wirewatch.core.net.EgressException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks, when they are saved, the URLs that Wirewatch will call (feeds, submitted articles, webhooks, Slack) with the
 * one {@link AddressPolicy} of the egress path, and answers 400 naming the field when the policy refuses one.
 *
 * <p>This is a first check for a person's benefit: the stages check again on every request, at connection time
 * (DNS may change). A host name that does not resolve now, or not within the resolve timeout, is accepted, since it
 * may resolve later and is checked then.
 */
final class OutboundUrls {

    private final AddressPolicy policy;
    private final Duration resolveTimeout;
    private final Counter refused;

    OutboundUrls(AddressPolicy policy, Duration resolveTimeout, MeterRegistry meters) {
        this.policy = policy;
        this.resolveTimeout = resolveTimeout;
        this.refused = ConsoleMeters.errors(meters, "unsafe_url");
    }

    /**
     * Checks a URL that Wirewatch will connect to.
     *
     * @param field the request field, for the error
     * @return the URL, stripped
     * @throws ApiError 400 naming the field and what is wrong
     */
    String check(String field, String url) {
        if (url == null || url.isBlank()) {
            throw ApiError.badRequest(field, "a URL is required");
        }
        CompletableFuture<Void> check = new CompletableFuture<>();
        Thread.ofVirtual().name("console-url-check").start(() -> {
            try {
                policy.check(url);
                check.complete(null);
            } catch (EgressException | RuntimeException e) {
                check.completeExceptionally(e);
            }
        });
        try {
            check.get(resolveTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EgressException refusal && refusal.kind() == EgressException.Kind.FORBIDDEN) {
                refused.increment();
                throw ApiError.badRequest(field, refusal.getMessage());
            }
            if (e.getCause() instanceof RuntimeException bug) {
                throw bug;
            }
            // the host does not resolve now: checked again when it is called
        } catch (TimeoutException e) {
            // a slow resolver: checked again when it is called
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "interrupted while checking " + field, field, null, null);
        }
        return url.strip();
    }
}
