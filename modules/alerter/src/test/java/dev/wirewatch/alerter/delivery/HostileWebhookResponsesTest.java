package dev.wirewatch.alerter.delivery;

import static dev.wirewatch.alerter.testing.Fixtures.mention;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.wirewatch.alerter.testing.Fixtures;
import dev.wirewatch.alerter.webhook.WebhookSignature;
import dev.wirewatch.core.model.Alert;
import dev.wirewatch.core.model.Channel;
import dev.wirewatch.core.model.Subscription;
import dev.wirewatch.core.net.AddressPolicy;
import dev.wirewatch.core.net.Cidr;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhook endpoints that answer with hostile responses (a huge body, an endless one, one dripped byte by byte, bytes that
 * are not UTF-8), on a real local server: each delivery settles within the request timeout with the right outcome, and
 * nothing more than the cap is read.
 */
class HostileWebhookResponsesTest {

    private static final String SECRET = WebhookSignature.newSecret();
    /** A guard against a hang, not a measurement: the poster's own deadline is 800 ms. */
    private static final Duration HANG = Duration.ofSeconds(20);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final HttpPoster poster = new HttpPoster(AddressPolicy.allowing(List.of(Cidr.parse("127.0.0.0/8"))),
            Duration.ofMillis(800), meters);
    private final WebhookSender sender = new WebhookSender(poster, Clock.systemUTC(), Fixtures.SECRETS);
    private HttpServer server;
    /** Released when the test ends, so that a dripping answer stops with it. */
    private final CountDownLatch stopped = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/oversized", exchange -> answer(exchange, 200, 50_000_000, false));
        server.createContext("/endless-ok", exchange -> answer(exchange, 200, 0, false));
        server.createContext("/endless-error", exchange -> answer(exchange, 500, 0, false));
        server.createContext("/drip", exchange -> answer(exchange, 200, 0, true));
        server.createContext("/invalid-utf8", exchange -> {
            byte[] body = {'o', 'o', 'p', 's', ' ', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE, '\n', 'x'};
            drain(exchange);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(500, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        stopped.countDown();
        poster.close();
        server.stop(0);
    }

    @Test
    void aHugeSuccessfulAnswerIsDeliveredWithoutReadingItAll() {
        assertThat(send("/oversized").kind()).isEqualTo(SendResult.Kind.DELIVERED);
        assertThat(send("/endless-ok").kind()).isEqualTo(SendResult.Kind.DELIVERED);
    }

    @Test
    void anEndlessErrorIsRetriedWithAShortExcerpt() {
        SendResult result = send("/endless-error");
        assertThat(result.kind()).isEqualTo(SendResult.Kind.RETRY);
        assertThat(result.status()).isEqualTo(500);
        assertThat(result.error()).hasSizeLessThan(1_000);
    }

    @Test
    void aDrippedAnswerIsCutOffByTheDeadlineAndRetried() {
        SendResult result = send("/drip");
        assertThat(result.kind()).isIn(SendResult.Kind.RETRY, SendResult.Kind.DELIVERED);
        if (result.kind() == SendResult.Kind.RETRY) {
            assertThat(result.error()).isNotBlank();
        }
    }

    @Test
    void anErrorBodyThatIsNotUtf8IsReportedAsText() {
        SendResult result = send("/invalid-utf8");
        assertThat(result.kind()).isEqualTo(SendResult.Kind.RETRY);
        assertThat(result.error()).contains("oops").doesNotContain("\n");
    }

    private SendResult send(String path) {
        return assertTimeoutPreemptively(HANG, () -> sender.send(alert(), to("http://127.0.0.1:" + server.getAddress().getPort() + path)));
    }

    private static Alert alert() {
        return Fixtures.alert("al_hostile0000000000", "latam-desk", mention("cecot", "a1", "s1", "es", "elfaro.net"));
    }

    private static Subscription to(String url) {
        return Fixtures.subscription("latam-desk", List.of("cecot"), Fixtures.realtime("fold"),
                new Channel(Channel.WEBHOOK, url, SECRET, List.of(), List.of()));
    }

    /** Sends {@code status}, then a body of {@code length} bytes (0: chunked, without end), perhaps a byte at a time. */
    private void answer(HttpExchange exchange, int status, long length, boolean drip) throws IOException {
        try (exchange) {
            drain(exchange);
            exchange.sendResponseHeaders(status, length);
            byte[] chunk = new byte[drip ? 1 : 64 * 1024];
            Arrays.fill(chunk, (byte) 'a');
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            try (OutputStream out = exchange.getResponseBody()) {
                long written = 0;
                while ((length == 0 || written < length) && System.nanoTime() < deadline) {
                    out.write(chunk);
                    out.flush();
                    written += chunk.length;
                    if (drip && stopped.await(100, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                }
            } catch (IOException e) {
                // the client stopped reading: what a cap or a deadline does
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void drain(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
        }
    }
}
