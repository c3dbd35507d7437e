package dev.wirewatch.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wirewatch.core.kafka.Json;

/**
 * A request the API refuses, with what a person needs to fix it: the HTTP status, the message, the field at fault
 * and, for queries, the position in the text and a hint. Rendered as {@code {"error", "field", "position", "hint"}}.
 */
final class ApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String field;
    private final Integer position;
    private final String hint;

    ApiError(int status, String message, String field, Integer position, String hint) {
        super(message);
        this.status = status;
        this.field = field;
        this.position = position;
        this.hint = hint;
    }

    static ApiError badRequest(String field, String message) {
        return new ApiError(400, message, field, null, null);
    }

    static ApiError notFound(String message) {
        return new ApiError(404, message, null, null, null);
    }

    static ApiError conflict(String field, String message) {
        return new ApiError(409, message, field, null, null);
    }

    int status() {
        return status;
    }

    String field() {
        return field;
    }

    /** The JSON body of the error response. */
    ObjectNode body() {
        return body(getMessage(), field, position, hint);
    }

    static ObjectNode body(String message, String field, Integer position, String hint) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("error", message);
        if (field != null) {
            body.put("field", field);
        }
        if (position != null) {
            body.put("position", position);
        }
        if (hint != null) {
            body.put("hint", hint);
        }
        return body;
    }
}
