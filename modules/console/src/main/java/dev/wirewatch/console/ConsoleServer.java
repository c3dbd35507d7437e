package dev.wirewatch.console;

import dev.wirewatch.core.http.HealthChecks;
import dev.wirewatch.core.http.ServiceEndpoints;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wirewatch.core.kafka.Json;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's HTTP server (Javalin on Jetty): the dashboard's static files at {@code /}, the {@code /api} routes
 * behind {@link Auth}, and {@code /health} and {@code /metrics} as {@code console.endpoints} says (behind a read key
 * by default, so that an Ingress on {@code /} does not publish them). Errors are JSON ({@code {"error", "field", ...}});
 * an unexpected failure answers 500 with an error id that is logged with the stack trace, never the exception's text.
 * Request bodies are capped however they are sent ({@link BodyCap}). This should be closed on shutdown.
 */
final class ConsoleServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);
    static final String WEB_ROOT = "/wirewatch-console/web";
    private static final String OPENAPI = "/wirewatch-console/openapi.json";
    private static final String API_ERROR_SEEN = "wirewatch.api-error";
    private static final SecureRandom ERROR_IDS = new SecureRandom();
    private static final Map<String, String> SECURITY_HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                    + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "X-Frame-Options", "DENY");

    private final Javalin app;
    private final Routes routes;

    private ConsoleServer(Javalin app, Routes routes) {
        this.app = app;
        this.routes = routes;
    }

    /**
     * Starts the server on a host and port (0: any free port) with the given API sections.
     *
     * @param sections each registers its routes
     */
    static ConsoleServer start(String host, int port, Auth auth, MeterRegistry meters, HealthChecks health,
            List<Consumer<Routes>> sections) {
        return start(host, port, auth, meters, health, sections, new Limits(5_000_000, "key"));
    }

    /**
     * The server's limits.
     *
     * @param maxBodyBytes the largest request body
     * @param endpoints key, open or off: how {@code /health} and {@code /metrics} are served on this port
     */
    record Limits(int maxBodyBytes, String endpoints) {
    }

    static ConsoleServer start(String host, int port, Auth auth, MeterRegistry meters, HealthChecks health,
            List<Consumer<Routes>> sections, Limits limits) {
        Counter serverErrors = ConsoleMeters.errors(meters, "http-500");
        BodyCap bodyCap = new BodyCap(limits.maxBodyBytes(), ConsoleMeters.errors(meters, "body-too-large"));
        byte[] openapi = resource(OPENAPI);
        AtomicReference<Routes> declared = new AtomicReference<>();
        Javalin app = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.startup.startupWatcherEnabled = false;
            config.jsonMapper(new JavalinJackson(Json.mapper(), true));
            config.http.prefer405over404 = true;
            config.http.maxRequestSize = limits.maxBodyBytes();
            config.jetty.modifyServletContextHandler(handler -> handler.addFilter(new FilterHolder(bodyCap), "/*",
                    EnumSet.of(DispatcherType.REQUEST)));
            config.router.ignoreTrailingSlashes = true;
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = WEB_ROOT;
                files.location = Location.CLASSPATH;
                files.headers = Map.of("Cache-Control", "no-cache");
            });
            config.requestLogger.http((ctx, ms) -> Timer.builder(ConsoleMeters.HTTP)
                    .tag("method", ctx.method().name()).tag("route", route(ctx))
                    .tag("status", Integer.toString(ctx.statusCode()))
                    .description("console HTTP requests").register(meters)
                    .record(ms.longValue(), TimeUnit.MILLISECONDS));
            declared.set(declareRoutes(config.routes, auth, meters, health, sections, limits, openapi, serverErrors));
        });
        Routes routes = declared.get();
        try {
            app.start(host, port);
        } catch (RuntimeException e) {
            app.stop();
            throw new IllegalStateException("Failed to start the console on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        LOG.info("[console] API and dashboard at http://{}:{}/ ({} API routes)", host, app.port(), routes.all().size());
        return new ConsoleServer(app, routes);
    }

    /** Declares every route and error handler (Javalin 7 takes them in its configuration). */
    private static Routes declareRoutes(RoutesConfig app, Auth auth, MeterRegistry meters, HealthChecks health,
            List<Consumer<Routes>> sections, Limits limits, byte[] openapi, Counter serverErrors) {
        app.before(ctx -> SECURITY_HEADERS.forEach(ctx::header));
        app.before("/api/*", ctx -> {
            if (!ctx.method().name().equals("OPTIONS")) {
                auth.authenticate(ctx);
            }
        });
        if (!limits.endpoints().equals("off")) {
            boolean keyed = limits.endpoints().equals("key");
            app.get("/health", ctx -> {
                if (keyed) {
                    auth.authorize(authenticated(auth, ctx), Role.READ);
                }
                ServiceEndpoints.HealthReport report = ServiceEndpoints.report(health);
                ctx.status(report.up() ? 200 : 503).contentType("application/json").result(report.json());
            });
            app.get("/metrics", ctx -> {
                if (keyed) {
                    auth.authorize(authenticated(auth, ctx), Role.READ);
                }
                if (meters instanceof PrometheusMeterRegistry prometheus) {
                    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(prometheus.scrape());
                } else {
                    ctx.status(503).contentType("text/plain").result("metrics are not kept in Prometheus form in this process\n");
                }
            });
        }
        Routes routes = new Routes(app, auth);
        routes.get("/api/openapi.json", Role.READ, ctx -> ctx.contentType("application/json").result(openapi));
        sections.forEach(section -> section.accept(routes));

        app.exception(ApiError.class, (e, ctx) -> {
            ctx.attribute(API_ERROR_SEEN, true);
            ctx.status(e.status()).json(e.body());
        });
        app.exception(HttpResponseException.class, (e, ctx) -> {
            ctx.attribute(API_ERROR_SEEN, true);
            ctx.status(e.getStatus()).json(ApiError.body(e.getMessage(), null, null, null));
        });
        app.exception(Exception.class, (e, ctx) -> {
            serverErrors.increment();
            String errorId = errorId();
            LOG.error("[console] {} {} failed (error id {})", ctx.method(), ctx.path(), errorId, e);
            ctx.attribute(API_ERROR_SEEN, true);
            ObjectNode body = ApiError.body("internal error (error id " + errorId + "; the console's log has the details)",
                    null, null, null);
            body.put("errorId", errorId);
            ctx.status(500).json(body);
        });
        app.error(404, ctx -> notFound(ctx, "no such endpoint: " + ctx.method() + " " + ctx.path()));
        app.error(405, ctx -> notFound(ctx, "method " + ctx.method() + " is not allowed on " + ctx.path()));
        return routes;
    }

    private static Context authenticated(Auth auth, Context ctx) {
        auth.authenticate(ctx);
        return ctx;
    }

    /** A short random id that ties a 500 answer to its log line. */
    static String errorId() {
        byte[] bytes = new byte[6];
        ERROR_IDS.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void notFound(Context ctx, String message) {
        if (Boolean.TRUE.equals(ctx.attribute(API_ERROR_SEEN)) || !ctx.path().startsWith("/api")) {
            return;
        }
        ctx.json(ApiError.body(message, null, null, null));
    }

    private static String route(Context ctx) {
        try {
            Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
            String path = endpoint == null ? null : endpoint.path;
            return path == null || path.isEmpty() || path.equals("*") ? "other" : path;
        } catch (RuntimeException e) {
            return "other";
        }
    }

    private static byte[] resource(String path) {
        try (InputStream in = ConsoleServer.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("The console's resource " + path + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read " + path, e);
        }
    }

    int port() {
        return app.port();
    }

    List<Routes.Route> routes() {
        return routes.all();
    }

    @Override
    public void close() {
        app.stop();
    }

    /** The heartbeat of live streams. */
    static Duration heartbeat() {
        return Duration.ofSeconds(15);
    }
}
