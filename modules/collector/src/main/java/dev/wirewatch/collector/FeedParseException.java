package dev.wirewatch.collector;

/** A document that is not a feed the collector can read; the message says why in one line. */
public final class FeedParseException extends Exception {

    private static final long serialVersionUID = 1L;

    public FeedParseException(String message) {
        super(message);
    }

    public FeedParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
