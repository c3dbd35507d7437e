package dev.wirewatch.collector;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.wirewatch.core.model.Feed;
import dev.wirewatch.core.net.Egress;
import dev.wirewatch.core.net.EgressException;
import dev.wirewatch.core.net.Forms;
import dev.wirewatch.core.net.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSub subscriber (W3C WebSub Recommendation): subscribes at the hub a feed names, answers the hub's intent
 * verification for the subscriptions it asked for, and publishes the items of every content distribution whose
 * {@code X-Hub-Signature} is valid, at once; renews leases before they lapse.
 *
 * <p>Each subscription has its own callback, {@code <public-url>/websub/<feed id>/<nonce>.<token>}, where the token is
 * an HMAC of the feed id and nonce under {@code collector.websub.key}, and its own secret, another HMAC of the feed id
 * and nonce under the same key. So every collector instance that shares the key can tell a callback it minted from a
 * forged one and check a push's signature, whichever instance the hub reaches. A push for a feed that this instance
 * does not poll is handed to the {@link Forwarder} (the owner publishes it). Without {@code collector.websub.public-url}
 * nothing is subscribed: the hub could not reach us.
 *
 * <p>While a subscription is verified and its lease runs, its feed is still polled, at {@code collector.websub.poll-interval}
 * (a safety net); while it is pending, refused or its hub fails, the feed is polled as any other. A verified
 * subscription falls back to polling, counted in {@code wirewatch.collector.websub.fallbacks{reason}}, when the hub
 * refuses a renewal ({@code renewal_failed}), lets the lease lapse without verifying a renewal ({@code lease_lapsed}),
 * or when a safety-net poll finds items the hub did not push ({@code missed_push}); the feed is then polled at once and
 * at its normal interval, and the subscription is tried again with the usual back-off. A deleted feed is unsubscribed
 * at its hub ({@link #unsubscribe}). This should be closed on shutdown.
 */
final class WebSubSubscriber implements HttpHandler, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebSubSubscriber.class);
    /** The path under the public URL and on the collector's HTTP port. */
    static final String PATH = "/websub/";
    private static final Duration RETRY_MIN = Duration.ofSeconds(30);
    private static final Duration RETRY_MAX = Duration.ofHours(6);
    /** A poll this soon after a push may race it for the same items: it does not count as a missed push. */
    private static final Duration PUSH_RACE = Duration.ofMinutes(1);
    /** How long an unsubscription waits for the hub's verification before it is forgotten. */
    private static final Duration UNSUBSCRIBE_WAIT = Duration.ofMinutes(10);

    /** Where a verified push for a feed that another instance polls goes. */
    @FunctionalInterface
    interface Forwarder {
        /** Returns whether the push was handed on (false: the hub is asked to try again). */
        boolean forward(String feedId, byte[] body, String contentType) throws InterruptedException;

        Forwarder NONE = (feedId, body, contentType) -> false;
    }

    /** Publishes a pushed feed document for a feed polled here; returns the number of new articles. */
    @FunctionalInterface
    interface Publish {
        int publish(FeedState state, byte[] body, String contentType, URI base) throws InterruptedException, FeedParseException;
    }

    enum Status { PENDING, VERIFIED, FAILED, UNSUBSCRIBING }

    /** One subscription; guarded by its own monitor. */
    static final class Subscription {
        final String feedId;
        final String hub;
        final String topic;
        final String nonce;
        Status status = Status.PENDING;
        Instant leaseUntil;
        Instant verifiedAt;
        Instant lastPushAt;
        Instant retryAt;
        int failures;

        Subscription(String feedId, String hub, String topic, String nonce) {
            this.feedId = feedId;
            this.hub = hub;
            this.topic = topic;
            this.nonce = nonce;
        }

        synchronized boolean active(Instant now) {
            return status == Status.VERIFIED && leaseUntil != null && leaseUntil.isAfter(now);
        }

        synchronized Instant lastPushAt() {
            return lastPushAt;
        }

        synchronized boolean unsubscribing() {
            return status == Status.UNSUBSCRIBING;
        }
    }

    private final Egress egress;
    private final String publicUrl;
    private final byte[] key;
    private final Duration lease;
    private final Duration pollInterval;
    private final int maxBodyBytes;
    private final ExecutorService workers;
    private final Function<String, FeedState> feeds;
    private final Publish publish;
    private final Forwarder forwarder;
    private final Consumer<String> pollNow;
    private final CollectorMetrics metrics;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    WebSubSubscriber(Egress egress, String publicUrl, byte[] key, Duration lease, Duration pollInterval, int maxBodyBytes,
                     ExecutorService workers, Function<String, FeedState> feeds, Publish publish, Forwarder forwarder,
                     Consumer<String> pollNow, CollectorMetrics metrics, Clock clock) {
        this.egress = egress;
        this.publicUrl = publicUrl == null || publicUrl.isBlank() ? null : publicUrl.strip().replaceAll("/+$", "");
        this.key = key.clone();
        this.lease = lease;
        this.pollInterval = pollInterval;
        this.maxBodyBytes = maxBodyBytes;
        this.workers = workers;
        this.feeds = feeds;
        this.publish = publish;
        this.forwarder = forwarder;
        this.pollNow = pollNow;
        this.metrics = metrics;
        this.clock = clock;
        this.timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("collector-websub-leases").daemon(true).factory());
    }

    /** Whether subscriptions are made at all (a public URL is configured). */
    boolean enabled() {
        return publicUrl != null;
    }

    /** The floor on a feed's poll interval: the safety-net interval while its subscription is verified. */
    Duration minimumInterval(FeedState state) {
        Subscription s = subscriptions.get(state.feed().id());
        return s != null && s.active(clock.instant()) ? pollInterval : Duration.ZERO;
    }

    /** The subscription of a feed, if any. */
    Optional<Subscription> subscription(String feedId) {
        return Optional.ofNullable(subscriptions.get(feedId));
    }

    /**
     * Called after each read of a feed: subscribes when it names a hub and is not subscribed yet (or its hub or topic
     * changed, or a failed subscription is due for another try).
     */
    void discovered(Feed feed, List<String> linkHeaders, byte[] body, URI fetchedFrom) {
        if (publicUrl == null) {
            return;
        }
        Optional<WebSubDiscovery.HubLinks> links = WebSubDiscovery.discover(linkHeaders, body, fetchedFrom);
        Subscription current = subscriptions.get(feed.id());
        if (links.isEmpty()) {
            return;
        }
        WebSubDiscovery.HubLinks found = links.get();
        Instant now = clock.instant();
        if (current != null && current.hub.equals(found.hub()) && current.topic.equals(found.self())) {
            synchronized (current) {
                boolean due = current.status == Status.FAILED && current.retryAt != null && !current.retryAt.isAfter(now);
                boolean lapsed = current.status == Status.VERIFIED && current.leaseUntil != null && !current.leaseUntil.isAfter(now);
                if (!due && !lapsed) {
                    return;
                }
            }
        }
        Subscription next = new Subscription(feed.id(), found.hub(), found.self(), newNonce());
        if (current != null) {
            synchronized (current) {
                next.failures = current.failures;
            }
        }
        subscriptions.put(feed.id(), next);
        submit(() -> subscribe(next));
    }

    /**
     * Forgets a feed's subscription (the feed was handed to another instance, which subscribes anew); the hub's lease
     * lapses on its own. An unsubscription under way is kept until the hub verifies it.
     */
    void forget(String feedId) {
        Subscription s = subscriptions.get(feedId);
        if (s != null && !s.unsubscribing()) {
            subscriptions.remove(feedId, s);
        }
    }

    /**
     * Asks the hub to stop pushing a feed (the feed was deleted or disabled); the subscription is kept, refusing
     * pushes, until the hub verifies the unsubscription or {@link #UNSUBSCRIBE_WAIT} has passed.
     */
    void unsubscribe(String feedId) {
        Subscription s = subscriptions.get(feedId);
        if (s == null || publicUrl == null) {
            return;
        }
        synchronized (s) {
            if (s.status == Status.UNSUBSCRIBING) {
                return;
            }
            s.status = Status.UNSUBSCRIBING;
        }
        LOG.info("Feed {}: unsubscribing at WebSub hub {}", feedId, s.hub);
        submit(() -> request(s, "unsubscribe"));
        try {
            timer.schedule(() -> {
                if (subscriptions.remove(feedId, s)) {
                    LOG.warn("Feed {}: WebSub hub {} did not verify the unsubscription within {}; forgotten", feedId, s.hub,
                            UNSUBSCRIBE_WAIT);
                }
            }, UNSUBSCRIBE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    /**
     * Called after each successful poll of a feed read as a feed: a safety-net poll, started after the subscription
     * was verified and not just after a push, that finds new items shows the hub did not push them; the feed falls
     * back to polling.
     */
    void polled(String feedId, Instant pollStartedAt, int fresh) {
        Subscription s = subscriptions.get(feedId);
        if (s == null || fresh <= 0) {
            return;
        }
        synchronized (s) {
            if (!s.active(clock.instant()) || s.verifiedAt == null || s.verifiedAt.isAfter(pollStartedAt)) {
                return;
            }
            if (s.lastPushAt != null && s.lastPushAt.plus(PUSH_RACE).isAfter(pollStartedAt)) {
                return;
            }
        }
        fallBack(s, "missed_push", "a poll found " + fresh + " new items the hub did not push");
    }

    /** A verified subscription stops counting: the feed is polled at its normal interval from now, and subscribed again later. */
    private void fallBack(Subscription s, String reason, String why) {
        synchronized (s) {
            if (s.status != Status.VERIFIED) {
                return;
            }
            s.status = Status.FAILED;
            s.failures++;
            s.retryAt = clock.instant().plus(backoff(s.failures));
        }
        metrics.counter(CollectorMeters.WEBSUB_FALLBACKS, "reason", reason,
                "verified WebSub subscriptions that fell back to polling, by reason").increment();
        LOG.warn("Feed {}: WebSub hub {} failing ({}), polling at the normal interval: {}", s.feedId, s.hub, reason, why);
        if (subscriptions.get(s.feedId) == s) {
            pollNow.accept(s.feedId);
        }
    }

    private static Duration backoff(int failures) {
        long factor = 1L << Math.min(Math.max(failures, 1) - 1, 10);
        Duration wait = RETRY_MIN.multipliedBy(factor);
        return wait.compareTo(RETRY_MAX) > 0 ? RETRY_MAX : wait;
    }

    private void submit(Runnable task) {
        try {
            workers.execute(task);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private String newNonce() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    String callback(Subscription s) {
        return publicUrl + PATH + Forms.encode(s.feedId) + "/" + s.nonce + "." + token(s.feedId, s.nonce);
    }

    /** The per-subscription secret the hub signs with. */
    String secret(String feedId, String nonce) {
        return HexFormat.of().formatHex(hmac("HmacSHA256", key, ("secret\u0000" + feedId + "\u0000" + nonce).getBytes(StandardCharsets.UTF_8)));
    }

    private String token(String feedId, String nonce) {
        byte[] mac = hmac("HmacSHA256", key, ("callback\u0000" + feedId + "\u0000" + nonce).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(mac, 0, 16);
    }

    private void subscribe(Subscription s) {
        request(s, "subscribe");
    }

    private void request(Subscription s, String mode) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("hub.mode", mode);
        form.put("hub.topic", s.topic);
        form.put("hub.callback", callback(s));
        if (mode.equals("subscribe")) {
            form.put("hub.lease_seconds", Long.toString(lease.toSeconds()));
            form.put("hub.secret", secret(s.feedId, s.nonce));
        }
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(Forms.encode(k))
                .append('=').append(Forms.encode(v)));
        try {
            Response response = egress.post(s.hub, Map.of("Content-Type", "application/x-www-form-urlencoded"),
                    body.toString().getBytes(StandardCharsets.UTF_8));
            if (response.status() / 100 == 2) {
                metrics.counter(CollectorMeters.WEBSUB_REQUESTS, "outcome", mode + "_accepted",
                        "WebSub (un)subscription requests by outcome").increment();
                LOG.info("Feed {}: {} request accepted by hub {} ({}), awaiting verification", s.feedId, mode, s.hub, response.status());
                return;
            }
            hubFailed(s, mode, "hub answered " + response.status() + ": " + oneLine(response.text()));
        } catch (EgressException e) {
            hubFailed(s, mode, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void hubFailed(Subscription s, String mode, String why) {
        metrics.error("websub_" + mode);
        metrics.counter(CollectorMeters.WEBSUB_REQUESTS, "outcome", mode + "_failed", "WebSub (un)subscription requests by outcome")
                .increment();
        if (mode.equals("unsubscribe")) {
            subscriptions.remove(s.feedId, s);
            LOG.warn("Feed {}: WebSub unsubscription at {} failed; its lease will lapse at the hub: {}", s.feedId, s.hub, why);
            return;
        }
        boolean wasVerified;
        synchronized (s) {
            wasVerified = s.status == Status.VERIFIED;
        }
        if (wasVerified) {
            fallBack(s, "renewal_failed", why);
            return;
        }
        synchronized (s) {
            if (s.status == Status.UNSUBSCRIBING) {
                return;
            }
            s.status = Status.FAILED;
            s.failures++;
            s.retryAt = clock.instant().plus(backoff(s.failures));
        }
        LOG.warn("Feed {}: WebSub {} at {} failed, polling instead: {}", s.feedId, mode, s.hub, why);
    }

    private void scheduleRenewal(Subscription s, Duration granted, Instant leaseUntil) {
        // renew when 80% of the lease has run, so that a slow hub still verifies before the lease lapses
        long delayMs = Math.max(1000, granted.toMillis() * 8 / 10);
        try {
            timer.schedule(() -> renew(s), delayMs, TimeUnit.MILLISECONDS);
            timer.schedule(() -> checkLease(s, leaseUntil), Math.max(0, granted.toMillis()) + 1, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    /** At the end of a lease: unless a renewal was verified meanwhile, the subscription has lapsed. */
    private void checkLease(Subscription s, Instant leaseUntil) {
        boolean lapsed;
        synchronized (s) {
            lapsed = s.status == Status.VERIFIED && leaseUntil.equals(s.leaseUntil);
        }
        if (lapsed && subscriptions.get(s.feedId) == s) {
            fallBack(s, "lease_lapsed", "the lease ended at " + leaseUntil + " without a verified renewal");
        }
    }

    private void renew(Subscription s) {
        if (subscriptions.get(s.feedId) != s || s.unsubscribing()) {
            return; // replaced, removed or being unsubscribed meanwhile
        }
        metrics.counter(CollectorMeters.WEBSUB_REQUESTS, "outcome", "renewal", "WebSub (un)subscription requests by outcome").increment();
        LOG.debug("Feed {}: renewing the WebSub lease at {}", s.feedId, s.hub);
        submit(() -> request(s, "subscribe"));
    }

    // ---------------------------------------------------------------------------------------------------------
    // the callback

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String rest = exchange.getRequestURI().getRawPath();
            int at = rest.indexOf(PATH);
            rest = at < 0 ? "" : rest.substring(at + PATH.length());
            int slash = rest.lastIndexOf('/');
            int dot = rest.lastIndexOf('.');
            if (slash <= 0 || dot < slash) {
                refuse(exchange, 404, "unknown");
                return;
            }
            String feedId = URLDecoder.decode(rest.substring(0, slash), StandardCharsets.UTF_8);
            String nonce = rest.substring(slash + 1, dot);
            String token = rest.substring(dot + 1);
            switch (exchange.getRequestMethod()) {
                case "GET" -> verify(exchange, feedId, nonce, token);
                case "POST" -> content(exchange, feedId, nonce, token);
                default -> respond(exchange, 405, "");
            }
        } catch (RuntimeException e) {
            metrics.error("websub_callback");
            LOG.error("WebSub callback {} failed", exchange.getRequestURI(), e);
            throw e;
        }
    }

    /** Intent verification (WebSub 5.3): the challenge is echoed only for a subscription this collector asked for. */
    private void verify(HttpExchange exchange, String feedId, String nonce, String token) throws IOException {
        Map<String, String> query = Forms.parse(exchange.getRequestURI().getRawQuery());
        String mode = query.getOrDefault("hub.mode", "");
        String topic = query.getOrDefault("hub.topic", "");
        String challenge = query.get("hub.challenge");
        if (!constantTimeEquals(token, token(feedId, nonce))) {
            refuse(exchange, 404, "unknown");
            return;
        }
        Subscription s = subscriptions.get(feedId);
        boolean local = s != null && s.nonce.equals(nonce);
        if (local && !s.topic.equals(topic)) {
            refuse(exchange, 404, "unknown");
            return;
        }
        switch (mode) {
            case "subscribe" -> {
                if (challenge == null || (s != null && !local) || (local && s.status == Status.UNSUBSCRIBING)) {
                    refuse(exchange, 404, "unknown");
                    return;
                }
                if (local) {
                    Duration granted = leaseSeconds(query.get("hub.lease_seconds"));
                    Instant until;
                    synchronized (s) {
                        s.status = Status.VERIFIED;
                        s.verifiedAt = clock.instant();
                        s.leaseUntil = s.verifiedAt.plus(granted);
                        s.failures = 0;
                        until = s.leaseUntil;
                    }
                    scheduleRenewal(s, granted, until);
                    LOG.info("Feed {}: WebSub subscription at {} verified, lease {}", feedId, s.hub, granted);
                }
                metrics.counter(CollectorMeters.WEBSUB_VERIFICATIONS, "mode", "subscribe", "intent verifications answered, by mode")
                        .increment();
                respond(exchange, 200, challenge);
            }
            case "unsubscribe" -> {
                if (challenge == null || !local || s.status != Status.UNSUBSCRIBING) {
                    refuse(exchange, 404, "unknown");
                    return;
                }
                subscriptions.remove(feedId, s);
                metrics.counter(CollectorMeters.WEBSUB_VERIFICATIONS, "mode", "unsubscribe", "intent verifications answered, by mode")
                        .increment();
                respond(exchange, 200, challenge);
            }
            case "denied" -> {
                if (local) {
                    hubFailed(s, "subscribe", "denied: " + query.getOrDefault("hub.reason", "no reason given"));
                }
                respond(exchange, 200, "");
            }
            default -> refuse(exchange, 400, "bad_request");
        }
    }

    private Duration leaseSeconds(String value) {
        try {
            long seconds = Long.parseLong(value == null ? "" : value.strip());
            return seconds > 0 ? Duration.ofSeconds(seconds) : lease;
        } catch (NumberFormatException e) {
            return lease;
        }
    }

    /** Content distribution (WebSub 7, 8): published only with a valid signature. */
    private void content(HttpExchange exchange, String feedId, String nonce, String token) throws IOException {
        if (!constantTimeEquals(token, token(feedId, nonce))) {
            refuse(exchange, 404, "unknown");
            return;
        }
        Subscription s = subscriptions.get(feedId);
        if (s != null && (!s.nonce.equals(nonce) || s.unsubscribing())) {
            // an old subscription of a feed polled here, or one being unsubscribed: answer so that the hub drops it
            refuse(exchange, 410, "unknown");
            return;
        }
        byte[] body = readCapped(exchange.getRequestBody());
        if (body == null) {
            refuse(exchange, 413, "too_large");
            return;
        }
        String signature = exchange.getRequestHeaders().getFirst("X-Hub-Signature");
        if (!validSignature(signature, body, secret(feedId, nonce))) {
            // WebSub 8: a push with a bad signature is ignored, yet acknowledged, so as not to tell a forger which failed
            refuse(exchange, 202, "signature");
            LOG.warn("WebSub push for feed {} refused: missing or invalid X-Hub-Signature", feedId);
            return;
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        FeedState state = feeds.apply(feedId);
        if (state == null) {
            boolean handed;
            try {
                handed = forwarder.forward(feedId, body, contentType);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                handed = false;
            }
            if (!handed) {
                metrics.error("websub_forward");
                respond(exchange, 503, "");
                return;
            }
            metrics.counter(CollectorMeters.WEBSUB_PUSHES, "result", "forwarded", "WebSub pushes by result").increment();
            respond(exchange, 202, "");
            return;
        }
        respond(exchange, 202, "");
        accept(state, body, contentType, URI.create(state.feed().url().strip()));
        if (s != null) {
            synchronized (s) {
                s.lastPushAt = clock.instant();
                if (s.status == Status.PENDING) {
                    // the hub verified us through another instance: its pushes show the subscription is live
                    s.status = Status.VERIFIED;
                    s.verifiedAt = clock.instant();
                    s.leaseUntil = clock.instant().plus(lease);
                }
            }
        }
    }

    /** Publishes a verified push for a feed polled here (from the callback, or forwarded by another instance). */
    void accept(FeedState state, byte[] body, String contentType, URI base) {
        try {
            int fresh = publish.publish(state, body, contentType, base);
            metrics.counter(CollectorMeters.WEBSUB_PUSHES, "result", "published", "WebSub pushes by result").increment();
            LOG.debug("Feed {}: WebSub push gave {} new articles", state.feed().id(), fresh);
        } catch (FeedParseException e) {
            metrics.error("parse");
            metrics.counter(CollectorMeters.WEBSUB_PUSHES, "result", "unreadable", "WebSub pushes by result").increment();
            LOG.warn("Feed {}: WebSub push is not a feed: {}", state.feed().id(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether {@code X-Hub-Signature: <method>=<hex>} is the HMAC of the body under the secret (sha1, sha256, sha384, sha512). */
    static boolean validSignature(String header, byte[] body, String secret) {
        if (header == null) {
            return false;
        }
        int eq = header.indexOf('=');
        if (eq <= 0) {
            return false;
        }
        String algorithm = switch (header.substring(0, eq).strip().toLowerCase(Locale.ROOT)) {
            case "sha1" -> "HmacSHA1";
            case "sha256" -> "HmacSHA256";
            case "sha384" -> "HmacSHA384";
            case "sha512" -> "HmacSHA512";
            default -> null;
        };
        if (algorithm == null) {
            return false;
        }
        byte[] expected = hmac(algorithm, secret.getBytes(StandardCharsets.UTF_8), body);
        byte[] given;
        try {
            given = HexFormat.of().parseHex(header.substring(eq + 1).strip().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(expected, given);
    }

    static byte[] hmac(String algorithm, byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(data);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] readCapped(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(maxBodyBytes + 1);
        return bytes.length > maxBodyBytes ? null : bytes;
    }

    private void refuse(HttpExchange exchange, int status, String reason) throws IOException {
        metrics.counter(CollectorMeters.WEBSUB_REFUSED, "reason", reason,
                "WebSub callbacks refused: unknown (not a subscription we asked for), signature, too_large, bad_request")
                .increment();
        respond(exchange, status, "");
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static String oneLine(String text) {
        String t = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        return t.length() > 200 ? t.substring(0, 200) : t;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
