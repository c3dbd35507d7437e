package dev.wirewatch.console;

import dev.wirewatch.core.kafka.CompactedTopicView;
import dev.wirewatch.core.model.ApiKey;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Locale;

/**
 * Checks the {@code Authorization: Bearer <key>} of API calls against the hashed keys of {@code wirewatch.api-keys}
 * and the bootstrap admin key ({@code console.api-key}, of which only a salted hash is kept).
 *
 * <p>No key or a wrong or revoked key gets 401; a key whose role is too low for the call gets 403. A client address
 * that sent too many wrong keys ({@link FailedAuthLimiter}) gets 429 with {@code Retry-After} until its window ends,
 * and its keys are not checked meanwhile. The address is the peer of the TCP connection (behind a proxy, the proxy's:
 * forwarded headers are not trusted, since any client can set them). Keys are compared in constant time (on their
 * salted hashes, {@link KeyHashes#matches}) and never logged.
 */
final class Auth {

    /** Who is calling. */
    record Principal(String keyId, String name, Role role) {
    }

    static final String BOOTSTRAP_ID = "bootstrap";
    private static final String ATTRIBUTE = "wirewatch.principal";

    private final CompactedTopicView<ApiKey> keys;
    private final String bootstrapHash;
    private final Counter unauthenticated;
    private final Counter forbidden;
    private final Counter throttled;
    private final FailedAuthLimiter limiter;

    /** With the default limit on failed key checks (20 a minute per address, 10,000 addresses tracked). */
    Auth(CompactedTopicView<ApiKey> keys, String bootstrapKey, MeterRegistry meters) {
        this(keys, bootstrapKey, meters, new FailedAuthLimiter(20, Duration.ofMinutes(1), 10_000));
    }

    /**
     * @param bootstrapKey the bootstrap admin key, or null; only its hash is kept
     * @param limiter counts wrong keys per client address and shuts out those that send too many
     */
    Auth(CompactedTopicView<ApiKey> keys, String bootstrapKey, MeterRegistry meters, FailedAuthLimiter limiter) {
        this.keys = keys;
        this.limiter = limiter;
        this.bootstrapHash = bootstrapKey == null || bootstrapKey.isBlank() ? null : KeyHashes.hash(bootstrapKey.strip());
        this.unauthenticated = Counter.builder(ConsoleMeters.AUTH_FAILURES).tag("status", "401")
                .description("API calls refused for a missing or wrong key (401) or a too-low role (403)").register(meters);
        this.forbidden = Counter.builder(ConsoleMeters.AUTH_FAILURES).tag("status", "403")
                .description("API calls refused for a missing or wrong key (401) or a too-low role (403)").register(meters);
        this.throttled = Counter.builder(ConsoleMeters.AUTH_THROTTLED)
                .description("API calls refused with 429, unchecked, from a client address that sent too many wrong keys")
                .register(meters);
    }

    /**
     * Finds the caller of an API request and remembers it on the request.
     *
     * @throws ApiError 401 without a valid key, 429 from an address that sent too many wrong keys
     */
    void authenticate(Context ctx) {
        String address = ctx.ip();
        Duration refused = limiter.refusedFor(address);
        if (refused != null) {
            throttled.increment();
            long seconds = Math.max(1, (refused.toMillis() + 999) / 1000);
            ctx.header("Retry-After", Long.toString(seconds));
            throw new ApiError(429, "too many wrong API keys from this address; try again in " + seconds + " s",
                    null, null, null);
        }
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw unauthorized(ctx, "an API key is required: send Authorization: Bearer <key>");
        }
        String[] parts = header.strip().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].toLowerCase(Locale.ROOT).equals("bearer")) {
            throw unauthorized(ctx, "the Authorization header must be Bearer <key>");
        }
        Principal principal = principal(parts[1].strip());
        if (principal == null) {
            limiter.failed(address);
            throw unauthorized(ctx, "the API key is not valid or was revoked");
        }
        ctx.attribute(ATTRIBUTE, principal);
    }

    /** The caller for a key, or null when the key is unknown, wrong or revoked. */
    Principal principal(String key) {
        String id = KeyHashes.idOf(key);
        if (id != null) {
            ApiKey stored = keys.get(id);
            if (stored != null && !stored.revoked() && KeyHashes.matches(key, stored.hash())) {
                Role role = Role.parse(stored.role());
                return role == null ? null : new Principal(stored.id(), stored.name(), role);
            }
        }
        if (bootstrapHash != null && KeyHashes.matches(key, bootstrapHash)) {
            return new Principal(BOOTSTRAP_ID, "bootstrap admin key (console.api-key)", Role.ADMIN);
        }
        return null;
    }

    /**
     * Checks that the authenticated caller may do what needs {@code role}.
     *
     * @throws ApiError 401 when the request was not authenticated, 403 when the role is too low
     */
    Principal authorize(Context ctx, Role needed) {
        Principal principal = ctx.attribute(ATTRIBUTE);
        if (principal == null) {
            throw unauthorized(ctx, "an API key is required: send Authorization: Bearer <key>");
        }
        if (!principal.role().allows(needed)) {
            forbidden.increment();
            throw new ApiError(403, "this API key has the " + principal.role().id() + " role; this call needs "
                    + needed.id(), null, null, null);
        }
        return principal;
    }

    private ApiError unauthorized(Context ctx, String message) {
        unauthenticated.increment();
        ctx.header("WWW-Authenticate", "Bearer realm=\"wirewatch\"");
        return new ApiError(401, message, null, null, null);
    }
}
