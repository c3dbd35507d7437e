package dev.wirewatch.launcher.demo;

import com.sun.net.httpserver.HttpExchange;
import dev.wirewatch.core.net.AddressPolicy;
import dev.wirewatch.core.net.Cidr;
import dev.wirewatch.core.net.Egress;
import dev.wirewatch.core.net.EgressException;
import dev.wirewatch.core.net.Forms;
import dev.wirewatch.core.net.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo news site's WebSub hub (W3C WebSub) for its world feed: it verifies each subscriber's intent, then pushes
 * the feed, signed with {@code X-Hub-Signature: sha256=...}, whenever the site publishes to it. Requests leave through
 * core's egress path, to 127.0.0.0/8 only.
 */
final class DemoHub implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoHub.class);

    private record Subscriber(String topic, String callback, String secret) {
    }

    private final Egress egress = Egress.builder(AddressPolicy.allowing(List.of(Cidr.parse("127.0.0.0/8"))))
            .deadline(Duration.ofSeconds(10)).maxRedirects(0).maxBodyBytes(64 * 1024).userAgent("DemoWire-Hub/1")
            .threadName("demo-hub").build();
    private final Map<String, Subscriber> subscribers = new ConcurrentHashMap<>();

    /** Handles {@code POST /hub}: (un)subscription requests, verified asynchronously (202 now). */
    void handle(HttpExchange exchange) throws IOException {
        Map<String, String> form = Forms.parse(new String(exchange.getRequestBody().readNBytes(64 * 1024), StandardCharsets.UTF_8));
        String mode = form.getOrDefault("hub.mode", "");
        String callback = form.get("hub.callback");
        String topic = form.get("hub.topic");
        if (!"POST".equals(exchange.getRequestMethod()) || callback == null || topic == null
                || !(mode.equals("subscribe") || mode.equals("unsubscribe"))) {
            exchange.sendResponseHeaders(400, -1);
            return;
        }
        exchange.sendResponseHeaders(202, -1);
        Thread.ofVirtual().name("demo-hub-verify").start(() -> verify(mode, topic, callback, form.get("hub.secret"),
                form.getOrDefault("hub.lease_seconds", "86400")));
    }

    private void verify(String mode, String topic, String callback, String secret, String lease) {
        String challenge = UUID.randomUUID().toString();
        String url = callback + (callback.contains("?") ? "&" : "?") + "hub.mode=" + mode + "&hub.topic=" + Forms.encode(topic)
                + "&hub.challenge=" + challenge + (mode.equals("subscribe") ? "&hub.lease_seconds=" + Forms.encode(lease) : "");
        try {
            Response response = egress.get(url, Map.of());
            if (response.status() != 200 || !challenge.equals(response.text())) {
                LOG.info("Demo hub: {} of {} not confirmed by {} ({})", mode, topic, callback, response.status());
                return;
            }
            if (mode.equals("subscribe")) {
                subscribers.put(callback, new Subscriber(topic, callback, secret));
            } else {
                subscribers.remove(callback);
            }
            LOG.info("Demo hub: {} of {} verified", mode, topic);
        } catch (EgressException e) {
            LOG.info("Demo hub: verifying {} failed: {}", callback, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Pushes a new version of a topic to its subscribers; returns how many it goes to. */
    int publish(String topic, String contentType, byte[] body) {
        int pushed = 0;
        for (Subscriber s : subscribers.values()) {
            if (!s.topic().equals(topic)) {
                continue;
            }
            pushed++;
            Thread.ofVirtual().name("demo-hub-push").start(() -> {
                try {
                    Map<String, String> headers = new HashMap<>();
                    headers.put("Content-Type", contentType);
                    if (s.secret() != null) {
                        headers.put("X-Hub-Signature", "sha256=" + sign(s.secret(), body));
                    }
                    Response response = egress.post(s.callback(), headers, body);
                    if (response.status() / 100 != 2) {
                        LOG.info("Demo hub: push to {} answered {}", s.callback(), response.status());
                    }
                } catch (EgressException e) {
                    LOG.info("Demo hub: push to {} failed: {}", s.callback(), e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        return pushed;
    }

    private static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA256", e);
        }
    }

    @Override
    public void close() {
        egress.close();
    }
}
