package dev.wirewatch.article;

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
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Dates in the forms that feeds and pages use: RFC 3339 / ISO 8601 (with or without zone), RFC 822/1123 and Rome's masks. */
public final class Dates {

    private Dates() {
    }

    /** The instant a date text denotes, or null when it cannot be read; a date without a zone is taken as UTC. */
    public static Instant parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip();
        if (t.length() < 8) {
            return null;
        }
        if (!(Character.isDigit(t.charAt(0)) && t.length() >= 10 && t.charAt(4) == '-')) {
            // not ISO 8601: RFC 822 and its variants, spared the exceptions of the ISO parsers
            return rfc822(t);
        }
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
        return rfc822(t);
    }

    private static Instant rfc822(String t) {
        try {
            return ZonedDateTime.parse(t, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        Instant like = rfc822Like(t);
        if (like != null) {
            return like;
        }
        Date rome = DateParser.parseDate(t, Locale.ROOT);
        return rome == null ? null : rome.toInstant();
    }

    private static final Pattern RFC822_LIKE = Pattern.compile(
            "^(?:[\\p{L}.]+,?\\s+)?(\\d{1,2})\\s+([\\p{L}]+)\\.?\\s+(\\d{2,4})\\s+(\\d{1,2}):(\\d{2})(?::(\\d{2}))?\\s*([+-]\\d{4}|[A-Za-z]{1,5})?\\s*$");
    private static final Map<String, Integer> MONTHS = months();
    private static final Map<String, String> ZONES = Map.ofEntries(Map.entry("UT", "Z"), Map.entry("UTC", "Z"),
            Map.entry("GMT", "Z"), Map.entry("Z", "Z"), Map.entry("EST", "-05:00"), Map.entry("EDT", "-04:00"),
            Map.entry("CST", "-06:00"), Map.entry("CDT", "-05:00"), Map.entry("MST", "-07:00"), Map.entry("MDT", "-06:00"),
            Map.entry("PST", "-08:00"), Map.entry("PDT", "-07:00"), Map.entry("CET", "+01:00"), Map.entry("CEST", "+02:00"),
            Map.entry("MEZ", "+01:00"), Map.entry("MESZ", "+02:00"), Map.entry("BST", "+01:00"), Map.entry("IST", "+05:30"),
            Map.entry("JST", "+09:00"), Map.entry("AEST", "+10:00"));

    private static Map<String, Integer> months() {
        String[][] names = {
            {"jan", "ene", "gen", "jän", "janv"}, {"feb", "fév", "fev", "febr"}, {"mar", "mär", "mrz", "maa"},
            {"apr", "abr", "avr"}, {"may", "mai", "mag", "mei", "mayo"}, {"jun", "jui", "giu", "juin"},
            {"jul", "juil", "lug"}, {"aug", "ago", "aoû", "aou"}, {"sep", "set", "sept"}, {"oct", "okt", "ott", "out"},
            {"nov"}, {"dec", "dic", "déc", "dez", "des"}};
        Map<String, Integer> out = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            for (String n : names[i]) {
                out.put(n, i + 1);
            }
        }
        return Map.copyOf(out);
    }

    /** RFC 822 dates with zone names (PST) or day and month names in other languages ({@code mer, 16 nov 2022}). */
    static Instant rfc822Like(String text) {
        Matcher m = RFC822_LIKE.matcher(text);
        if (!m.matches()) {
            return null;
        }
        String month = m.group(2).toLowerCase(Locale.ROOT);
        Integer number = MONTHS.get(month);
        if (number == null && month.length() > 3) {
            number = MONTHS.get(month.substring(0, 4));
        }
        if (number == null && month.length() >= 3) {
            number = MONTHS.get(month.substring(0, 3));
        }
        if (number == null) {
            return null;
        }
        int year = Integer.parseInt(m.group(3));
        if (year < 100) {
            year += year < 70 ? 2000 : 1900;
        }
        String zone = m.group(7) == null ? "Z" : m.group(7).toUpperCase(Locale.ROOT);
        String offset = zone.startsWith("+") || zone.startsWith("-") ? zone.substring(0, 3) + ":" + zone.substring(3) : ZONES.get(zone);
        if (offset == null) {
            offset = "Z";
        }
        try {
            return OffsetDateTime.of(year, number, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(4)),
                    Integer.parseInt(m.group(5)), m.group(6) == null ? 0 : Integer.parseInt(m.group(6)), 0,
                    ZoneOffset.of(offset)).toInstant();
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    public static Instant of(Date date) {
        return date == null ? null : date.toInstant();
    }
}
