package dev.wirewatch.launcher.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.wirewatch.core.kafka.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One subscriber's webhook endpoint: verifies each delivery's Standard Webhooks signature with its own code, counts
 * accepted alert ids and the article URLs they name, and can be taken down, made to hang or to answer 410.
 */
final class WebhookEndpoint implements AutoCloseable {

    /** How the endpoint answers. */
    enum Mode { OK, HANG, GONE }

    private final String secret = newSecret();
    private final int port;
    private final Map<String, Integer> accepted = new ConcurrentHashMap<>();
    private final Set<String> urls = ConcurrentHashMap.newKeySet();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger badSignatures = new AtomicInteger();
    private volatile Mode mode = Mode.OK;
    private volatile HttpServer server;
    /** Released on close, so that hanging requests end with the endpoint. */
    private final CountDownLatch closed = new CountDownLatch(1);

    private WebhookEndpoint(int port) {
        this.port = port;
    }

    static WebhookEndpoint start() throws IOException {
        HttpServer probe = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        WebhookEndpoint endpoint = new WebhookEndpoint(probe.getAddress().getPort());
        endpoint.serveOn(probe);
        return endpoint;
    }

    String url() {
        return "http://127.0.0.1:" + port + "/hook";
    }

    String secret() {
        return secret;
    }

    void mode(Mode mode) {
        this.mode = mode;
    }

    /** Stops listening: connections are refused until {@link #up()}. */
    synchronized void down() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** Listens again on the same port. */
    synchronized void up() throws IOException {
        if (server == null) {
            serveOn(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50));
        }
    }

    private synchronized void serveOn(HttpServer http) {
        http.createContext("/", this::handle);
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.start();
        server = http;
    }

    /** Alert ids accepted (2xx after a valid signature), with how often. */
    Map<String, Integer> accepted() {
        return Map.copyOf(accepted);
    }

    /** Article URLs named by accepted alerts. */
    Set<String> urls() {
        return Set.copyOf(urls);
    }

    int requests() {
        return requests.get();
    }

    int badSignatures() {
        return badSignatures.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            requests.incrementAndGet();
            Mode now = mode;
            if (now == Mode.HANG) {
                try {
                    closed.await(5, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            if (now == Mode.GONE) {
                exchange.sendResponseHeaders(410, -1);
                return;
            }
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            String signatures = exchange.getRequestHeaders().getFirst("webhook-signature");
            if (id == null || timestamp == null || signatures == null || !verifies(id, timestamp, signatures, body)) {
                badSignatures.incrementAndGet();
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            JsonNode data = Json.mapper().readTree(body).path("data");
            for (JsonNode mention : data.path("mentions")) {
                urls.add(mention.path("url").asText());
            }
            accepted.merge(id, 1, Integer::sum);
            exchange.sendResponseHeaders(204, -1);
        }
    }

    private boolean verifies(String id, String timestamp, String signatures, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            byte[] expected = mac.doFinal((id + "." + timestamp + "." + new String(body, StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8));
            for (String candidate : signatures.split(" ")) {
                if (candidate.startsWith("v1,") && MessageDigest.isEqual(expected, Base64.getDecoder().decode(candidate.substring(3)))) {
                    return true;
                }
            }
            return false;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static String newSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return "whsec_" + Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public void close() {
        closed.countDown();
        down();
    }
}
