package dev.wirewatch.collector;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.wirewatch.core.net.Forms;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small WebSub hub (W3C WebSub, sections 5 to 7) on a real HTTP server: it accepts subscription requests, verifies
 * the subscriber's intent with a random challenge before it records a subscription, and distributes content with
 * {@code X-Hub-Signature} under each subscription's secret. It can be told to fail, to sign with SHA-1, and to grant a
 * short lease.
 */
final class TestHub implements AutoCloseable {

    /** A verified subscription as the hub keeps it. */
    record Subscription(String topic, String callback, String secret, long leaseSeconds) {
    }

    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    final Map<String, Subscription> verified = new ConcurrentHashMap<>();
    final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger failedVerifications = new AtomicInteger();
    volatile int answerStatus = 202;
    volatile String signatureMethod = "sha256";
    volatile long grantedLeaseSeconds = 0; // 0: the lease asked for
    /** When false the hub accepts requests (202) and never verifies them, as a hub that silently stopped working. */
    volatile boolean verifying = true;

    TestHub() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/hub", this::request);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hub";
    }

    long subscribeRequests() {
        return requests("subscribe");
    }

    long requests(String mode) {
        return requests.stream().filter(r -> mode.equals(r.get("hub.mode"))).count();
    }

    private void request(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> form = Forms.parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            requests.add(form);
            int status = answerStatus;
            exchange.sendResponseHeaders(status, -1);
            if (status != 202 || !verifying) {
                return;
            }
            Thread.ofVirtual().start(() -> verify(form));
        }
    }

    /** Verifies intent (section 5.3): the subscription counts only when the callback echoes the challenge. */
    private void verify(Map<String, String> form) {
        String challenge = UUID.randomUUID().toString();
        String mode = form.get("hub.mode");
        long lease = grantedLeaseSeconds > 0 ? grantedLeaseSeconds : Long.parseLong(form.getOrDefault("hub.lease_seconds", "3600"));
        String callback = form.get("hub.callback");
        String query = "hub.mode=" + mode + "&hub.topic=" + Forms.encode(form.get("hub.topic")) + "&hub.challenge=" + Forms.encode(challenge)
                + (mode.equals("subscribe") ? "&hub.lease_seconds=" + lease : "");
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(callback + (callback.contains("?") ? "&" : "?") + query))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2 || !challenge.equals(response.body())) {
                failedVerifications.incrementAndGet();
                return;
            }
            if (mode.equals("subscribe")) {
                verified.put(callback, new Subscription(form.get("hub.topic"), callback, form.get("hub.secret"), lease));
            } else {
                verified.remove(callback);
            }
        } catch (IOException e) {
            failedVerifications.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Distributes content (section 7) to every verified subscriber of the topic; returns their answers' statuses. */
    List<Integer> publish(String topic, String contentType, byte[] body) throws IOException, InterruptedException {
        List<Integer> statuses = new CopyOnWriteArrayList<>();
        for (Subscription s : verified.values()) {
            if (s.topic().equals(topic)) {
                statuses.add(deliver(s.callback(), contentType, body, signatureMethod + "=" + sign(signatureMethod, s.secret(), body)));
            }
        }
        return statuses;
    }

    int deliver(String callback, String contentType, byte[] body, String signature) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(callback)).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", contentType);
        if (signature != null) {
            request.header("X-Hub-Signature", signature);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static String sign(String method, String secret, byte[] body) {
        String algorithm = switch (method) {
            case "sha1" -> "HmacSHA1";
            case "sha256" -> "HmacSHA256";
            default -> throw new IllegalArgumentException(method);
        };
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance(algorithm);
            mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        client.close();
    }
}
