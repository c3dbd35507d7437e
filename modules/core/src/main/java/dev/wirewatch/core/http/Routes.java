package dev.wirewatch.core.http;

import com.sun.net.httpserver.HttpHandler;

/** Paths a stage serves on its process's HTTP port, beside {@code /health} and {@code /metrics}. */
public interface Routes {

    /** Serves every request whose path starts with {@code path}. */
    void mount(String path, HttpHandler handler);

    /** Stops serving a path mounted before; nothing when it is not. */
    void unmount(String path);

    /** No HTTP port: nothing is served. */
    Routes NONE = new Routes() {
        @Override
        public void mount(String path, HttpHandler handler) {
        }

        @Override
        public void unmount(String path) {
        }
    };
}
