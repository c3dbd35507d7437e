package dev.wirewatch.console;

import dev.wirewatch.core.kafka.Json;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one server-sent-events connection from a {@link Broadcaster}: each item as an event with its id and JSON
 * data, and a comment every {@code heartbeat} so that proxies keep the connection and a gone client is noticed.
 *
 * <p>The connection holds its (virtual) request thread until the client goes, the listener falls behind (the client
 * then reconnects) or the console stops.
 */
final class EventStream {

    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);

    private EventStream() {
    }

    static <T> void serve(Context ctx, Broadcaster<T> broadcaster, Predicate<T> filter, String event,
            Function<T, String> idOf, Duration heartbeat) {
        Broadcaster.Listener<T> listener = broadcaster.listen(filter);
        try {
            ctx.res().setStatus(200);
            ctx.res().setCharacterEncoding("UTF-8");
            ctx.res().setContentType("text/event-stream");
            ctx.res().setHeader("Cache-Control", "no-cache");
            ctx.res().setHeader("X-Accel-Buffering", "no");
            OutputStream out = ctx.res().getOutputStream();
            write(out, "retry: 3000\n: connected\n\n");
            while (true) {
                Optional<T> next = listener.queue().poll(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
                if (next == null) {
                    write(out, ": heartbeat\n\n");
                } else if (next.isEmpty()) {
                    if (listener.overflowed()) {
                        write(out, "event: overflow\ndata: {}\n\n");
                    }
                    break;
                } else {
                    T item = next.get();
                    write(out, "event: " + event + "\nid: " + idOf.apply(item) + "\ndata: "
                            + Json.mapper().writeValueAsString(item) + "\n\n");
                }
            }
        } catch (IOException e) {
            LOG.debug("[console] {} stream closed by the client: {}", event, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            broadcaster.remove(listener);
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
