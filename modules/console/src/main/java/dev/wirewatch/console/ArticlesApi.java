package dev.wirewatch.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wirewatch.article.ArticleDraft;
import dev.wirewatch.article.ArticlePages;
import dev.wirewatch.article.ExtractedPage;
import dev.wirewatch.article.LanguageDetection;
import dev.wirewatch.core.kafka.Json;
import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.Article;
import dev.wirewatch.core.net.EgressException;
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
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/articles}: submits one article to the pipeline, given whole ({@code url} with {@code title}
 * and/or {@code body}) or as a URL that the console fetches; it is tagged like any collected article.
 *
 * <p>A URL is fetched, extracted and built into an {@link Article} by the collector's own article path
 * ({@link ArticlePages}, {@link ArticleDraft}), so an article is the same record, with the same id and content hash,
 * whichever way it came in. It is versioned as the collector versions: the same content again is not written
 * (200, {@code unchanged}), changed content is the next version of what {@code wirewatch.articles} holds.
 */
final class ArticlesApi {

    private static final Logger LOG = LoggerFactory.getLogger(ArticlesApi.class);
    static final String FEED_ID = "console";

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final ArticlePages pages;
    private final LanguageDetection languages;
    private final PublishedArticles published;
    private final Duration writeTimeout;
    private final Counter writeFailures;
    private final MeterRegistry meters;

    ArticlesApi(Producer<byte[], byte[]> producer, String topic, ArticlePages pages, LanguageDetection languages,
            PublishedArticles published, Duration writeTimeout, MeterRegistry meters) {
        this.producer = producer;
        this.topic = topic;
        this.pages = pages;
        this.languages = languages;
        this.published = published;
        this.writeTimeout = writeTimeout;
        this.meters = meters;
        this.writeFailures = error("write");
    }

    private Counter error(String kind) {
        return ConsoleMeters.errors(meters, kind);
    }

    void register(Routes routes) {
        routes.post("/api/articles", Role.WRITE, this::submit);
    }

    private void submit(Context ctx) {
        ObjectNode body = Requests.body(ctx);
        String url = Requests.requiredText(body, "url", 2000).strip();
        String title = Requests.text(body, "title", 1000);
        String text = Requests.text(body, "body", 1_000_000);
        String summary = Requests.text(body, "summary", 10_000);
        String language = Requests.text(body, "language", 20);
        String author = Requests.text(body, "author", 300);
        Instant published = Requests.time(body, "publishedAt");
        boolean fetched = title == null && text == null;
        String identityUrl = url;
        if (fetched) {
            ExtractedPage page = fetch(url);
            identityUrl = ArticleDraft.identityUrl(url, page);
            title = page.title();
            text = page.text();
            author = author != null ? author : page.author();
            published = published != null ? published : page.publishedAt();
            language = language != null ? language : page.language();
            if ((title == null || title.isEmpty()) && text.isEmpty()) {
                throw new ApiError(422, "no title or text could be read from " + url, "url", null, null);
            }
        } else {
            checkWebUrl(url);
        }
        if (language == null && text != null && !text.isEmpty()) {
            language = languages.detect(text, null);
        }
        Instant now = Instant.now();
        ArticleDraft draft = new ArticleDraft(url, identityUrl, FEED_ID, title, summary, text, author, language,
                published != null ? published : now);
        Article previous = previous(draft.id());
        if (previous != null && draft.contentHash().equals(previous.contentHash())) {
            // the same article as published already, by a feed or by an earlier submission: nothing to tag again
            LOG.info("[console] article {} submitted unchanged ({}), still version {}", previous.id(), url, previous.version());
            ctx.status(200).json(answer(previous, fetched).put("unchanged", true));
            return;
        }
        Article article = draft.toArticle(previous == null ? 1 : previous.version() + 1, now);
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
        LOG.info("[console] article {} v{} submitted ({}, {})", article.id(), article.version(), url,
                fetched ? "fetched" : "given");
        ctx.status(202).json(answer(article, fetched).put("unchanged", false));
    }

    private static ObjectNode answer(Article article, boolean fetched) {
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("id", article.id());
        out.put("version", article.version());
        out.put("url", article.url());
        out.put("title", article.title());
        out.put("language", article.language());
        out.put("fetched", fetched);
        return out;
    }

    /** The latest published version of an article, or null; when it cannot be read, the article starts at version 1. */
    private Article previous(String id) {
        try {
            return published.latest(id).orElse(null);
        } catch (KafkaException e) {
            error("article_history").increment();
            LOG.warn("[console] could not read earlier versions of article {}: {}; writing version 1", id, e.toString());
            return null;
        }
    }

    /** The page of a submitted URL, through the collector's article path; every failure is counted by kind. */
    private ExtractedPage fetch(String url) {
        try {
            return pages.read(url);
        } catch (EgressException e) {
            error("article_" + e.kind().tag()).increment();
            LOG.info("[console] article {} not fetched: {}", url, e.getMessage());
            if (e.kind() == EgressException.Kind.FORBIDDEN) {
                throw ApiError.badRequest("url", e.getMessage());
            }
            throw new ApiError(502, "could not fetch " + url + ": " + e.getMessage(), "url", null, null);
        } catch (ArticlePages.UnreadablePage e) {
            error("article_unreadable").increment();
            throw new ApiError(422, e.getMessage(), "url", null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "interrupted while fetching " + url, "url", null, null);
        }
    }

    private static void checkWebUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw ApiError.badRequest("url", "not a valid URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw ApiError.badRequest("url", "url must be an absolute http(s) URL");
        }
    }
}
