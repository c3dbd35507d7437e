package dev.wirewatch.core.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.wirewatch.core.kafka.Json;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code GET /health} and {@code GET /metrics} endpoints of one service process, on a small HTTP server.
 *
 * <p>{@code /health} answers 200 with every check when all are up, 503 otherwise; {@code /metrics} is the Prometheus
 * text format of the process's registry, with JVM meters bound. This should be closed on application shutdown.
 */
public final class ServiceEndpoints implements Routes, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceEndpoints.class);

    private final PrometheusMeterRegistry registry;
    private final HealthChecks health;
    private final HttpServer server;
    private final JvmGcMetrics gcMetrics;

    private ServiceEndpoints(PrometheusMeterRegistry registry, HealthChecks health, HttpServer server, JvmGcMetrics gc) {
        this.registry = registry;
        this.health = health;
        this.server = server;
        this.gcMetrics = gc;
    }

    /** A Prometheus registry with the JVM and process meters bound, for a service to register its own meters in. */
    public static PrometheusMeterRegistry newRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }

    /**
     * Starts the endpoints on a host and port (0 for any free port).
     *
     * @throws UncheckedIOException when the port cannot be bound, naming it
     */
    public static ServiceEndpoints start(String host, int port, PrometheusMeterRegistry registry, HealthChecks health) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to bind the health and metrics endpoint on " + host + ":" + port, e);
        }
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        ServiceEndpoints endpoints = new ServiceEndpoints(registry, health, server, gc);
        server.createContext("/health", endpoints::health);
        server.createContext("/metrics", endpoints::metrics);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        LOG.info("Health and metrics at http://{}:{}/health and /metrics", host, endpoints.port());
        return endpoints;
    }

    @Override
    public void mount(String path, com.sun.net.httpserver.HttpHandler handler) {
        server.createContext(path, handler);
    }

    @Override
    public void unmount(String path) {
        try {
            server.removeContext(path);
        } catch (IllegalArgumentException e) {
            // not mounted
        }
    }

    /** The bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Renders the health checks as the JSON body of {@code /health}; also used by the console. */
    public static HealthReport report(HealthChecks health) {
        Map<String, HealthChecks.Status> results = health.run();
        boolean up = results.values().stream().allMatch(HealthChecks.Status::healthy);
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("status", up ? "UP" : "DOWN");
        ObjectNode checks = body.putObject("checks");
        results.forEach((name, status) -> {
            ObjectNode check = checks.putObject(name);
            check.put("status", status.healthy() ? "UP" : "DOWN");
            if (status.detail() != null) {
                check.put("detail", status.detail());
            }
        });
        return new HealthReport(up, body.toString());
    }

    /** The health of a process: whether it is up, and the JSON body. */
    public record HealthReport(boolean up, String json) {
    }

    private void health(HttpExchange exchange) throws IOException {
        HealthReport report = report(health);
        respond(exchange, report.up() ? 200 : 503, "application/json", report.json());
    }

    private void metrics(HttpExchange exchange) throws IOException {
        respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        gcMetrics.close();
    }
}
