package dev.wirewatch.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The egress path against hostile servers on a real HTTP server: endless and chunked bodies, decompression bombs,
 * drips, redirect loops, redirects to {@code file:} and to private addresses, and host names that must be connected
 * to at the address that was checked. Each case must end quickly with the right kind of failure.
 */
class EgressTest {

    private static final int CAP = 1024 * 1024;
    private static final AddressPolicy LOOPBACK = AddressPolicy.allowing(List.of(Cidr.parse("127.0.0.0/8")));

    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Egress> clients = new CopyOnWriteArrayList<>();

    EgressTest() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    @AfterEach
    void close() {
        clients.forEach(Egress::close);
        server.stop(0);
    }

    private void on(String path, HttpHandler handler) {
        server.createContext(path, exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " ua="
                    + exchange.getRequestHeaders().getFirst("User-Agent") + " ae="
                    + exchange.getRequestHeaders().getFirst("Accept-Encoding"));
            try (exchange) {
                handler.handle(exchange);
            }
        });
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private Egress egress(AddressPolicy policy, Duration deadline) {
        Egress egress = Egress.builder(policy).deadline(deadline).connectTimeout(Duration.ofSeconds(2))
                .maxBodyBytes(CAP).userAgent("wirewatch-test").threadName("egress-test").build();
        clients.add(egress);
        return egress;
    }

    private Response get(String path) throws Exception {
        return egress(LOOPBACK, Duration.ofSeconds(8)).get(url(path), Map.of());
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static EgressException.Kind kind(Throwable e) {
        return ((EgressException) e).kind();
    }

    @Test
    void aNameIsConnectedToAtTheAddressItWasCheckedAt() throws Exception {
        // the JVM's DNS does not know this name: only the policy's resolver does, so the request can only reach the
        // server if the client connects to the address the policy checked
        on("/feed", exchange -> send(exchange, 200, "text/xml; charset=ISO-8859-1", "<rss>caf\u00e9</rss>".getBytes(StandardCharsets.ISO_8859_1)));
        AddressPolicy named = LOOPBACK.withResolver(AddressPolicyTest.dns(Map.of("feeds.wirewatch.test", List.of("127.0.0.1"))));
        Response response = egress(named, Duration.ofSeconds(5))
                .get("http://feeds.wirewatch.test:" + server.getAddress().getPort() + "/feed", Map.of("Accept", "text/xml"));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text()).isEqualTo("<rss>caf\u00e9</rss>");
        assertThat(Pins.active()).as("the pinning resolver is the JVM's").isTrue();
        assertThat(Pins.lookup("feeds.wirewatch.test")).as("the pin is let go after the request").isNull();
        assertThat(requests).singleElement().asString().contains("ua=wirewatch-test").contains("ae=gzip, deflate");
    }

    @Test
    void aNameWithOnePrivateAddressIsRefusedWithoutTraffic() {
        on("/feed", exchange -> send(exchange, 200, "text/xml", "<rss/>".getBytes(StandardCharsets.UTF_8)));
        AddressPolicy named = LOOPBACK.withResolver(AddressPolicyTest.dns(Map.of("mixed.wirewatch.test",
                List.of("127.0.0.1", "10.0.0.5"))));
        assertThatThrownBy(() -> egress(named, Duration.ofSeconds(5))
                .get("http://mixed.wirewatch.test:" + server.getAddress().getPort() + "/feed", Map.of()))
                .satisfies(e -> assertThat(kind(e)).isEqualTo(EgressException.Kind.FORBIDDEN))
                .hasMessageContaining("10.0.0.5");
        assertThat(requests).isEmpty();
    }

    @Test
    void endlessChunkedResponseIsCutAtTheCap() {
        // stands in for a 2 GB response: the server would stream forever; the client stops after the cap
        on("/endless", exchange -> {
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
        assertThatThrownBy(() -> get("/endless")).satisfies(e -> assertThat(kind(e)).isEqualTo(EgressException.Kind.TOO_LARGE));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
    }

    @Test
    void declaredHugeLengthIsRefusedBeforeReading() {
        on("/huge", exchange -> {
            exchange.sendResponseHeaders(200, 2L * 1024 * 1024 * 1024);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(new byte[8192]);
                out.flush();
            } catch (IOException e) {
                // the client hung up, as it should
            }
        });
        assertThatThrownBy(() -> get("/huge")).hasMessageContaining("Content-Length")
                .satisfies(e -> assertThat(kind(e)).isEqualTo(EgressException.Kind.TOO_LARGE));
    }

    @Test
    void gzipBombIsStoppedAtTheDecompressedCapAndGzipIsDecoded() throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(compressed)) {
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 200; i++) {
                gz.write(zeros); // 200 MB of zeros, about 200 KB compressed
            }
        }
        byte[] bomb = compressed.toByteArray();
        assertThat(bomb.length).isLessThan(CAP);
        on("/bomb", exchange -> {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            send(exchange, 200, "application/rss+xml", bomb);
        });
        assertThatThrownBy(() -> get("/bomb")).hasMessageContaining("decompressed")
                .satisfies(e -> assertThat(kind(e)).isEqualTo(EgressException.Kind.TOO_LARGE));
    }

    @Test
    void gzipBodiesAreDecoded() throws Exception {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(compressed)) {
            gz.write("<rss/>".getBytes(StandardCharsets.UTF_8));
        }
        on("/gz", exchange -> {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            send(exchange, 200, "text/xml", compressed.toByteArray());
        });
        assertThat(get("/gz").text()).isEqualTo("<rss/>");
    }

    @Test
    void brotliIsNotOfferedAndABrotliBodySentUnaskedIsNotDecoded() {
        on("/br", exchange -> {
            exchange.getResponseHeaders().set("Content-Encoding", "br");
            send(exchange, 200, "text/xml", new byte[] {0x0b, 0x02, (byte) 0x80, 0x3c, 0x72, 0x73, 0x73, 0x2f, 0x3e, 0x03});
        });
        assertThatThrownBy(() -> get("/br"))
                .satisfies(e -> assertThat(kind(e)).isEqualTo(EgressException.Kind.DECODING))
                .hasMessageContaining("br");
        assertThat(requests).singleElement().asString().endsWith("ae=gzip, deflate");
    }

    @Test
    void dripFeedIsCutOffByTheDeadline() {
        on("/drip", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 600; i++) {
                    out.write('x');
                    out.flush();
                    LockSupport.parkNanos(1_000_000_000L); // one byte a second
                }
            } catch (IOException e) {
                // the client hung up, as it should
            }
        });
        Egress impatient = egress(LOOPBACK, Duration.ofSeconds(2));
        long start = System.nanoTime();
        assertThatThrownBy(() -> impatient.get(url("/drip"), Map.of()))
                .satisfies(e -> assertThat(kind(e)).isEqualTo(EgressException.Kind.TIMEOUT));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(5));
    }

    @Test
    void aResolverThatDoesNotAnswerIsCutOffByTheDeadline() {
        CountDownLatch never = new CountDownLatch(1);
        AddressPolicy stuck = LOOPBACK.withResolver(host -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new java.net.UnknownHostException(host);
        });
        try {
            assertThatThrownBy(() -> egress(stuck, Duration.ofMillis(500)).get("http://slow-dns.example/feed", Map.of()))
                    .satisfies(e -> assertThat(kind(e)).isEqualTo(EgressException.Kind.TIMEOUT))
                    .hasMessageContaining("DNS");
        } finally {
            never.countDown();
        }
        assertThat(requests).isEmpty();
    }

    @Test
    void redirectLoopsAndEndlessRedirectsAreRefused() {
        on("/a", exchange -> {
            exchange.getResponseHeaders().set("Location", "/b");
            exchange.sendResponseHeaders(302, -1);
        });
        on("/b", exchange -> {
            exchange.getResponseHeaders().set("Location", url("/a"));
            exchange.sendResponseHeaders(301, -1);
        });
        on("/hop", exchange -> {
            int n = Integer.parseInt(exchange.getRequestURI().getQuery());
            exchange.getResponseHeaders().set("Location", "/hop?" + (n + 1));
            exchange.sendResponseHeaders(307, -1);
        });
        assertThatThrownBy(() -> get("/a")).hasMessageContaining("loop")
                .satisfies(e -> assertThat(kind(e)).isEqualTo(EgressException.Kind.REDIRECTS));
        assertThatThrownBy(() -> get("/hop?0")).hasMessageContaining("more than 5 redirects");
    }

    @Test
    void redirectTargetsAreCheckedAgain() throws Exception {
        on("/to-file", exchange -> {
            exchange.getResponseHeaders().set("Location", "file:///etc/passwd");
            exchange.sendResponseHeaders(302, -1);
        });
        on("/to-private", exchange -> {
            // another loopback address, outside the allow-list below (no traffic leaves the machine)
            exchange.getResponseHeaders().set("Location", "http://127.0.0.2:9/internal-admin");
            exchange.sendResponseHeaders(302, -1);
        });
        on("/to-metadata", exchange -> {
            exchange.getResponseHeaders().set("Location", "http://[64:ff9b::a9fe:a9fe]/latest/meta-data/");
            exchange.sendResponseHeaders(302, -1);
        });
        assertThatThrownBy(() -> get("/to-file")).hasMessageContaining("only http and https")
                .satisfies(e -> assertThat(kind(e)).isEqualTo(EgressException.Kind.FORBIDDEN));
        assertThatThrownBy(() -> get("/to-metadata")).hasMessageContaining("private or reserved")
                .satisfies(e -> assertThat(kind(e)).isEqualTo(EgressException.Kind.FORBIDDEN));
        Egress narrow = egress(AddressPolicy.allowing(List.of(Cidr.parse("127.0.0.1/32"))), Duration.ofSeconds(5));
        assertThatThrownBy(() -> narrow.get(url("/to-private"), Map.of()))
                .hasMessageContaining("127.0.0.2 is a private or reserved address")
                .satisfies(e -> assertThat(kind(e)).isEqualTo(EgressException.Kind.FORBIDDEN));
    }

    @Test
    void theStrictPolicyRefusesLoopbackWithoutTraffic() {
        on("/feed", exchange -> send(exchange, 200, "text/xml", "<rss/>".getBytes(StandardCharsets.UTF_8)));
        Egress strict = egress(AddressPolicy.strict(), Duration.ofSeconds(2));
        assertThatThrownBy(() -> strict.get(url("/feed"), Map.of())).hasMessageContaining("127.0.0.1 is a private");
        assertThatThrownBy(() -> strict.get("http://[::1]:9/x", Map.of())).hasMessageContaining("private");
        assertThatThrownBy(() -> strict.post("http://2130706433:9/x", Map.of(), new byte[0])).hasMessageContaining("private");
        assertThat(requests).isEmpty();
    }

    @Test
    void aPostFollowsNoRedirectAndReadsOnlyTheStartOfABody() throws Exception {
        on("/moved", exchange -> {
            exchange.getResponseHeaders().set("Location", "/elsewhere");
            exchange.sendResponseHeaders(308, -1);
        });
        on("/big", exchange -> send(exchange, 200, "text/plain", new byte[3 * CAP]));
        on("/slow-down", exchange -> {
            exchange.getResponseHeaders().set("Retry-After", "120");
            send(exchange, 429, "text/plain", "busy".getBytes(StandardCharsets.UTF_8));
        });
        Egress egress = egress(LOOPBACK, Duration.ofSeconds(5));
        byte[] json = "{}".getBytes(StandardCharsets.UTF_8);
        Response moved = egress.post(url("/moved"), Map.of("Content-Type", "application/json"), json);
        assertThat(moved.status()).isEqualTo(308);
        assertThat(moved.header("Location")).isEqualTo("/elsewhere");
        assertThat(egress.post(url("/big"), Map.of(), json).body().length).isEqualTo(CAP);
        Response busy = egress.post(url("/slow-down"), Map.of(), json);
        assertThat(busy.retryAfter(Instant.now())).isEqualTo(Duration.ofSeconds(120));
        assertThatThrownBy(busy::requireOk).satisfies(e -> {
            assertThat(kind(e)).isEqualTo(EgressException.Kind.RATE_LIMITED);
            assertThat(((EgressException) e).retryAfter()).isEqualTo(Duration.ofSeconds(120));
        });
        assertThat(requests).noneMatch(r -> r.contains("/elsewhere"));
    }

    @Test
    void theGateIsAskedForEveryHopAndHearsEveryAnswer() throws Exception {
        on("/first", exchange -> {
            exchange.getResponseHeaders().set("Location", "/second");
            exchange.sendResponseHeaders(302, -1);
        });
        on("/second", exchange -> send(exchange, 200, "text/plain", "ok".getBytes(StandardCharsets.UTF_8)));
        List<String> seen = new CopyOnWriteArrayList<>();
        HostGate gate = new HostGate() {
            @Override
            public Slot enter(String host) {
                seen.add("enter " + host);
                return () -> seen.add("leave " + host);
            }

            @Override
            public void answered(String host, Response response) {
                seen.add("answer " + response.status());
            }
        };
        Egress egress = Egress.builder(LOOPBACK).gate(gate).build();
        clients.add(egress);
        assertThat(egress.get(url("/first"), Map.of()).text()).isEqualTo("ok");
        assertThat(seen).containsExactly("enter 127.0.0.1", "leave 127.0.0.1", "answer 302", "enter 127.0.0.1",
                "leave 127.0.0.1", "answer 200");
    }

    @Test
    void headerValuesAreReadInOnePlace() {
        Instant now = Instant.parse("2026-11-27T10:00:00Z");
        assertThat(HeaderValues.retryAfter("30", now)).isEqualTo(Duration.ofSeconds(30));
        assertThat(HeaderValues.retryAfter("Fri, 27 Nov 2026 10:02:00 GMT", now)).isEqualTo(Duration.ofMinutes(2));
        assertThat(HeaderValues.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT", now)).isEqualTo(Duration.ZERO);
        assertThat(HeaderValues.retryAfter("soon", now)).isNull();
        assertThat(HeaderValues.retryAfter(null, now)).isNull();
        assertThat(HeaderValues.charset("text/html; charset=\"ISO-8859-1\"")).contains(StandardCharsets.ISO_8859_1);
        assertThat(HeaderValues.charset("text/html;Charset=utf8")).contains(StandardCharsets.UTF_8);
        assertThat(HeaderValues.charset("text/html; charset=no-such-charset")).isEmpty();
        assertThat(HeaderValues.charset("text/html")).isEmpty();
        assertThat(HeaderValues.charset(null)).isEmpty();
    }
}
