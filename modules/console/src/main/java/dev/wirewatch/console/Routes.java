package dev.wirewatch.console;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.ArrayList;
import java.util.List;

/**
 * Registers the {@code /api} routes, each with the role it needs, and keeps the list (for the OpenAPI document's
 * completeness test and the log).
 */
final class Routes {

    /** One route: method, Javalin path ({@code /api/topics/{id}}), needed role. */
    record Route(String method, String path, Role role) {
    }

    private final JavalinDefaultRoutingApi app;
    private final Auth auth;
    private final List<Route> routes = new ArrayList<>();

    Routes(JavalinDefaultRoutingApi app, Auth auth) {
        this.app = app;
        this.auth = auth;
    }

    void get(String path, Role role, Handler handler) {
        add(HandlerType.GET, path, role, handler);
    }

    void post(String path, Role role, Handler handler) {
        add(HandlerType.POST, path, role, handler);
    }

    void put(String path, Role role, Handler handler) {
        add(HandlerType.PUT, path, role, handler);
    }

    void delete(String path, Role role, Handler handler) {
        add(HandlerType.DELETE, path, role, handler);
    }

    private void add(HandlerType type, String path, Role role, Handler handler) {
        routes.add(new Route(type.name(), path, role));
        app.addHttpHandler(type, path, ctx -> {
            auth.authorize(ctx, role);
            handler.handle(ctx);
        });
    }

    List<Route> all() {
        return List.copyOf(routes);
    }
}
