package dev.wirewatch.collector;

import java.time.Duration;
import java.util.Locale;

/** A fetch that did not give a usable response; {@link #kind()} is the tag under which it is counted. */
public final class FetchException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a fetch failed, as counted in {@code wirewatch.collector.errors{kind}}. */
    public enum Kind {
        /** a scheme other than http(s), or an address that is private and not allowed */
        FORBIDDEN,
        /** the body, compressed or decompressed, is over the cap */
        TOO_LARGE,
        /** connecting or receiving the whole response took too long */
        TIMEOUT,
        /** too many redirects, a redirect loop or a redirect without a usable Location */
        REDIRECTS,
        /** 429 or 503: the server asks us to slow down */
        RATE_LIMITED,
        /** any other status that is not 2xx or 304 */
        HTTP_STATUS,
        /** a content encoding that could not be decoded */
        DECODING,
        /** connection refused, reset, DNS failure */
        NETWORK;

        /** The metric tag value. */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Kind kind;
    private final int status;
    private final transient Duration retryAfter;

    FetchException(Kind kind, String message) {
        this(kind, message, 0, null, null);
    }

    FetchException(Kind kind, String message, Throwable cause) {
        this(kind, message, 0, null, cause);
    }

    FetchException(Kind kind, String message, int status, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status, or 0 when there was no response. */
    public int status() {
        return status;
    }

    /** The server's {@code Retry-After}, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
