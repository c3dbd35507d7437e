package dev.wirewatch.collector;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.brotli.dec.BrotliInputStream;

/**
 * The collector's one HTTP client: conditional GET, gzip/deflate/br, a cap on the body before and after
 * decompression, a total deadline per response, redirects followed by hand (each target checked again by the
 * {@link AddressPolicy}) and per-host politeness through the {@link HostLimiter}.
 *
 * <p>Thread-safe; call it from virtual threads, since it blocks. This should be closed on shutdown.
 */
final class HttpFetcher implements AutoCloseable {

    /** How requests are made. */
    record Options(Duration connectTimeout, Duration requestTimeout, int maxRedirects, int maxBodyBytes, String userAgent) {
    }

    /** Validators of a previous response, for a conditional GET; both may be null. */
    record Validators(String etag, String lastModified) {
        static final Validators NONE = new Validators(null, null);
    }

    private static final int ERROR_BODY_CAP = 16 * 1024;
    private static final Duration DEFAULT_BACK_OFF = Duration.ofMinutes(1);

    private final Options options;
    private final AddressPolicy policy;
    private final HostLimiter limiter;
    private final ExecutorService executor;
    private final HttpClient client;

    HttpFetcher(Options options, AddressPolicy policy, HostLimiter limiter) {
        this.options = options;
        this.policy = policy;
        this.limiter = limiter;
        this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("collector-http-", 0).factory());
        this.client = HttpClient.newBuilder()
                .connectTimeout(options.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    HostLimiter limiter() {
        return limiter;
    }

    /**
     * GETs a URL, following redirects, and returns a 200 with its decoded body or a 304.
     *
     * @param accept the {@code Accept} header
     * @throws FetchException for every other outcome, with its kind
     */
    FetchResult fetch(URI start, Validators validators, String accept) throws FetchException, InterruptedException {
        // the time budget counts only time on the wire, not the wait for a politeness slot
        long budget = options.requestTimeout().toNanos();
        Set<URI> visited = new HashSet<>();
        URI uri = normalize(start);
        for (int hop = 0; ; hop++) {
            policy.check(uri);
            if (!visited.add(uri)) {
                throw new FetchException(FetchException.Kind.REDIRECTS, "redirect loop at " + uri);
            }
            Instant blocked = limiter.blockedUntil(uri.getHost());
            if (blocked.isAfter(Instant.now())) {
                throw new FetchException(FetchException.Kind.RATE_LIMITED, "host " + uri.getHost() + " asked us to wait until "
                        + blocked, 0, Duration.between(Instant.now(), blocked), null);
            }
            HttpResponse<byte[]> response;
            try (HostLimiter.Permit permit = limiter.acquire(uri.getHost())) {
                long sent = System.nanoTime();
                response = exchange(uri, validators, accept, sent + budget);
                budget -= System.nanoTime() - sent;
            }
            int status = response.statusCode();
            HttpHeaders headers = response.headers();
            if (status >= 300 && status < 400 && status != 304) {
                if (hop >= options.maxRedirects()) {
                    throw new FetchException(FetchException.Kind.REDIRECTS, "more than " + options.maxRedirects()
                            + " redirects from " + start);
                }
                String location = headers.firstValue("Location").orElseThrow(() -> new FetchException(
                        FetchException.Kind.REDIRECTS, "redirect " + status + " without Location from " + start));
                try {
                    uri = normalize(uri.resolve(new URI(location.strip().replace(" ", "%20"))));
                } catch (URISyntaxException | IllegalArgumentException e) {
                    throw new FetchException(FetchException.Kind.REDIRECTS, "bad redirect Location '" + location + "' from " + uri, e);
                }
                continue;
            }
            if (status == 304) {
                return new FetchResult(304, uri, new byte[0], null, validators.etag(), validators.lastModified());
            }
            if (status == 429 || status == 503) {
                Duration retryAfter = retryAfter(headers.firstValue("Retry-After").orElse(null));
                limiter.backOff(uri.getHost(), retryAfter == null ? DEFAULT_BACK_OFF : retryAfter);
                throw new FetchException(FetchException.Kind.RATE_LIMITED, "HTTP " + status + " from " + uri
                        + (retryAfter == null ? "" : ", retry after " + retryAfter.toSeconds() + "s"), status, retryAfter, null);
            }
            if (status < 200 || status >= 300) {
                throw new FetchException(FetchException.Kind.HTTP_STATUS, "HTTP " + status + " from " + uri, status, null, null);
            }
            byte[] body = decode(response.body(), headers.allValues("Content-Encoding"), uri);
            return new FetchResult(status, uri, body, headers.firstValue("Content-Type").orElse(null),
                    headers.firstValue("ETag").orElse(null), headers.firstValue("Last-Modified").orElse(null));
        }
    }

    private HttpResponse<byte[]> exchange(URI uri, Validators validators, String accept, long deadline)
            throws FetchException, InterruptedException {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw new FetchException(FetchException.Kind.TIMEOUT, "no complete response from " + uri + " within "
                    + options.requestTimeout().toSeconds() + "s");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .GET()
                .timeout(Duration.ofNanos(remaining))
                .header("User-Agent", options.userAgent())
                .header("Accept", accept)
                .header("Accept-Encoding", "gzip, deflate, br");
        if ("http".equalsIgnoreCase(uri.getScheme())) {
            // no h2c upgrade dance on plain http
            request.version(HttpClient.Version.HTTP_1_1);
        }
        if (validators.etag() != null) {
            request.header("If-None-Match", validators.etag());
        }
        if (validators.lastModified() != null) {
            request.header("If-Modified-Since", validators.lastModified());
        }
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request.build(), info -> {
            boolean ok = info.statusCode() >= 200 && info.statusCode() < 300;
            return new CappedBody(ok ? options.maxBodyBytes() : ERROR_BODY_CAP, ok,
                    info.headers().firstValueAsLong("Content-Length").orElse(-1));
        });
        try {
            // the whole response, body included, must arrive before the deadline: a server that drips is cut off
            return future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new FetchException(FetchException.Kind.TIMEOUT, "no complete response from " + uri + " within "
                    + options.requestTimeout().toSeconds() + "s", e);
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof FetchException fe) {
                throw fe;
            }
            if (cause instanceof IOException io && io.getCause() instanceof FetchException fe) {
                throw fe;
            }
            if (cause instanceof HttpConnectTimeoutException || cause instanceof HttpTimeoutException) {
                throw new FetchException(FetchException.Kind.TIMEOUT, "timed out on " + uri + ": " + cause.getMessage(), cause);
            }
            if (cause instanceof ConnectException) {
                throw new FetchException(FetchException.Kind.NETWORK, "cannot connect to " + uri + ": " + cause, cause);
            }
            throw new FetchException(FetchException.Kind.NETWORK, "request to " + uri + " failed: " + cause, cause);
        }
    }

    private static URI normalize(URI uri) throws FetchException {
        if (uri.getFragment() == null) {
            return uri;
        }
        try {
            return new URI(uri.getScheme(), uri.getRawSchemeSpecificPart(), null);
        } catch (URISyntaxException e) {
            throw new FetchException(FetchException.Kind.FORBIDDEN, "bad URL " + uri, e);
        }
    }

    /** Undoes the content encodings, last applied first, reading at most the body cap. */
    byte[] decode(byte[] body, List<String> encodings, URI uri) throws FetchException {
        byte[] out = body;
        List<String> codings = encodings.stream()
                .flatMap(v -> java.util.Arrays.stream(v.split(",")))
                .map(s -> s.strip().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty() && !s.equals("identity"))
                .toList();
        for (int i = codings.size() - 1; i >= 0; i--) {
            String coding = codings.get(i);
            try {
                InputStream in = switch (coding) {
                    case "gzip", "x-gzip" -> new GZIPInputStream(new ByteArrayInputStream(out), 8192);
                    case "deflate" -> deflate(out);
                    case "br" -> new BrotliInputStream(new ByteArrayInputStream(out));
                    default -> throw new FetchException(FetchException.Kind.DECODING, "unknown Content-Encoding "
                            + coding + " from " + uri);
                };
                out = readCapped(in, options.maxBodyBytes(), uri);
            } catch (IOException e) {
                throw new FetchException(FetchException.Kind.DECODING, "cannot decode " + coding + " body from " + uri
                        + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static InputStream deflate(byte[] data) {
        // "deflate" should be zlib-wrapped, but some servers send raw deflate: look at the zlib header to tell
        boolean zlib = data.length >= 2 && (data[0] & 0x0f) == 8 && ((data[0] & 0xff) << 8 | (data[1] & 0xff)) % 31 == 0;
        return new InflaterInputStream(new ByteArrayInputStream(data), new Inflater(!zlib), 8192);
    }

    /** Reads a stream to its end, failing as soon as it yields more than the cap (a decompression bomb). */
    static byte[] readCapped(InputStream in, int cap, Object source) throws IOException, FetchException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(cap, 64 * 1024));
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) != -1) {
                if (out.size() + n > cap) {
                    throw new FetchException(FetchException.Kind.TOO_LARGE, "body of " + source
                            + " is over " + cap + " bytes once decompressed");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }

    /** Parses {@code Retry-After}: seconds, or an HTTP date. */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(Instant.now(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    @Override
    public void close() {
        client.shutdownNow();
        executor.shutdownNow();
    }

    /**
     * Collects a body up to a cap; over the cap it cancels the transfer and fails (or, for error responses that we
     * only drain, completes with what it has).
     */
    private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final int cap;
        private final boolean failOnOverflow;
        private final long declaredLength;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        CappedBody(int cap, boolean failOnOverflow, long declaredLength) {
            this.cap = cap;
            this.failOnOverflow = failOnOverflow;
            this.declaredLength = declaredLength;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            this.subscription = s;
            if (failOnOverflow && declaredLength > cap) {
                s.cancel();
                result.completeExceptionally(new FetchException(FetchException.Kind.TOO_LARGE,
                        "Content-Length " + declaredLength + " is over the cap of " + cap + " bytes"));
                return;
            }
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer item : items) {
                int n = item.remaining();
                if (buffer.size() + n > cap) {
                    subscription.cancel();
                    if (failOnOverflow) {
                        result.completeExceptionally(new FetchException(FetchException.Kind.TOO_LARGE,
                                "body is over the cap of " + cap + " bytes"));
                    } else {
                        result.complete(buffer.toByteArray());
                    }
                    return;
                }
                byte[] bytes = new byte[n];
                item.get(bytes);
                buffer.write(bytes, 0, n);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(buffer.toByteArray());
        }
    }
}
