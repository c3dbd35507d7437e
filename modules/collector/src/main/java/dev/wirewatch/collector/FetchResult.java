package dev.wirewatch.collector;

import java.net.URI;

/**
 * A response that the collector can use: 200 with its decoded body, or 304 Not Modified.
 *
 * @param uri the URL that answered, after redirects
 * @param body the decompressed body; empty for 304
 * @param contentType the {@code Content-Type} header, or null
 * @param etag the {@code ETag} header, or null
 * @param lastModified the {@code Last-Modified} header, or null
 */
record FetchResult(int status, URI uri, byte[] body, String contentType, String etag, String lastModified) {

    boolean notModified() {
        return status == 304;
    }
}
