package dev.wirewatch.core.net;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Wirewatch's one way out to the network: every feed, page, webhook and Slack call goes through an instance of this.
 *
 * <p>Each hop, redirects included, is checked by the {@link AddressPolicy} and connects only to the addresses that
 * were checked: the host is resolved here, every address is checked, and while the request is in flight the JVM's
 * look-ups of that host return exactly those addresses ({@link PinnedAddressResolverProvider}), so neither DNS
 * rebinding nor a redirect reaches a private address. Redirects of a GET are followed by hand; a POST never follows
 * one. The whole request, DNS look-ups, redirects and body included, must finish within the deadline, so a server that
 * drips bytes or a resolver that does not answer is cut off; time spent waiting at the {@link HostGate} does not count. Bodies are capped while they stream in
 * (chunked or not) and again after gzip or deflate decoding. Every request carries the {@code User-Agent}.
 *
 * <p>Thread-safe; call it from virtual threads, since it blocks. This should be closed on shutdown.
 */
public final class Egress implements AutoCloseable {

    /** The error bodies of a GET are read for an excerpt only. */
    private static final int ERROR_BODY_CAP = 16 * 1024;

    private final AddressPolicy policy;
    private final String userAgent;
    private final Duration deadline;
    private final int maxRedirects;
    private final int maxBodyBytes;
    private final HostGate gate;
    private final ExecutorService executor;
    private final HttpClient client;

    private Egress(Builder b) {
        this.policy = b.policy;
        this.userAgent = b.userAgent;
        this.deadline = b.deadline;
        this.maxRedirects = b.maxRedirects;
        this.maxBodyBytes = b.maxBodyBytes;
        this.gate = b.gate;
        this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(b.threadName + "-", 0).factory());
        this.client = HttpClient.newBuilder()
                .connectTimeout(b.connectTimeout.compareTo(b.deadline) < 0 ? b.connectTimeout : b.deadline)
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY)
                .executor(executor)
                .build();
    }

    /** A builder with the policy every request is checked against; the other settings have defaults. */
    public static Builder builder(AddressPolicy policy) {
        return new Builder(policy);
    }

    /** The policy every hop is checked against. */
    public AddressPolicy policy() {
        return policy;
    }

    /**
     * GETs a URL, following redirects, and returns the final response: a 2xx with its whole decoded body, or any other
     * status with the start of its body.
     *
     * @param headers extra request headers ({@code Accept}, {@code If-None-Match}, ...)
     * @throws EgressException FORBIDDEN, TOO_LARGE, TIMEOUT, REDIRECTS, RATE_LIMITED (from the gate), DECODING, NETWORK
     */
    public Response get(String url, Map<String, String> headers) throws EgressException, InterruptedException {
        return send(url, headers, null);
    }

    /**
     * POSTs a body and returns the response as it is, redirects not followed, with at most the body cap of its body.
     *
     * @param headers request headers, {@code Content-Type} among them
     * @throws EgressException FORBIDDEN, TIMEOUT, RATE_LIMITED (from the gate), NETWORK
     */
    public Response post(String url, Map<String, String> headers, byte[] body) throws EgressException, InterruptedException {
        return send(url, headers, Objects.requireNonNull(body, "body"));
    }

    private Response send(String url, Map<String, String> headers, byte[] postBody)
            throws EgressException, InterruptedException {
        long budget = deadline.toNanos();
        Set<URI> visited = new HashSet<>();
        String next = url;
        for (int hop = 0; ; hop++) {
            AddressPolicy.Target target;
            long checking = System.nanoTime();
            try {
                target = checkWithin(next, budget);
            } catch (EgressException e) {
                throw e.kind() == EgressException.Kind.TIMEOUT ? e
                        : new EgressException(e.kind(), "refused " + next + ": " + e.getMessage(), e);
            }
            budget -= System.nanoTime() - checking;
            URI uri = target.uri();
            if (!visited.add(uri)) {
                throw new EgressException(EgressException.Kind.REDIRECTS, "redirect loop at " + uri);
            }
            Response response;
            try (HostGate.Slot slot = gate.enter(target.host()); Pins.Hold hold = pin(target)) {
                long sent = System.nanoTime();
                response = exchange(uri, headers, postBody, sent + budget);
                budget -= System.nanoTime() - sent;
            }
            gate.answered(target.host(), response);
            int status = response.status();
            if (postBody != null || status < 300 || status >= 400 || status == 304 || maxRedirects == 0) {
                return response;
            }
            if (hop >= maxRedirects) {
                throw new EgressException(EgressException.Kind.REDIRECTS, "more than " + maxRedirects
                        + " redirects from " + url);
            }
            String location = response.header("Location");
            if (location == null) {
                throw new EgressException(EgressException.Kind.REDIRECTS, "redirect " + status + " without Location from "
                        + uri);
            }
            try {
                next = uri.resolve(new URI(location.strip().replace(" ", "%20"))).toString();
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new EgressException(EgressException.Kind.REDIRECTS, "bad redirect Location '" + location
                        + "' from " + uri, e);
            }
        }
    }

    /**
     * Checks a URL against the policy within what is left of the deadline: the host's DNS look-up counts, so a resolver
     * that does not answer cannot hold a request past its deadline.
     */
    private AddressPolicy.Target checkWithin(String url, long budgetNanos) throws EgressException, InterruptedException {
        if (budgetNanos <= 0) {
            throw new EgressException(EgressException.Kind.TIMEOUT, "no complete response within " + deadline.toMillis()
                    + " ms");
        }
        CompletableFuture<AddressPolicy.Target> check = new CompletableFuture<>();
        Thread.ofVirtual().name("egress-resolve").start(() -> {
            try {
                check.complete(policy.check(url));
            } catch (EgressException | RuntimeException e) {
                check.completeExceptionally(e);
            }
        });
        try {
            return check.get(budgetNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new EgressException(EgressException.Kind.TIMEOUT, "the address of " + url + " was not known within "
                    + deadline.toMillis() + " ms (DNS)", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EgressException refusal) {
                throw refusal;
            }
            if (e.getCause() instanceof RuntimeException bug) {
                throw bug;
            }
            throw new IllegalStateException("Checking " + url + " failed", e.getCause());
        }
    }

    /** Pins a host name to its checked addresses while the request is in flight; checks what the JVM will use. */
    private Pins.Hold pin(AddressPolicy.Target target) throws EgressException {
        if (target.literal()) {
            return Pins.none(target.addresses());
        }
        String host = target.host();
        Pins.Hold hold = Pins.hold(host, target.addresses());
        try {
            if (!hold.addresses().equals(target.addresses())) {
                // another request holds this host at other addresses: ours must allow those too
                policy.checkAll(host, hold.addresses(), false);
            }
            List<InetAddress> seen;
            try {
                // what the HTTP client will get: the JVM's cache, else the pin
                seen = List.of(InetAddress.getAllByName(host));
            } catch (UnknownHostException e) {
                throw new EgressException(EgressException.Kind.NETWORK, "host " + host + " does not resolve", e);
            }
            policy.checkAll(host, seen, false);
            return hold;
        } catch (EgressException e) {
            hold.close();
            throw new EgressException(e.kind(), "refused " + target.uri() + ": " + e.getMessage(), e);
        }
    }

    private Response exchange(URI uri, Map<String, String> headers, byte[] postBody, long until)
            throws EgressException, InterruptedException {
        long remaining = until - System.nanoTime();
        if (remaining <= 0) {
            throw timeout(uri, null);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("User-Agent", userAgent);
        if ("http".equalsIgnoreCase(uri.getScheme())) {
            request.version(HttpClient.Version.HTTP_1_1); // no h2c upgrade dance on plain http
        }
        if (postBody == null) {
            request.GET().header("Accept-Encoding", ContentDecoding.ACCEPTED);
        } else {
            request.POST(HttpRequest.BodyPublishers.ofByteArray(postBody));
        }
        headers.forEach(request::header);
        boolean get = postBody == null;
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request.build(), info -> {
            boolean whole = get && info.statusCode() >= 200 && info.statusCode() < 300;
            return new CappedBody(whole || !get ? maxBodyBytes : Math.min(ERROR_BODY_CAP, maxBodyBytes), whole,
                    info.headers().firstValueAsLong("Content-Length").orElse(-1));
        });
        HttpResponse<byte[]> response;
        try {
            // the whole response, body included, must arrive before the deadline: a server that drips is cut off
            response = future.get(Math.max(1, until - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw timeout(uri, e);
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw failure(uri, e.getCause());
        }
        byte[] body = response.body();
        if (get && response.statusCode() >= 200 && response.statusCode() < 300) {
            body = ContentDecoding.decode(body, response.headers().allValues("Content-Encoding"), maxBodyBytes, uri);
        }
        return new Response(response.statusCode(), uri, response.headers(), body);
    }

    private EgressException timeout(URI uri, Throwable cause) {
        return new EgressException(EgressException.Kind.TIMEOUT, "no complete response from " + uri + " within "
                + deadline.toMillis() + " ms", cause);
    }

    private static EgressException failure(URI uri, Throwable cause) {
        if (cause instanceof EgressException e) {
            return e;
        }
        if (cause instanceof IOException io && io.getCause() instanceof EgressException e) {
            return e;
        }
        if (cause instanceof HttpConnectTimeoutException || cause instanceof HttpTimeoutException) {
            return new EgressException(EgressException.Kind.TIMEOUT, "timed out on " + uri + ": " + cause.getMessage(),
                    cause);
        }
        if (cause instanceof ConnectException) {
            return new EgressException(EgressException.Kind.NETWORK, "cannot connect to " + uri + ": " + cause, cause);
        }
        return new EgressException(EgressException.Kind.NETWORK, "request to " + uri + " failed: " + cause, cause);
    }

    @Override
    public void close() {
        client.shutdownNow();
        executor.shutdownNow();
    }

    /** How an {@link Egress} makes requests; every setting has a default that the caller may override. */
    public static final class Builder {
        private final AddressPolicy policy;
        private String userAgent = "Wirewatch/0.1 (news monitoring; +https://github.com/wirewatch)";
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration deadline = Duration.ofSeconds(30);
        private int maxRedirects = 5;
        private int maxBodyBytes = 8 * 1024 * 1024;
        private HostGate gate = HostGate.OPEN;
        private String threadName = "egress";

        private Builder(AddressPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
        }

        /** The {@code User-Agent} of every request. */
        public Builder userAgent(String value) {
            this.userAgent = Objects.requireNonNull(value, "userAgent");
            return this;
        }

        /** The time to open a connection (at most the deadline). */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = positive(value, "connectTimeout");
            return this;
        }

        /** The time for a whole request: every hop, headers and body. */
        public Builder deadline(Duration value) {
            this.deadline = positive(value, "deadline");
            return this;
        }

        /** Redirects a GET follows; 0 returns the redirect itself. */
        public Builder maxRedirects(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("maxRedirects must not be negative: " + value);
            }
            this.maxRedirects = value;
            return this;
        }

        /** The cap on a body, before and after decompression. */
        public Builder maxBodyBytes(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxBodyBytes must be positive: " + value);
            }
            this.maxBodyBytes = value;
            return this;
        }

        /** Politeness per host. */
        public Builder gate(HostGate value) {
            this.gate = Objects.requireNonNull(value, "gate");
            return this;
        }

        /** The prefix of the names of the client's threads. */
        public Builder threadName(String value) {
            this.threadName = Objects.requireNonNull(value, "threadName");
            return this;
        }

        /** A client with these settings; close it on shutdown. */
        public Egress build() {
            return new Egress(this);
        }

        private static Duration positive(Duration value, String name) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }
    }
}
