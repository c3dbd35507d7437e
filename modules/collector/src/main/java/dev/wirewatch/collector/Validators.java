package dev.wirewatch.collector;

import java.util.LinkedHashMap;
import java.util.Map;

/** Validators of a feed's previous response, for a conditional GET; both may be null. */
record Validators(String etag, String lastModified) {

    static final Validators NONE = new Validators(null, null);

    /** The request headers of a conditional GET with these validators, and the {@code Accept} header. */
    Map<String, String> headers(String accept) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", accept);
        if (etag != null) {
            headers.put("If-None-Match", etag);
        }
        if (lastModified != null) {
            headers.put("If-Modified-Since", lastModified);
        }
        return headers;
    }
}
