package dev.wirewatch.core.net;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/** Reads the HTTP header values that every caller of the network needs: {@code Retry-After} and the charset. */
public final class HeaderValues {

    private HeaderValues() {
    }

    /**
     * Reads a {@code Retry-After} header: delay seconds or an HTTP date.
     *
     * @return the wait (zero for a date in the past), or null when the header is missing or not understood
     */
    public static Duration retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.strip();
        if (value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            try {
                return Duration.ofSeconds(Long.parseLong(value));
            } catch (NumberFormatException e) {
                return null; // more seconds than a long holds is not a delay anyone means
            }
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The charset a {@code Content-Type} declares ({@code text/html; charset="ISO-8859-1"}), when it names one this
     * JVM knows; {@code utf8} and {@code latin1}, which pages write, are read as UTF-8 and ISO-8859-1.
     */
    public static Optional<Charset> charset(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        for (String part : contentType.split(";")) {
            String p = part.strip();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).strip().toLowerCase(Locale.ROOT).equals("charset")) {
                return charsetNamed(p.substring(eq + 1).replace("\"", "").replace("'", ""));
            }
        }
        return Optional.empty();
    }

    /** The charset of a name as pages write it, when this JVM knows it. */
    public static Optional<Charset> charsetNamed(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (n.equals("utf8") || n.equals("unicode-1-1-utf-8")) {
            return Optional.of(StandardCharsets.UTF_8);
        }
        if (n.equals("latin1") || n.equals("latin-1")) {
            return Optional.of(StandardCharsets.ISO_8859_1);
        }
        try {
            return n.isEmpty() ? Optional.empty() : Optional.of(Charset.forName(n));
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return Optional.empty();
        }
    }
}
