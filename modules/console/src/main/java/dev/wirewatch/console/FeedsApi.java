package dev.wirewatch.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wirewatch.core.kafka.Json;
import dev.wirewatch.core.model.ArticleIds;
import dev.wirewatch.core.model.Feed;
import dev.wirewatch.core.model.FeedHealth;
import io.javalin.http.Context;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** {@code /api/feeds}: the feeds collectors poll, with their health, and OPML import. */
final class FeedsApi {

    /** The fields of a feed (FeedInput in openapi.json). */
    static final Set<String> FIELDS = Set.of("id", "url", "title", "language", "tags", "pollIntervalSeconds", "enabled", "type",
            "ignoreRobots");
    /** URL checks (DNS look-ups) one OPML import runs at once. */
    private static final int OPML_CHECKS_AT_ONCE = 16;
    /** How long one OPML import may spend checking URLs; later outlines are skipped, to import again. */
    private static final Duration OPML_CHECK_BUDGET = Duration.ofSeconds(30);

    private final Definitions definitions;
    private final OutboundUrls addresses;
    private final int maxOpmlFeeds;
    private final Semaphore imports = new Semaphore(1);
    private final Object writeLock = new Object();

    /** @param maxOpmlFeeds most outlines one OPML import may hold */
    FeedsApi(Definitions definitions, OutboundUrls addresses, int maxOpmlFeeds) {
        this.definitions = definitions;
        this.addresses = addresses;
        this.maxOpmlFeeds = maxOpmlFeeds;
    }

    void register(Routes routes) {
        routes.get("/api/feeds", Role.READ, ctx -> {
            Requests.Paged<Feed> page = Requests.page(ctx, definitions.feeds.values());
            ctx.json(new Requests.Paged<>(page.items().stream().map(this::view).toList(), page.total(), page.offset(),
                    page.limit()));
        });
        routes.post("/api/feeds", Role.WRITE, this::create);
        routes.post("/api/feeds/opml", Role.WRITE, this::importOpml);
        routes.get("/api/feeds/{id}", Role.READ, ctx -> ctx.json(view(existing(ctx.pathParam("id")))));
        routes.put("/api/feeds/{id}", Role.WRITE, this::update);
        routes.delete("/api/feeds/{id}", Role.WRITE, this::delete);
    }

    private Feed existing(String id) {
        Feed feed = definitions.feeds.get(id);
        if (feed == null) {
            throw ApiError.notFound("no feed '" + id + "'");
        }
        return feed;
    }

    /** The feed as the API shows it, with the health its collector last reported. */
    private ObjectNode view(Feed feed) {
        ObjectNode out = Json.mapper().valueToTree(feed);
        FeedHealth health = definitions.feedHealth.get(feed.id());
        if (health != null) {
            out.set("health", Json.mapper().valueToTree(health));
        } else {
            out.putObject("health").put("state", feed.enabled() ? "unknown" : FeedHealth.DISABLED);
        }
        return out;
    }

    private void create(Context ctx) {
        ObjectNode body = Requests.body(ctx, FIELDS);
        String url = addresses.check("url", Requests.requiredText(body, "url", 2000));
        String title = Requests.text(body, "title", 300);
        String id = Requests.text(body, "id", 64);
        Feed feed;
        synchronized (writeLock) {
            if (id == null) {
                id = freeId(title != null ? title : URI.create(url).getHost());
            }
            Requests.id("id", id);
            if (definitions.feeds.contains(id)) {
                throw ApiError.conflict("id", "a feed '" + id + "' exists already; PUT /api/feeds/" + id + " changes it");
            }
            Feed same = sameUrl(url);
            if (same != null) {
                throw ApiError.conflict("url", "this feed is there already as '" + same.id() + "'");
            }
            Boolean enabled = Requests.bool(body, "enabled");
            feed = new Feed(Feed.SCHEMA_VERSION, id, url, title, language(body), tags(body),
                    Requests.integer(body, "pollIntervalSeconds", 30, 86_400), enabled == null || enabled, Instant.now(),
                    type(body), Requests.bool(body, "ignoreRobots"));
            definitions.write(definitions.feeds, id, feed);
        }
        ctx.status(201).header("Location", "/api/feeds/" + id).json(view(feed));
    }

    private void update(Context ctx) {
        String id = ctx.pathParam("id");
        ObjectNode body = Requests.body(ctx, FIELDS);
        String bodyId = Requests.text(body, "id", 64);
        if (bodyId != null && !bodyId.equals(id)) {
            throw ApiError.badRequest("id", "the id in the body ('" + bodyId + "') differs from the URL ('" + id + "')");
        }
        String url = body.has("url") ? addresses.check("url", Requests.requiredText(body, "url", 2000)) : null;
        Feed updated;
        synchronized (writeLock) {
            Feed old = existing(id);
            if (url != null) {
                Feed same = sameUrl(url);
                if (same != null && !same.id().equals(id)) {
                    throw ApiError.conflict("url", "this feed is there already as '" + same.id() + "'");
                }
            }
            Boolean enabled = Requests.bool(body, "enabled");
            Integer interval = Requests.integer(body, "pollIntervalSeconds", 30, 86_400);
            updated = new Feed(Feed.SCHEMA_VERSION, id, url != null ? url : old.url(),
                    body.has("title") ? Requests.text(body, "title", 300) : old.title(),
                    body.has("language") ? language(body) : old.language(),
                    body.has("tags") ? tags(body) : old.tags(),
                    body.has("pollIntervalSeconds") ? interval : old.pollIntervalSeconds(),
                    enabled != null ? enabled : old.enabled(), Instant.now(),
                    body.has("type") ? type(body) : old.type(),
                    body.has("ignoreRobots") ? Requests.bool(body, "ignoreRobots") : old.ignoreRobots());
            definitions.write(definitions.feeds, id, updated);
        }
        ctx.json(view(updated));
    }

    /** The feed's type: feed, sitemap, site, or null to let the collector detect it. */
    private static String type(ObjectNode body) {
        String type = Requests.text(body, "type", 20);
        if (type != null && !type.equals(Feed.FEED) && !type.equals(Feed.SITEMAP) && !type.equals(Feed.SITE)) {
            throw ApiError.badRequest("type", "must be feed, sitemap or site (or absent to detect it), not '" + type + "'");
        }
        return type;
    }

    private void delete(Context ctx) {
        String id = ctx.pathParam("id");
        synchronized (writeLock) {
            existing(id);
            definitions.write(definitions.feeds, id, null);
        }
        ctx.status(204);
    }

    /**
     * {@code POST /api/feeds/opml}: adds every feed of an OPML list that is not there yet.
     *
     * <p>One import runs at a time (another gets 429) and a list may hold at most {@code console.opml.max-feeds}
     * feeds (413). The URLs are checked (with their DNS look-ups) a few at once and outside the lock that orders
     * writes, so a slow resolver holds up neither other writes nor the import for long.
     */
    private void importOpml(Context ctx) {
        List<Opml.Outline> outlines = Opml.parse(ctx.bodyAsBytes());
        if (outlines.size() > maxOpmlFeeds) {
            throw new ApiError(413, "the OPML list has " + outlines.size() + " feeds; one import adds at most "
                    + maxOpmlFeeds + " (console.opml.max-feeds): split the list", "opml", null, null);
        }
        if (!imports.tryAcquire()) {
            throw new ApiError(429, "another OPML import is running; try again when it has finished", "opml", null, null);
        }
        try {
            List<Checked> checked = checkAll(outlines);
            ObjectNode out = Json.mapper().createObjectNode();
            ArrayNode created = out.putArray("created");
            ArrayNode skipped = out.putArray("skipped");
            synchronized (writeLock) {
                for (int i = 0; i < outlines.size(); i++) {
                    Opml.Outline outline = outlines.get(i);
                    String url = checked.get(i).url();
                    if (url == null) {
                        skipped.addObject().put("url", outline.url()).put("reason", checked.get(i).reason());
                        continue;
                    }
                    Feed same = sameUrl(url);
                    if (same != null) {
                        skipped.addObject().put("url", url).put("reason", "there already as '" + same.id() + "'");
                        continue;
                    }
                    String id = freeId(outline.title() != null ? outline.title() : URI.create(url).getHost());
                    List<String> tags = outline.category() == null ? List.of() : List.of(Requests.slug(outline.category()));
                    Feed feed = new Feed(Feed.SCHEMA_VERSION, id, url, outline.title(),
                            outline.language() == null ? null : outline.language().toLowerCase(Locale.ROOT), tags, null, true,
                            Instant.now());
                    definitions.write(definitions.feeds, id, feed);
                    created.add(view(feed));
                }
            }
            ctx.status(created.isEmpty() ? 200 : 201).json(out);
        } finally {
            imports.release();
        }
    }

    /** An outline's checked URL, or why it is skipped. */
    private record Checked(String url, String reason) {
    }

    /** Checks every outline's URL, a few at once. */
    private List<Checked> checkAll(List<Opml.Outline> outlines) {
        List<Checked> results = new ArrayList<>(Collections.nCopies(outlines.size(), null));
        Semaphore slots = new Semaphore(OPML_CHECKS_AT_ONCE);
        long deadline = System.nanoTime() + OPML_CHECK_BUDGET.toNanos();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < outlines.size(); i++) {
                int index = i;
                if (!slots.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    results.set(index, new Checked(null, "not checked within " + OPML_CHECK_BUDGET.toSeconds()
                            + " s; import the list again to add it"));
                    continue;
                }
                running.add(pool.submit(() -> {
                    try {
                        results.set(index, new Checked(addresses.check("url", outlines.get(index).url()), null));
                    } catch (ApiError e) {
                        results.set(index, new Checked(null, e.getMessage()));
                    } finally {
                        slots.release();
                    }
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "interrupted while checking the OPML list's URLs", "opml", null, null);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Failed to check an OPML list's URLs", e.getCause());
        }
        return results;
    }

    private Feed sameUrl(String url) {
        String canonical = ArticleIds.canonicalize(url);
        for (Feed feed : definitions.feeds.values()) {
            if (ArticleIds.canonicalize(feed.url()).equals(canonical)) {
                return feed;
            }
        }
        return null;
    }

    private String freeId(String name) {
        String base = Requests.slug(name == null ? "feed" : name);
        String id = base;
        for (int i = 2; definitions.feeds.contains(id); i++) {
            id = base + "-" + i;
        }
        return id;
    }

    private static String language(ObjectNode body) {
        String language = Requests.text(body, "language", 20);
        return language == null ? null : language.toLowerCase(Locale.ROOT);
    }

    private static List<String> tags(ObjectNode body) {
        List<String> tags = Requests.strings(body, "tags");
        return tags == null ? List.of() : new ArrayList<>(tags);
    }
}
