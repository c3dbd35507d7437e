package dev.wirewatch.alerter.delivery;

import java.time.Duration;

/**
 * What one attempt at sending an alert came to.
 *
 * @param status the HTTP status, or null (no response, or not HTTP)
 * @param retryAfter how long the endpoint asked us to wait (429 or 503 with {@code Retry-After}), or null
 */
record SendResult(Kind kind, Integer status, String error, Duration retryAfter) {

    enum Kind {
        /** The endpoint took the alert (2xx, or the SMTP server accepted it). */
        DELIVERED,
        /** A failure worth retrying: 3xx, 4xx, 5xx, timeouts, refused connections. */
        RETRY,
        /** The endpoint is gone for good (410): the subscription is disabled. */
        GONE,
        /** The alert cannot be sent and retrying will not help: unsafe URL, bad secret, no SMTP server, bad address. */
        REFUSED
    }

    static SendResult delivered(Integer status) {
        return new SendResult(Kind.DELIVERED, status, null, null);
    }

    static SendResult retry(Integer status, String error, Duration retryAfter) {
        return new SendResult(Kind.RETRY, status, error, retryAfter);
    }

    static SendResult gone(Integer status, String error) {
        return new SendResult(Kind.GONE, status, error, null);
    }

    static SendResult refused(String error) {
        return new SendResult(Kind.REFUSED, null, error, null);
    }

    /** The same result with another error text. */
    SendResult withError(String text) {
        return new SendResult(kind, status, text, retryAfter);
    }
}
