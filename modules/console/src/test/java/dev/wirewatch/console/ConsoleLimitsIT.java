package dev.wirewatch.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.wirewatch.broker.testing.KafkaBrokerExtension;
import dev.wirewatch.core.config.CoreSettings;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The console's limits on a real console on port 0: request bodies capped however they are sent, article fetches and
 * OPML imports bounded with a clear 4xx.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ConsoleLimitsIT {

    private static RunningConsole console;
    private static String admin;
    private static HttpServer pages;
    private static final CountDownLatch RELEASE = new CountDownLatch(1);
    private static final CountDownLatch ARRIVED = new CountDownLatch(1);

    @BeforeAll
    static void start() throws Exception {
        console = RunningConsole.start(Map.of(CoreSettings.WEBHOOKS_ALLOW_PRIVATE.key(), "127.0.0.0/8",
                ConsoleSettings.FETCH_CONCURRENCY.key(), "1", ConsoleSettings.OPML_MAX_FEEDS.key(), "3",
                ConsoleSettings.FETCH_TIMEOUT.key(), "60s"));
        admin = console.adminKey;
        pages = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        pages.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        pages.createContext("/held", exchange -> {
            try (exchange) {
                ARRIVED.countDown();
                RELEASE.await(60, TimeUnit.SECONDS);
                byte[] html = "<html><head><title>Held</title></head><body><p>CECOT text</p></body></html>"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, html.length);
                exchange.getResponseBody().write(html);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        pages.start();
    }

    @AfterAll
    static void stop() {
        RELEASE.countDown();
        if (pages != null) {
            pages.stop(0);
        }
        if (console != null) {
            console.close();
        }
    }

    @Test
    void aChunkedSixMegabyteBodyIsRefusedWith413AndASmallOneIsRead() throws Exception {
        byte[] filler = new byte[6 * 1024 * 1024];
        Arrays.fill(filler, (byte) 'a');
        InputStream body = new SequenceInputStream(new ByteArrayInputStream(
                "{\"id\": \"big\", \"name\": \"Big\", \"query\": \"".getBytes(StandardCharsets.UTF_8)),
                new SequenceInputStream(new ByteArrayInputStream(filler), new ByteArrayInputStream("\"}".getBytes(StandardCharsets.UTF_8))));
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            // ofInputStream has no length: the body goes chunked, with no Content-Length
            HttpRequest chunked = HttpRequest.newBuilder(URI.create(console.base + "/api/topics"))
                    .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body)).build();
            HttpResponse<String> refused = http.send(chunked, HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(413);
            assertThat(refused.body()).contains("over the limit of 5000000 bytes");

            HttpRequest declared = HttpRequest.newBuilder(URI.create(console.base + "/api/topics"))
                    .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(filler)).build();
            assertThat(http.send(declared, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(413);

            byte[] small = "{\"id\": \"small-chunked\", \"name\": \"Small\", \"query\": \"cecot\"}".getBytes(StandardCharsets.UTF_8);
            HttpRequest ok = HttpRequest.newBuilder(URI.create(console.base + "/api/topics"))
                    .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(small))).build();
            HttpResponse<String> created = http.send(ok, HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        }
        assertThat(console.get("/api/topics/big", admin).status()).isEqualTo(404);
    }

    @Test
    void articleFetchesBeyondTheLimitGet429() throws Exception {
        String url = "http://127.0.0.1:" + pages.getAddress().getPort() + "/held";
        // three distinct articles: /held, /held/2, /held/3
        CompletableFuture<RunningConsole.Response> first = CompletableFuture.supplyAsync(
                () -> console.post("/api/articles", admin, "{\"url\": \"" + url + "\"}"));
        assertThat(ARRIVED.await(30, TimeUnit.SECONDS)).isTrue();
        RunningConsole.Response second = console.post("/api/articles", admin, "{\"url\": \"" + url + "/2\"}");
        assertThat(second.status()).isEqualTo(429);
        assertThat(second.json().get("error").asText()).contains("console.fetch.concurrency is 1");
        RELEASE.countDown();
        assertThat(first.get(60, TimeUnit.SECONDS).status()).isEqualTo(202);
        // the slot is free again
        await().atMost(Duration.ofSeconds(30)).until(() -> console.post("/api/articles", admin,
                "{\"url\": \"" + url + "/3\"}").status() == 202);
    }

    @Test
    void anOpmlListOverTheLimitIsRefusedWith413() {
        StringBuilder opml = new StringBuilder("<?xml version=\"1.0\"?><opml version=\"2.0\"><body>");
        for (int i = 0; i < 4; i++) {
            opml.append("<outline text=\"f").append(i).append("\" xmlUrl=\"http://127.0.0.1:9/f").append(i).append(".xml\"/>");
        }
        opml.append("</body></opml>");
        RunningConsole.Response refused = console.send("POST", "/api/feeds/opml", admin, opml.toString(), "text/x-opml");
        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.json().get("error").asText()).contains("4 feeds").contains("at most 3");
        assertThat(console.get("/api/feeds", admin).json().get("total").asInt()).isZero();

        String three = opml.toString().replaceFirst("<outline text=\"f3\"[^>]*/>", "");
        RunningConsole.Response imported = console.send("POST", "/api/feeds/opml", admin, three, "text/x-opml");
        assertThat(imported.status()).as(imported.toString()).isEqualTo(201);
        assertThat(imported.json().get("created").size()).isEqualTo(3);
    }
}
