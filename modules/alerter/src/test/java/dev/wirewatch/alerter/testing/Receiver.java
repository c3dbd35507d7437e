package dev.wirewatch.alerter.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP endpoint on 127.0.0.1 and a free port that records every request and answers as a script says: fail,
 * time out, answer 410 or 429 with {@code Retry-After}, redirect, recover. This should be closed after the test.
 */
public final class Receiver implements AutoCloseable {

    /** One request as received. */
    public record Request(String path, Map<String, List<String>> headers, byte[] body, Instant at, int attemptOfId) {

        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** How to answer one request. */
    public record Reply(int status, Map<String, String> headers, String body, Duration delay) {

        public static Reply status(int status) {
            return new Reply(status, Map.of(), "", Duration.ZERO);
        }

        public static Reply ok() {
            return status(204);
        }

        public static Reply retryAfter(int status, String retryAfter) {
            return new Reply(status, Map.of("Retry-After", retryAfter), "slow down", Duration.ZERO);
        }

        public static Reply redirect(String location) {
            return new Reply(302, Map.of("Location", location), "", Duration.ZERO);
        }

        /** Holds the connection without answering for this long, then answers 500. */
        public static Reply hang(Duration delay) {
            return new Reply(500, Map.of(), "", delay);
        }

        /** Answers 204 after a while: a slow but working endpoint. */
        public static Reply slowOk(Duration delay) {
            return new Reply(204, Map.of(), "", delay);
        }
    }

    /** The script: the reply to a request, given how many times its {@code webhook-id} was seen (1 the first). */
    @FunctionalInterface
    public interface Script {
        Reply reply(Request request);
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> attemptsById = new ConcurrentHashMap<>();
    private final java.util.Set<String> accepted = ConcurrentHashMap.newKeySet();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile Script script;

    private Receiver(Script script) throws IOException {
        this.script = script;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    public static Receiver start(Script script) throws IOException {
        return new Receiver(script);
    }

    public static Receiver accepting() throws IOException {
        return start(r -> Reply.ok());
    }

    public void script(Script next) {
        this.script = next;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            int attempt = attemptsById.computeIfAbsent(id == null ? "" : id, k -> new AtomicInteger()).incrementAndGet();
            Request request = new Request(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()),
                    body, Instant.now(), attempt);
            Reply reply = script.reply(request);
            requests.add(request);
            if (!reply.delay().isZero()) {
                try {
                    closing.await(reply.delay().toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
            if (reply.status() >= 200 && reply.status() < 300 && id != null) {
                accepted.add(id);
            }
            if (out.length > 0) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            }
        } catch (IOException e) {
            // the client gave up (timeout): nothing to answer
        }
    }

    /** The base URL, such as {@code http://127.0.0.1:41234}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The {@code webhook-id}s that were answered with 2xx. */
    public java.util.Set<String> accepted() {
        return java.util.Set.copyOf(accepted);
    }

    /** The distinct {@code webhook-id}s received. */
    public java.util.Set<String> ids() {
        java.util.Set<String> ids = new java.util.TreeSet<>();
        for (Request r : requests) {
            String id = r.header("webhook-id");
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }
}
