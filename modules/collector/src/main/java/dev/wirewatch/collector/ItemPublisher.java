package dev.wirewatch.collector;

import dev.wirewatch.article.ArticleDraft;
import dev.wirewatch.article.ArticlePages;
import dev.wirewatch.article.ExtractedPage;
import dev.wirewatch.article.LanguageDetection;
import dev.wirewatch.article.Text;
import dev.wirewatch.core.model.Article;
import dev.wirewatch.core.model.ArticleIds;
import dev.wirewatch.core.model.Feed;
import dev.wirewatch.core.net.EgressException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the items of a feed read into articles: dedup by article id and fingerprint, the page fetched and extracted
 * (the summary kept when it cannot be), the language, the version of an edited article, and the write to the sink.
 *
 * <p>Used for every way items come in: a poll, a WebSub push, a sitemap. Safe for concurrent use.
 */
final class ItemPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(ItemPublisher.class);

    private final ArticlePages pages;
    private final LanguageDetection languages;
    private final SeenArticles seen;
    private final ArticleSink sink;
    private final boolean fetchFullText;
    private final ExecutorService workers;
    private final CollectorMetrics metrics;
    private final PageGate pageGate;

    /** Decides whether a page may be fetched, and waits for its turn (robots.txt and its Crawl-delay). */
    @FunctionalInterface
    interface PageGate {
        /** Returns false when the page must not be fetched (the feed's summary is kept then). */
        boolean admit(Feed feed, String url) throws InterruptedException;

        PageGate OPEN = (feed, url) -> true;
    }

    ItemPublisher(ArticlePages pages, LanguageDetection languages, SeenArticles seen, ArticleSink sink,
                  boolean fetchFullText, ExecutorService workers, CollectorMetrics metrics, PageGate pageGate) {
        this.pages = pages;
        this.languages = languages;
        this.seen = seen;
        this.sink = sink;
        this.fetchFullText = fetchFullText;
        this.workers = workers;
        this.metrics = metrics;
        this.pageGate = pageGate;
    }

    /** Publishes the new and edited items of one read of a feed; returns how many articles were published. */
    int publishItems(Feed feed, ParsedFeed parsed) throws InterruptedException {
        List<Claimed> claimed = new ArrayList<>();
        for (FeedItem item : parsed.items()) {
            if (item.link() == null || !Text.isWeb(item.link())) {
                // no link, or a file:, ftp:, javascript: link: never fetched nor published
                metrics.item("skipped");
                LOG.debug("Feed {}: item '{}' skipped: link {}", feed.id(), item.title(), item.link());
                continue;
            }
            String id = ArticleIds.idFor(item.link());
            String fingerprint = fingerprint(item);
            SeenArticles.Decision decision = seen.claim(id, fingerprint);
            if (decision.kind() == SeenArticles.Kind.SAME) {
                metrics.item("duplicate");
                continue;
            }
            claimed.add(new Claimed(item, id, fingerprint, decision));
        }
        if (claimed.isEmpty()) {
            return 0;
        }
        int fresh = 0;
        FeedLanguage feedLanguage = new FeedLanguage(feed, parsed, claimed);
        if (!fetchFullText || claimed.size() == 1) {
            for (Claimed c : claimed) {
                fresh += publishItem(feed, parsed, c, feedLanguage) ? 1 : 0;
            }
            return fresh;
        }
        List<Future<Boolean>> results = new ArrayList<>();
        for (Claimed c : claimed) {
            results.add(workers.submit(() -> publishItem(feed, parsed, c, feedLanguage)));
        }
        for (Future<Boolean> f : results) {
            try {
                fresh += f.get() ? 1 : 0;
            } catch (ExecutionException e) {
                metrics.error("internal");
                LOG.error("Feed {}: publishing an item failed unexpectedly", feed.id(), e.getCause());
            }
        }
        return fresh;
    }

    private record Claimed(FeedItem item, String id, String fingerprint, SeenArticles.Decision decision) {
    }

    /**
     * The language of the items of one poll whose page gave none: a feed writes in one language, so it is detected
     * once, on the titles and summaries of the new items, with the feed's own declaration as a hint.
     */
    private final class FeedLanguage {
        private final Feed feed;
        private final ParsedFeed parsed;
        private final List<Claimed> claimed;
        private String language;
        private boolean done;

        FeedLanguage(Feed feed, ParsedFeed parsed, List<Claimed> claimed) {
            this.feed = feed;
            this.parsed = parsed;
            this.claimed = claimed;
        }

        synchronized String get() {
            if (!done) {
                StringBuilder sample = new StringBuilder();
                for (Claimed c : claimed) {
                    if (sample.length() > 600) {
                        break;
                    }
                    sample.append(c.item().title()).append(". ");
                    if (c.item().summary() != null) {
                        sample.append(c.item().summary()).append(' ');
                    }
                }
                language = languages.detect(sample.toString(), feed.language() != null ? feed.language() : parsed.language());
                done = true;
            }
            return language;
        }
    }

    private static String fingerprint(FeedItem item) {
        return ArticleIds.sha256Hex(item.title() + "\u0000" + item.summary() + "\u0000" + item.updatedAt()).substring(0, 16);
    }

    /** Fetches the page, builds the article and publishes it when it is new or edited; returns whether it was. */
    private boolean publishItem(Feed feed, ParsedFeed parsed, Claimed c, FeedLanguage feedLanguage) throws InterruptedException {
        FeedItem item = c.item();
        ExtractedPage page = fetchFullText ? fetchPage(feed, item.link()) : null;
        String url = ArticleDraft.identityUrl(item.link(), page);
        String id = c.id();
        SeenArticles.Decision decision = c.decision();
        String canonicalId = ArticleIds.idFor(url);
        if (!canonicalId.equals(id)) {
            // the feed linked through a redirector or with extra parameters: dedup on the page's own URL
            seen.unchanged(id, decision, c.fingerprint());
            decision = seen.claim(canonicalId, c.fingerprint());
            if (decision.kind() == SeenArticles.Kind.SAME) {
                metrics.item("duplicate");
                return false;
            }
            id = canonicalId;
        }
        String title = page != null && page.title() != null ? page.title() : Objects.requireNonNullElse(item.title(), "");
        String body = page != null && !page.text().isEmpty() ? page.text() : Objects.requireNonNullElse(item.content(), "");
        String language = page != null && page.language() != null ? page.language()
                : !body.isEmpty() ? languages.detect(body, feed.language() != null ? feed.language() : parsed.language())
                : feedLanguage.get();
        Instant publishedAt = item.publishedAt() != null ? item.publishedAt()
                : page != null && page.publishedAt() != null ? page.publishedAt() : item.updatedAt();
        ArticleDraft draft = new ArticleDraft(item.link(), url, feed.id(), title, item.summary(), body,
                page != null && page.author() != null ? page.author() : item.author(), language, publishedAt);
        String contentHash = draft.contentHash();
        SeenArticles.Entry previous = decision.previous();
        if (previous != null && previous.contentHash() != null) {
            if (previous.contentHash().equals(contentHash) || (fetchFullText && page == null)) {
                // edited in the feed only, or the page is unreachable now: keep what was published
                seen.unchanged(id, decision, c.fingerprint());
                metrics.item("unchanged");
                return false;
            }
        }
        int version = previous == null ? 1 : previous.version() + 1;
        Article article = draft.toArticle(version, Instant.now());
        try {
            sink.publish(article);
        } catch (InterruptedException e) {
            seen.release(id, decision);
            throw e;
        } catch (Exception e) {
            seen.release(id, decision);
            metrics.error("publish");
            metrics.item("failed");
            LOG.error("Feed {}: could not publish article {} ({})", feed.id(), id, url, e);
            return false;
        }
        seen.published(id, version, contentHash, c.fingerprint());
        metrics.published.increment();
        if (version == 1 && article.publishedAt() != null && !article.fetchedAt().isBefore(article.publishedAt())) {
            // the first hop of an alert's delay; a new version's publication date says nothing of how late it is
            metrics.publishedToFetched.record(Duration.between(article.publishedAt(), article.fetchedAt()));
        }
        metrics.item(version == 1 ? "new" : "edited");
        LOG.debug("Feed {}: published article {} v{} {}", feed.id(), id, version, url);
        return true;
    }

    /** The extracted page, or null when it cannot or may not be fetched or read (the feed's summary is kept then). */
    private ExtractedPage fetchPage(Feed feed, String link) throws InterruptedException {
        if (!pageGate.admit(feed, link)) {
            return null;
        }
        long start = System.nanoTime();
        try {
            return pages.read(link);
        } catch (EgressException e) {
            metrics.error(e.kind().tag());
            LOG.info("Feed {}: page {} not fetched, keeping the summary: {}", feed.id(), link, e.getMessage());
            return null;
        } catch (ArticlePages.UnreadablePage e) {
            metrics.extractionFailures.increment();
            LOG.info("Feed {}: {}: keeping the summary", feed.id(), e.getMessage());
            return null;
        } finally {
            metrics.recordPageFetch(start);
        }
    }
}
