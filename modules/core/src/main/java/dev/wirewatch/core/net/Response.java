package dev.wirewatch.core.net;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A response that {@link Egress} read whole: its status, the URL that gave it (after redirects), its headers and its
 * body, decoded from gzip or deflate and never longer than the cap (an error body is cut at the cap).
 */
public record Response(int status, URI uri, HttpHeaders headers, byte[] body) {

    /** Whether the status is 2xx. */
    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    /** The {@code Content-Type} header, or null. */
    public String contentType() {
        return header("Content-Type");
    }

    /** The charset the {@code Content-Type} declares, when it declares one this JVM knows. */
    public Optional<Charset> charset() {
        return HeaderValues.charset(contentType());
    }

    /** The body as text in its declared charset, UTF-8 when none is declared. */
    public String text() {
        return new String(body, charset().orElse(StandardCharsets.UTF_8));
    }

    /** The server's {@code Retry-After}, or null when it sent none that can be read. */
    public Duration retryAfter(Instant now) {
        return HeaderValues.retryAfter(header("Retry-After"), now);
    }

    /**
     * Returns this response when its status is 2xx.
     *
     * @throws EgressException RATE_LIMITED for 429 and 503 (with the server's {@code Retry-After}), HTTP_STATUS for
     *     any other status
     */
    public Response requireOk() throws EgressException {
        if (ok()) {
            return this;
        }
        if (status == 429 || status == 503) {
            Duration wait = retryAfter(Instant.now());
            throw new EgressException(EgressException.Kind.RATE_LIMITED, "HTTP " + status + " from " + uri
                    + (wait == null ? "" : ", retry after " + wait.toSeconds() + "s"), status, wait, null);
        }
        throw new EgressException(EgressException.Kind.HTTP_STATUS, "HTTP " + status + " from " + uri, status, null, null);
    }
}
