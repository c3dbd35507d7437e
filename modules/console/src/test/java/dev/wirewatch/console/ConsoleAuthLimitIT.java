package dev.wirewatch.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wirewatch.broker.testing.KafkaBrokerExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Wrong API keys are rate-limited per client address on a real console on port 0: after
 * {@code console.auth.max-failures} wrong keys within the window one address gets 429 with Retry-After (a good key
 * included, unchecked) and the refusals are counted, another address is unaffected, and a good key works again once
 * the window has passed. Two loopback addresses (127.0.0.1 and 127.0.0.2) stand for two clients.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ConsoleAuthLimitIT {

    private static final int MAX_FAILURES = 5;
    private static final String WRONG = "wwk_0123456789ab_wrong";
    private static RunningConsole console;

    @BeforeAll
    static void start() throws Exception {
        console = RunningConsole.start(Map.of(ConsoleSettings.AUTH_MAX_FAILURES.key(), Integer.toString(MAX_FAILURES),
                ConsoleSettings.AUTH_FAILURE_WINDOW.key(), "3s"));
    }

    @AfterAll
    static void stop() {
        if (console != null) {
            console.close();
        }
    }

    @Test
    void manyWrongKeysFromOneAddressGet429UntilTheWindowPassesAndOtherAddressesAreUnaffected() throws Exception {
        HttpClient attacker = client("127.0.0.1");
        HttpClient neighbour = client("127.0.0.2");
        double throttledBefore = throttled();
        for (int i = 0; i < MAX_FAILURES; i++) {
            assertThat(get(attacker, "/api/topics", WRONG).statusCode()).as("wrong key %d", i + 1).isEqualTo(401);
        }
        HttpResponse<String> refused = get(attacker, "/api/topics", WRONG);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).contains("too many wrong API keys");
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 3L);
        // the key is not even checked: the admin key from this address is refused as well, and so is no key at all
        assertThat(get(attacker, "/api/me", console.adminKey).statusCode()).isEqualTo(429);
        assertThat(get(attacker, "/api/me", null).statusCode()).isEqualTo(429);
        assertThat(throttled() - throttledBefore).isEqualTo(3.0);

        // another address: its good key works and its own wrong keys are counted on their own (401, not 429)
        assertThat(get(neighbour, "/api/me", console.adminKey).statusCode()).isEqualTo(200);
        assertThat(get(neighbour, "/api/topics", WRONG).statusCode()).isEqualTo(401);
        assertThat(get(neighbour, "/api/me", console.adminKey).statusCode()).isEqualTo(200);

        // the refusals are published on /metrics
        HttpResponse<String> metrics = get(neighbour, "/metrics", console.adminKey);
        assertThat(metrics.body()).contains("wirewatch_console_auth_throttled_total 3.0");

        // once the window has passed the good key works again from the shut-out address
        AtomicInteger refusedWhileWaiting = new AtomicInteger();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() -> {
            int status = get(attacker, "/api/me", console.adminKey).statusCode();
            if (status == 429) {
                refusedWhileWaiting.incrementAndGet();
            }
            return status == 200;
        });
        assertThat(throttled() - throttledBefore).isEqualTo(3.0 + refusedWhileWaiting.get());
        // and its wrong keys are counted afresh
        assertThat(get(attacker, "/api/topics", WRONG).statusCode()).isEqualTo(401);
        assertThat(console.meters.counter(ConsoleMeters.AUTH_FAILURES, "status", "401").count()).isGreaterThanOrEqualTo(MAX_FAILURES + 2);
        // the request timer still names the matched route (Javalin 7 has no endpointHandlerPath; ConsoleServer.route)
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(console.meters.find(ConsoleMeters.HTTP)
                .tags("route", "/api/me", "status", "200").timer()).isNotNull());
        assertThat(console.meters.find(ConsoleMeters.HTTP).tags("status", "429").timers()).isNotEmpty();
    }

    private static double throttled() {
        return console.meters.counter(ConsoleMeters.AUTH_THROTTLED).count();
    }

    private static HttpClient client(String localAddress) throws IOException {
        return HttpClient.newBuilder().localAddress(InetAddress.getByName(localAddress))
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static HttpResponse<String> get(HttpClient client, String path, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(console.base + path)).timeout(Duration.ofSeconds(30)).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
