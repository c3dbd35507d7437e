package dev.wirewatch.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wirewatch.core.kafka.Json;
import dev.wirewatch.core.model.ArticleIds;
import dev.wirewatch.core.model.Feed;
import dev.wirewatch.core.model.FeedHealth;
import io.javalin.http.Context;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code /api/feeds}: the feeds collectors poll, with their health, and OPML import. */
final class FeedsApi {

    private final Definitions definitions;
    private final OutboundUrls addresses;
    private final Object writeLock = new Object();

    FeedsApi(Definitions definitions, OutboundUrls addresses) {
        this.definitions = definitions;
        this.addresses = addresses;
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
        ObjectNode body = Requests.body(ctx);
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
        ObjectNode body = Requests.body(ctx);
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

    /** {@code POST /api/feeds/opml}: adds every feed of an OPML list that is not there yet. */
    private void importOpml(Context ctx) {
        List<Opml.Outline> outlines = Opml.parse(ctx.bodyAsBytes());
        ObjectNode out = Json.mapper().createObjectNode();
        ArrayNode created = out.putArray("created");
        ArrayNode skipped = out.putArray("skipped");
        synchronized (writeLock) {
            for (Opml.Outline outline : outlines) {
                String url;
                try {
                    url = addresses.check("url", outline.url());
                } catch (ApiError e) {
                    skipped.addObject().put("url", outline.url()).put("reason", e.getMessage());
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
