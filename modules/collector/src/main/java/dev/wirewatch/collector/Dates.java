package dev.wirewatch.collector;

import com.rometools.rome.io.impl.DateParser;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.Locale;

/** Dates in the forms that feeds and pages use: RFC 3339 / ISO 8601 (with or without zone), RFC 822/1123 and Rome's masks. */
final class Dates {

    private Dates() {
    }

    /** The instant a date text denotes, or null when it cannot be read; a date without a zone is taken as UTC. */
    static Instant parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip();
        try {
            return OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return ZonedDateTime.parse(t, DateTimeFormatter.ISO_ZONED_DATE_TIME).toInstant();
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            // +0200 without a colon, as some pages write it
            if (t.matches(".*T.*[+-]\\d{4}$")) {
                return OffsetDateTime.parse(t.substring(0, t.length() - 2) + ":" + t.substring(t.length() - 2),
                        DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            }
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return LocalDateTime.parse(t.replace(' ', 'T'), DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return LocalDate.parse(t.length() > 10 && t.charAt(10) == 'T' ? t.substring(0, 10) : t,
                    DateTimeFormatter.ISO_LOCAL_DATE).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return ZonedDateTime.parse(t, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        Date rome = DateParser.parseDate(t, Locale.ROOT);
        return rome == null ? null : rome.toInstant();
    }

    static Instant of(Date date) {
        return date == null ? null : date.toInstant();
    }
}
