package dev.wirewatch.matcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wirewatch.core.kafka.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/**
 * Real articles for the differential test and the benchmark: Spanish news ({@code news-es}), the text of the
 * {@code extraction-dev} pages, and English samples written for the edge cases.
 *
 * <p>The corpora folder comes from the system property {@code wirewatch.corpora}; callers skip when it is absent.
 */
public final class TestCorpus {

    /** An article with an id, as the matcher reads it. */
    public record Article(String id, Document document) {
    }

    private TestCorpus() {
    }

    /** The corpora folder, or null when the property is unset or the folder absent. */
    public static Path corpora() {
        String property = System.getProperty("wirewatch.corpora");
        if (property == null) {
            return null;
        }
        Path path = Path.of(property);
        return Files.isDirectory(path.resolve("news-es")) ? path : null;
    }

    /** Up to {@code limit} news-es items, in file order (train, development, test). */
    public static List<Article> newsEs(Path corpora, int limit) {
        List<Article> articles = new ArrayList<>();
        for (String split : List.of("train", "development", "test")) {
            Path file = corpora.resolve("news-es").resolve(split + ".jsonl");
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                while ((line = reader.readLine()) != null && articles.size() < limit) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode item = Json.mapper().readTree(line);
                    String id = "news-es-" + split + "-" + item.path("Id").asText();
                    articles.add(new Article(id, new Document(item.path("Headline").asText(""),
                            item.path("Text").asText(""), "es", host(item.path("Link").asText("")))));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Failed to read " + file, e);
            }
        }
        return articles;
    }

    /** Up to {@code limit} extraction-dev pages as title and body text (jsoup), in ground-truth order. */
    public static List<Article> extractionDev(Path corpora, int limit) {
        Path folder = corpora.resolve("extraction-dev");
        List<Article> articles = new ArrayList<>();
        try {
            JsonNode truth = Json.mapper().readTree(folder.resolve("ground-truth.json").toFile());
            for (Iterator<Map.Entry<String, JsonNode>> it = truth.fields(); it.hasNext() && articles.size() < limit; ) {
                Map.Entry<String, JsonNode> page = it.next();
                Path file = folder.resolve(page.getValue().path("file").asText());
                try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                    org.jsoup.nodes.Document html = Jsoup.parse(in, null, page.getKey());
                    Element root = html.selectFirst("html");
                    String language = root == null ? "" : root.attr("lang");
                    String body = html.body() == null ? "" : html.body().text();
                    articles.add(new Article("extraction-dev-" + file.getFileName(),
                            new Document(html.title(), body, language, host(page.getKey()))));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read extraction-dev pages", e);
        }
        return articles;
    }

    /** The English samples of src/test/resources, written for the edge cases of analysis. */
    public static List<Article> englishSamples() {
        List<Article> articles = new ArrayList<>();
        try (InputStream in = TestCorpus.class.getResourceAsStream("english-samples.jsonl");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode item = Json.mapper().readTree(line);
                articles.add(new Article(item.path("id").asText(), new Document(item.path("title").asText(""),
                        item.path("body").asText(""), item.path("language").asText(null),
                        host(item.path("url").asText("")))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read english-samples.jsonl", e);
        }
        return articles;
    }

    static String host(String url) {
        try {
            String host = URI.create(url.strip().replace(" ", "%20")).getHost();
            return host == null ? "" : host;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
