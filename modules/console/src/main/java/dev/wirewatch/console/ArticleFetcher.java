package dev.wirewatch.console;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;

/**
 * Fetches one article page submitted by URL and reads its title, main text and language with jsoup: the text of
 * the {@code article} (or {@code main}) element's paragraphs, else of every paragraph.
 *
 * <p>Every URL, redirects included, passes the {@link AddressCheck}; redirects are followed by hand, at most five;
 * at most 5 MB are read. This is a simple reader for one-off submissions: the collector's extractor does the real work
 * on feeds.
 */
final class ArticleFetcher {

    private static final int MAX_BYTES = 5 * 1024 * 1024;
    private static final int MAX_REDIRECTS = 5;

    /** What was read from the page. */
    record Page(String url, String title, String text, String language) {
    }

    private final AddressCheck addresses;
    private final HttpClient client;
    private final Duration timeout;

    ArticleFetcher(AddressCheck addresses, Duration timeout) {
        this.addresses = addresses;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(timeout).build();
    }

    /**
     * Fetches and reads a page.
     *
     * @throws ApiError 400 for a refused URL, 502 when the page cannot be fetched
     */
    Page fetch(String url) {
        URI uri = addresses.check("url", url);
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                    .header("User-Agent", "Wirewatch-Console/1 (+https://github.com/wirewatch)")
                    .header("Accept", "text/html,application/xhtml+xml").GET().build();
            HttpResponse<InputStream> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw new ApiError(502, "could not fetch " + uri + ": " + e, "url", null, null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiError(503, "interrupted while fetching " + uri, "url", null, null);
            }
            int status = response.statusCode();
            if (status >= 300 && status < 400) {
                Optional<String> location = response.headers().firstValue("Location");
                close(response);
                if (location.isEmpty()) {
                    throw new ApiError(502, "fetching " + uri + " gave HTTP " + status + " without a Location", "url", null, null);
                }
                uri = addresses.check("url", uri.resolve(location.get()).toString());
                continue;
            }
            if (status != 200) {
                close(response);
                throw new ApiError(502, "fetching " + uri + " gave HTTP " + status, "url", null, null);
            }
            byte[] bytes;
            try (InputStream in = response.body()) {
                bytes = in.readNBytes(MAX_BYTES);
            } catch (IOException e) {
                throw new ApiError(502, "could not read " + uri + ": " + e, "url", null, null);
            }
            Charset charset = response.headers().firstValue("Content-Type").map(ArticleFetcher::charset)
                    .orElse(StandardCharsets.UTF_8);
            return read(uri.toString(), new String(bytes, charset));
        }
        throw new ApiError(502, "too many redirects fetching " + url, "url", null, null);
    }

    /** Reads title, text and language of an HTML page. */
    static Page read(String url, String html) {
        org.jsoup.nodes.Document doc = Jsoup.parse(html, url);
        String title = doc.select("meta[property=og:title]").attr("content");
        if (title.isBlank()) {
            Element h1 = doc.selectFirst("article h1, main h1, h1");
            title = !doc.title().isBlank() ? doc.title() : h1 == null ? "" : h1.text();
        }
        Element container = doc.selectFirst("article");
        if (container == null) {
            container = doc.selectFirst("main");
        }
        Elements paragraphs = (container != null ? container : doc.body()).select("p");
        StringBuilder text = new StringBuilder();
        for (Element p : paragraphs) {
            String line = p.text().strip();
            if (!line.isEmpty()) {
                if (!text.isEmpty()) {
                    text.append("\n\n");
                }
                text.append(line);
            }
        }
        String lang = doc.select("html").attr("lang").strip();
        String language = lang.isEmpty() ? null : lang.split("[-_]")[0].toLowerCase(Locale.ROOT);
        return new Page(url, title.strip(), text.toString(), language);
    }

    private static Charset charset(String contentType) {
        for (String part : contentType.split(";")) {
            String p = part.strip();
            if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                try {
                    return Charset.forName(p.substring(8).replace("\"", "").strip());
                } catch (IllegalArgumentException e) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    private static void close(HttpResponse<InputStream> response) {
        try {
            response.body().close();
        } catch (IOException e) {
            // the connection is dropped either way
        }
    }
}
