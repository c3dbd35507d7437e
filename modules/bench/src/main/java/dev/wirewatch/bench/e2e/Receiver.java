package dev.wirewatch.bench.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.wirewatch.alerter.webhook.WebhookSignature;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscribers' webhook endpoint: verifies the Standard Webhooks signature of every delivery with the alerter's own
 * {@link WebhookSignature} and the subscription's secret, and records when each alert id first arrived.
 *
 * <p>Subscription {@code i} posts to {@code /hook/i}. A delivery that does not verify is answered 401 and counted.
 * The server runs on named platform threads, so its CPU time is the bench's, not the alerter's. This should be closed
 * at the end of the run.
 */
final class Receiver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Receiver.class);
    private static final int LOGGED_FAILURES = 5;

    private final HttpServer server;
    private final ExecutorService pool;
    private final WebhookSignature[] signers;
    private volatile Ledger ledger;
    final AtomicLong requests = new AtomicLong();
    final AtomicLong signatureFailures = new AtomicLong();

    /**
     * @param host the address to bind to and to name in {@link #base()}; the alerters must reach it
     */
    Receiver(int subscriptions, String host) throws IOException {
        this.signers = new WebhookSignature[subscriptions];
        for (int i = 0; i < subscriptions; i++) {
            signers[i] = WebhookSignature.of(Workload.secret(i));
        }
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(8,
                r -> Thread.ofPlatform().name("bench-receiver-" + threads.incrementAndGet()).daemon(true).unstarted(r));
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), 0), 1024);
        server.createContext("/hook/", this::receive);
        server.setExecutor(pool);
        server.start();
    }

    /** The base URL; subscription {@code i} uses {@code base + "/" + i}. */
    String base() {
        String host = server.getAddress().getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.getAddress().getPort() + "/hook";
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            long now = System.currentTimeMillis();
            requests.incrementAndGet();
            String path = exchange.getRequestURI().getPath();
            int index;
            try {
                index = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
            } catch (NumberFormatException e) {
                index = -1;
            }
            if (index < 0 || index >= signers.length) {
                fail(exchange, "unknown hook " + path);
                return;
            }
            try {
                signers[index].verify(exchange.getRequestHeaders(), body, Instant.ofEpochMilli(now));
            } catch (WebhookSignature.VerificationException e) {
                fail(exchange, e.getMessage());
                return;
            }
            exchange.sendResponseHeaders(204, -1);
            record(exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER_ID), now);
        } catch (IOException | RuntimeException e) {
            LOG.debug("Receiver: a request failed: {}", e.toString());
        }
    }

    /** Records deliveries in {@code ledger} from now on. */
    void deliverTo(Ledger ledger) {
        this.ledger = ledger;
    }

    private void record(String alertId, long now) {
        Ledger ledger = this.ledger;
        if (ledger == null || alertId == null) {
            return;
        }
        Ledger.AlertEntry alert = ledger.alert(alertId);
        boolean first;
        synchronized (alert) {
            first = alert.deliveredAt < 0;
            if (first) {
                alert.deliveredAt = now;
            }
        }
        if (first) {
            ledger.deliveries.incrementAndGet();
            ledger.deliveriesSeen.add(now, 1);
        } else {
            ledger.duplicateDeliveries.incrementAndGet();
        }
    }

    private void fail(HttpExchange exchange, String reason) throws IOException {
        long n = signatureFailures.incrementAndGet();
        if (n <= LOGGED_FAILURES) {
            LOG.error("Receiver: delivery {} refused: {}", exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER_ID),
                    reason);
        }
        exchange.sendResponseHeaders(401, -1);
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
