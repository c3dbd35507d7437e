package dev.wirewatch.core.net;

import java.time.Duration;
import java.util.Locale;

/** A request that did not get a usable response; {@link #kind()} is the tag under which the caller counts it. */
public final class EgressException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a request failed; {@link #tag()} is the metric tag. */
    public enum Kind {
        /** a scheme other than http(s), user info, or an address that is private and not allowed */
        FORBIDDEN,
        /** the body, compressed or decompressed, is over the cap */
        TOO_LARGE,
        /** connecting or receiving the whole response took longer than the deadline */
        TIMEOUT,
        /** too many redirects, a redirect loop or a redirect without a usable Location */
        REDIRECTS,
        /** 429 or 503, or a host that asked us to wait: the server asks us to slow down */
        RATE_LIMITED,
        /** any other status that the caller cannot use */
        HTTP_STATUS,
        /** a content encoding that could not be decoded */
        DECODING,
        /** connection refused or reset, a host that does not resolve */
        NETWORK;

        /** The metric tag value: the name in lower case. */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Kind kind;
    private final int status;
    private final transient Duration retryAfter;

    public EgressException(Kind kind, String message) {
        this(kind, message, 0, null, null);
    }

    public EgressException(Kind kind, String message, Throwable cause) {
        this(kind, message, 0, null, cause);
    }

    public EgressException(Kind kind, String message, int status, Duration retryAfter, Throwable cause) {
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

    /** How long the server asked us to wait, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
