package dev.wirewatch.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fetcher against hostile servers: endless bodies, decompression bombs, drips, redirect loops, and links to
 * {@code file:} and private addresses. Each case must end quickly with the right kind of failure.
 */
class HttpFetcherTest {

    private static final int CAP = 1024 * 1024;
    private final TestServer server = new TestServer();
    private final HttpFetcher fetcher = fetcher(List.of("127.0.0.0/8"), Duration.ofSeconds(8));

    private static HttpFetcher fetcher(List<String> allowed, Duration timeout) {
        return new HttpFetcher(new HttpFetcher.Options(Duration.ofSeconds(2), timeout, 5, CAP, "wirewatch-test"),
                new AddressPolicy(allowed), new HostLimiter(16, 4, 0));
    }

    @AfterEach
    void close() {
        fetcher.close();
        server.close();
    }

    private FetchResult get(String path) throws Exception {
        return fetcher.fetch(URI.create(server.url(path)), HttpFetcher.Validators.NONE, "*/*");
    }

    @Test
    void endlessResponseIsCutAtTheCap() {
        // stands in for a 2 GB response: the server would stream forever; the fetcher stops after the cap
        server.on("/endless", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = exchange.getResponseBody()) {
                for (long sent = 0; sent < 2L * 1024 * 1024 * 1024; sent += chunk.length) {
                    out.write(chunk);
                }
            } catch (IOException e) {
                // the client hung up, as it should
            }
        });
        long start = System.nanoTime();
        assertThatThrownBy(() -> get("/endless")).isInstanceOf(FetchException.class)
                .satisfies(e -> assertThat(((FetchException) e).kind()).isEqualTo(FetchException.Kind.TOO_LARGE));
        // well before the request timeout: the cap, not the clock, ended it (the first request also warms the client up)
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
    }

    @Test
    void declaredHugeLengthIsRefusedBeforeReading() {
        server.on("/huge", exchange -> {
            exchange.sendResponseHeaders(200, 2L * 1024 * 1024 * 1024);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(new byte[8192]);
                out.flush();
            } catch (IOException e) {
                // the client hung up, as it should
            }
        });
        assertThatThrownBy(() -> get("/huge")).isInstanceOf(FetchException.class)
                .hasMessageContaining("Content-Length");
    }

    @Test
    void gzipBombIsStoppedAtTheDecompressedCap() throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(compressed)) {
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 200; i++) {
                gz.write(zeros); // 200 MB of zeros, about 200 KB compressed
            }
        }
        byte[] bomb = compressed.toByteArray();
        assertThat(bomb.length).isLessThan(CAP);
        server.on("/bomb", exchange -> {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            TestServer.send(exchange, 200, "application/rss+xml", bomb);
        });
        assertThatThrownBy(() -> get("/bomb")).isInstanceOf(FetchException.class)
                .satisfies(e -> assertThat(((FetchException) e).kind()).isEqualTo(FetchException.Kind.TOO_LARGE))
                .hasMessageContaining("decompressed");
    }

    @Test
    void gzipAndDeflateBodiesAreDecoded() throws Exception {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(compressed)) {
            gz.write("<rss/>".getBytes(StandardCharsets.UTF_8));
        }
        server.on("/gz", exchange -> {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            TestServer.send(exchange, 200, "text/xml", compressed.toByteArray());
        });
        assertThat(new String(get("/gz").body(), StandardCharsets.UTF_8)).isEqualTo("<rss/>");
        assertThat(server.requests.get(0).acceptEncoding()).isEqualTo("gzip, deflate, br");
    }

    @Test
    void dripFeedIsCutOffByTheTotalTimeout() {
        server.on("/drip", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 600; i++) {
                    out.write('x');
                    out.flush();
                    // the server side drips one byte a second
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000_000L);
                }
            } catch (IOException e) {
                // the client hung up, as it should
            }
        });
        try (HttpFetcher impatient = fetcher(List.of("127.0.0.0/8"), Duration.ofSeconds(2))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> impatient.fetch(URI.create(server.url("/drip")), HttpFetcher.Validators.NONE, "*/*"))
                    .isInstanceOf(FetchException.class)
                    .satisfies(e -> assertThat(((FetchException) e).kind()).isEqualTo(FetchException.Kind.TIMEOUT));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(5));
        }
    }

    @Test
    void redirectLoopIsDetected() {
        server.on("/a", exchange -> {
            exchange.getResponseHeaders().set("Location", "/b");
            exchange.sendResponseHeaders(302, -1);
        });
        server.on("/b", exchange -> {
            exchange.getResponseHeaders().set("Location", server.url("/a"));
            exchange.sendResponseHeaders(301, -1);
        });
        assertThatThrownBy(() -> get("/a")).isInstanceOf(FetchException.class)
                .satisfies(e -> assertThat(((FetchException) e).kind()).isEqualTo(FetchException.Kind.REDIRECTS))
                .hasMessageContaining("loop");
    }

    @Test
    void tooManyRedirectsAreRefused() {
        server.on("/hop", exchange -> {
            int n = Integer.parseInt(exchange.getRequestURI().getQuery());
            exchange.getResponseHeaders().set("Location", "/hop?" + (n + 1));
            exchange.sendResponseHeaders(307, -1);
        });
        assertThatThrownBy(() -> get("/hop?0")).isInstanceOf(FetchException.class).hasMessageContaining("more than 5 redirects");
    }

    @Test
    void redirectTargetsAreCheckedAgain() {
        server.on("/to-file", exchange -> {
            exchange.getResponseHeaders().set("Location", "file:///etc/passwd");
            exchange.sendResponseHeaders(302, -1);
        });
        server.on("/to-private", exchange -> {
            // another loopback address, outside the allow-list of the fetcher below (no traffic leaves the machine)
            exchange.getResponseHeaders().set("Location", "http://127.0.0.2:9/internal-admin");
            exchange.sendResponseHeaders(302, -1);
        });
        assertThatThrownBy(() -> get("/to-file")).isInstanceOf(FetchException.class)
                .satisfies(e -> assertThat(((FetchException) e).kind()).isEqualTo(FetchException.Kind.FORBIDDEN));
        try (HttpFetcher narrow = fetcher(List.of("127.0.0.1/32"), Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> narrow.fetch(URI.create(server.url("/to-private")), HttpFetcher.Validators.NONE, "*/*"))
                    .isInstanceOf(FetchException.class)
                    .satisfies(e -> assertThat(((FetchException) e).kind()).isEqualTo(FetchException.Kind.FORBIDDEN))
                    .hasMessageContaining("private address 127.0.0.2");
        }
    }

    @Test
    void fileAndPrivateAddressesAreRefusedWithoutAllowList() {
        try (HttpFetcher strict = fetcher(List.of(), Duration.ofSeconds(2))) {
            server.on("/feed", exchange -> TestServer.send(exchange, 200, "text/xml", "<rss/>"));
            assertThatThrownBy(() -> strict.fetch(URI.create(server.url("/feed")), HttpFetcher.Validators.NONE, "*/*"))
                    .isInstanceOf(FetchException.class).hasMessageContaining("private address 127.0.0.1");
            assertThatThrownBy(() -> strict.fetch(URI.create("file:///etc/passwd"), HttpFetcher.Validators.NONE, "*/*"))
                    .isInstanceOf(FetchException.class).hasMessageContaining("only http and https");
            assertThatThrownBy(() -> strict.fetch(URI.create("http://[::1]:9/x"), HttpFetcher.Validators.NONE, "*/*"))
                    .isInstanceOf(FetchException.class).hasMessageContaining("private address");
            assertThat(server.requests).isEmpty();
        }
    }

    @Test
    void internalRangesAreRecognisedWithoutAnyTraffic() throws Exception {
        // pure address arithmetic: nothing is sent to these addresses
        for (String internal : List.of("10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
                "127.0.0.1", "::1", "fd00::1", "fe80::1", "::ffff:10.0.0.1")) {
            assertThat(AddressPolicy.isInternal(java.net.InetAddress.getByName(internal))).as(internal).isTrue();
        }
        for (String external : List.of("8.8.8.8", "1.1.1.1", "2606:4700::1111")) {
            assertThat(AddressPolicy.isInternal(java.net.InetAddress.getByName(external))).as(external).isFalse();
        }
        assertThat(AddressPolicy.Cidr.parse("127.0.0.0/8").contains(java.net.InetAddress.getByName("127.4.5.6"))).isTrue();
        assertThat(AddressPolicy.Cidr.parse("127.0.0.0/8").contains(java.net.InetAddress.getByName("128.0.0.1"))).isFalse();
        assertThat(AddressPolicy.Cidr.parse("fd00::/8").contains(java.net.InetAddress.getByName("fd12::1"))).isTrue();
    }

    @Test
    void conditionalGetSendsValidatorsAndReads304() throws Exception {
        server.on("/cond", exchange -> {
            if ("\"v1\"".equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            exchange.getResponseHeaders().set("ETag", "\"v1\"");
            exchange.getResponseHeaders().set("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT");
            TestServer.send(exchange, 200, "text/xml", "<rss/>");
        });
        FetchResult first = get("/cond");
        assertThat(first.etag()).isEqualTo("\"v1\"");
        FetchResult second = fetcher.fetch(URI.create(server.url("/cond")),
                new HttpFetcher.Validators(first.etag(), first.lastModified()), "*/*");
        assertThat(second.notModified()).isTrue();
        assertThat(server.requests.get(1).ifModifiedSince()).isEqualTo("Wed, 21 Oct 2015 07:28:00 GMT");
    }

    @Test
    void tooManyRequestsBacksOffTheHost() {
        server.on("/busy", exchange -> {
            exchange.getResponseHeaders().set("Retry-After", "120");
            exchange.sendResponseHeaders(429, -1);
        });
        assertThatThrownBy(() -> get("/busy")).isInstanceOf(FetchException.class)
                .satisfies(e -> {
                    FetchException fe = (FetchException) e;
                    assertThat(fe.kind()).isEqualTo(FetchException.Kind.RATE_LIMITED);
                    assertThat(fe.retryAfter()).isEqualTo(Duration.ofSeconds(120));
                });
        // the next request to that host does not even go out
        assertThatThrownBy(() -> get("/busy")).isInstanceOf(FetchException.class).hasMessageContaining("asked us to wait");
        assertThat(server.count("/busy")).isEqualTo(1);
    }

    @Test
    void retryAfterReadsSecondsAndDates() {
        assertThat(HttpFetcher.retryAfter("30")).isEqualTo(Duration.ofSeconds(30));
        assertThat(HttpFetcher.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
        assertThat(HttpFetcher.retryAfter("soon")).isNull();
    }
}
