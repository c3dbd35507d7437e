package dev.wirewatch.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wirewatch.core.kafka.Json;
import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.Article;
import dev.wirewatch.core.model.ArticleIds;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/articles}: submits one article to the pipeline, given whole ({@code url} with {@code title}
 * and/or {@code body}) or as a URL that the console fetches; it is tagged like any collected article.
 */
final class ArticlesApi {

    private static final Logger LOG = LoggerFactory.getLogger(ArticlesApi.class);
    static final String FEED_ID = "console";

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final ArticleFetcher fetcher;
    private final Duration writeTimeout;
    private final Counter writeFailures;

    ArticlesApi(Producer<byte[], byte[]> producer, String topic, ArticleFetcher fetcher, Duration writeTimeout,
            MeterRegistry meters) {
        this.producer = producer;
        this.topic = topic;
        this.fetcher = fetcher;
        this.writeTimeout = writeTimeout;
        this.writeFailures = Counter.builder("wirewatch.console.errors").tag("kind", "write")
                .description("failures of the console, by kind").register(meters);
    }

    void register(Routes routes) {
        routes.post("/api/articles", Role.WRITE, this::submit);
    }

    private void submit(Context ctx) {
        ObjectNode body = Requests.body(ctx);
        String url = Requests.requiredText(body, "url", 2000);
        String title = Requests.text(body, "title", 1000);
        String text = Requests.text(body, "body", 1_000_000);
        String summary = Requests.text(body, "summary", 10_000);
        String language = Requests.text(body, "language", 20);
        Instant published = Requests.time(body, "publishedAt");
        boolean fetched = false;
        if (title == null && text == null) {
            ArticleFetcher.Page page = fetcher.fetch(url);
            title = page.title();
            text = page.text();
            language = language != null ? language : page.language();
            fetched = true;
            if (title.isEmpty() && text.isEmpty()) {
                throw new ApiError(422, "no title or text could be read from " + url, "url", null, null);
            }
        }
        String host = host(url);
        Instant now = Instant.now();
        String canonical = ArticleIds.canonicalize(url);
        Article article = new Article(Article.SCHEMA_VERSION, ArticleIds.idFor(url), 1, url.strip(), canonical, FEED_ID,
                host.startsWith("www.") ? host.substring(4) : host, title, summary, text,
                Requests.text(body, "author", 300), language == null ? null : language.toLowerCase(Locale.ROOT),
                published != null ? published : now, now,
                ArticleIds.sha256Hex((title == null ? "" : title) + "\n" + (text == null ? "" : text)));
        try {
            producer.send(new ProducerRecord<>(topic, article.id().getBytes(StandardCharsets.UTF_8),
                    Topics.ARTICLE_SERDE.toBytes(article))).get(writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            writeFailures.increment();
            LOG.error("[console] article {} ({}) could not be written to {}", article.id(), url, topic, e);
            throw new ApiError(503, "Kafka did not acknowledge the article: " + e, null, null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "interrupted while writing the article", null, null, null);
        }
        LOG.info("[console] article {} submitted ({}, {})", article.id(), url, fetched ? "fetched" : "given");
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("id", article.id());
        out.put("url", article.url());
        out.put("title", article.title());
        out.put("language", article.language());
        out.put("fetched", fetched);
        ctx.status(202).json(out);
    }

    private static String host(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw ApiError.badRequest("url", "not a valid URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw ApiError.badRequest("url", "url must be an absolute http(s) URL");
        }
        return uri.getHost().toLowerCase(Locale.ROOT);
    }
}
