package dev.wirewatch.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wirewatch.core.config.Nearest;
import dev.wirewatch.core.kafka.Json;
import io.javalin.http.Context;
import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Reading and checking request bodies and parameters, with errors that name the field at fault. */
final class Requests {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private Requests() {
    }

    /**
     * The JSON object in the request body, which may hold only {@code fields}: a field the API does not read is
     * refused rather than silently dropped, so that a misspelt one ({@code "colour"}) is not mistaken for accepted.
     */
    static ObjectNode body(Context ctx, Set<String> fields) {
        ObjectNode body = body(ctx);
        onlyFields(body, null, fields);
        return body;
    }

    /** Refuses a field of {@code node} (an object at {@code prefix}, null for the body) that is not one of {@code fields}. */
    static void onlyFields(JsonNode node, String prefix, Set<String> fields) {
        if (node == null || !node.isObject()) {
            return;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!fields.contains(name)) {
                String path = prefix == null ? name : prefix + "." + name;
                List<String> known = fields.stream().sorted().toList();
                String hint = Nearest.nearest(name, known).map(n -> "; did you mean '" + n + "'?")
                        .orElse("; the fields are " + String.join(", ", known));
                throw ApiError.badRequest(path, "unknown field '" + path + "'" + hint);
            }
        }
    }

    /** The JSON object in the request body (sent as {@code application/json}). */
    static ObjectNode body(Context ctx) {
        String type = ctx.contentType();
        if (type != null && !type.isBlank() && !isJson(type)) {
            throw ApiError.badRequest("Content-Type", "the body must be JSON sent with Content-Type: application/json, not "
                    + type.strip());
        }
        String text = ctx.body();
        if (text.isBlank()) {
            throw ApiError.badRequest(null, "the request needs a JSON object body");
        }
        JsonNode node;
        try {
            node = Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest(null, "the body is not valid JSON (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
        if (!(node instanceof ObjectNode object)) {
            throw ApiError.badRequest(null, "the body must be a JSON object");
        }
        return object;
    }

    private static boolean isJson(String contentType) {
        String media = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return media.equals("application/json") || media.endsWith("+json");
    }

    /**
     * Maps a JSON object to a type; a wrong field is reported by its path, such as {@code mode.digestAt}, with what
     * it should hold, in the API's words (never the JSON library's).
     */
    static <T> T convert(JsonNode node, Class<T> type, String prefix) {
        try {
            return Json.mapper().treeToValue(node, type);
        } catch (JsonMappingException e) {
            String path = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            String field = path.isEmpty() ? prefix : prefix == null ? path : prefix + "." + path;
            Class<?> target = e instanceof MismatchedInputException m ? m.getTargetType() : null;
            throw ApiError.badRequest(field, "wrong value" + (field == null ? "" : " for " + field) + ": " + expected(target, e));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw ApiError.badRequest(prefix, "the body cannot be read" + (prefix == null ? "" : " at " + prefix));
        }
    }

    /** What a field of {@code target} type must hold, for an error message. */
    private static String expected(Class<?> target, JsonMappingException e) {
        Throwable cause = e.getCause();
        if (target == LocalTime.class || cause instanceof DateTimeException && e.getMessage().contains("LocalTime")) {
            return "expected a time of day such as 07:30";
        }
        if (target == Instant.class || cause instanceof DateTimeException) {
            return "expected an ISO-8601 time such as 2026-11-27T10:00:00Z";
        }
        if (target == Integer.class || target == int.class || target == Long.class || target == long.class) {
            return "expected a whole number";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "expected true or false";
        }
        if (target == String.class) {
            return "expected a string";
        }
        if (target != null && (List.class.isAssignableFrom(target) || target.isArray())) {
            return "expected a list";
        }
        if (target != null && target.isEnum()) {
            return "expected one of " + Arrays.stream(target.getEnumConstants()).map(Object::toString)
                    .map(v -> v.toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
        }
        if (target != null && target.isRecord()) {
            return "expected an object";
        }
        return "not a value this field can hold";
    }

    /** An optional text field, stripped; null when absent or blank. */
    static String text(JsonNode body, String field, int maxLength) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw ApiError.badRequest(field, field + " must be a string");
        }
        String value = node.asText().strip();
        if (value.length() > maxLength) {
            throw ApiError.badRequest(field, field + " is longer than " + maxLength + " characters");
        }
        return value.isEmpty() ? null : value;
    }

    /** A required text field. */
    static String requiredText(JsonNode body, String field, int maxLength) {
        String value = text(body, field, maxLength);
        if (value == null) {
            throw ApiError.badRequest(field, field + " is required");
        }
        return value;
    }

    /** An optional boolean field. */
    static Boolean bool(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            throw ApiError.badRequest(field, field + " must be true or false");
        }
        return node.asBoolean();
    }

    /** An optional whole number field within bounds. */
    static Integer integer(JsonNode body, String field, int min, int max) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber()) {
            throw ApiError.badRequest(field, field + " must be a whole number");
        }
        int value = node.asInt();
        if (value < min || value > max) {
            throw ApiError.badRequest(field, field + " must be between " + min + " and " + max);
        }
        return value;
    }

    /** An optional list of strings. */
    static List<String> strings(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw ApiError.badRequest(field, field + " must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual() || item.asText().isBlank()) {
                throw ApiError.badRequest(field, field + " must be a list of non-empty strings");
            }
            out.add(item.asText().strip());
        }
        return out;
    }

    /** An optional time: ISO-8601 instant ({@code 2026-11-27T10:00:00Z}) or a date ({@code 2026-11-27}, midnight UTC). */
    static Instant time(JsonNode body, String field) {
        String text = text(body, field, 64);
        if (text == null) {
            return null;
        }
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest(field, field + " must be a date (2026-11-27) or an ISO-8601 time (2026-11-27T10:00:00Z)");
        }
    }

    /** A checked id. */
    static String id(String field, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw ApiError.badRequest(field, field + " must be 1 to 64 lower-case letters, digits, dots, dashes or underscores, "
                    + "starting with a letter or digit");
        }
        return id;
    }

    /** An id made from a name: lower case, accents dropped, other characters as dashes. */
    static String slug(String name) {
        String folded = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
        String slug = folded.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > 48) {
            slug = slug.substring(0, 48).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? "item" : slug;
    }

    /** An integer query parameter within bounds, or its default. */
    static int intParam(Context ctx, String name, int defaultValue, int min, int max) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return defaultValue;
        }
        int value;
        try {
            value = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(name, name + " must be a whole number");
        }
        if (value < min || value > max) {
            throw ApiError.badRequest(name, name + " must be between " + min + " and " + max);
        }
        return value;
    }

    /** A page of a list, as {@code {"items", "total", "offset", "limit"}}, from the {@code offset} and {@code limit} parameters. */
    static <T> Paged<T> page(Context ctx, List<T> all) {
        int limit = intParam(ctx, "limit", 100, 1, 1000);
        int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        int from = Math.min(offset, all.size());
        int to = Math.min(all.size(), from + limit);
        return new Paged<>(all.subList(from, to), all.size(), offset, limit);
    }

    /** One page of a list. */
    record Paged<T>(List<T> items, int total, int offset, int limit) {
    }
}
