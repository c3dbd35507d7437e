package dev.wirewatch.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wirewatch.core.kafka.Json;
import dev.wirewatch.core.model.TopicStats;
import dev.wirewatch.core.model.TrackedTopic;
import dev.wirewatch.matcher.Query;
import dev.wirewatch.matcher.QueryException;
import dev.wirewatch.matcher.TopicMatcher;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.Map;

/**
 * {@code /api/topics}: tracked topics (list, create, read, update with a new version, delete), query validation,
 * the backtest preview and the topic stats.
 */
final class TopicsApi {

    /** The fields of a tracked topic (TrackedTopicInput in openapi.json), of a validation and of a backtest. */
    static final Set<String> FIELDS = Set.of("id", "name", "query", "description", "enabled");
    static final Set<String> VALIDATE_FIELDS = Set.of("query");
    static final Set<String> PREVIEW_FIELDS = Set.of("query", "from", "to", "limit");

    private static final int MAX_QUERY = 4000;

    private final Definitions definitions;
    private final LiveData live;
    private final Backtest backtest;
    private final Object writeLock = new Object();

    TopicsApi(Definitions definitions, LiveData live, Backtest backtest) {
        this.definitions = definitions;
        this.live = live;
        this.backtest = backtest;
    }

    void register(Routes routes) {
        routes.get("/api/topics", Role.READ, ctx -> ctx.json(Requests.page(ctx, definitions.topics.values())));
        routes.post("/api/topics", Role.WRITE, this::create);
        routes.post("/api/topics/validate", Role.READ, this::validate);
        routes.post("/api/topics/preview", Role.READ, this::preview);
        routes.get("/api/topics/{id}", Role.READ, ctx -> ctx.json(existing(ctx.pathParam("id"))));
        routes.put("/api/topics/{id}", Role.WRITE, this::update);
        routes.delete("/api/topics/{id}", Role.WRITE, this::delete);
        routes.get("/api/topics/{id}/stats", Role.READ, this::stats);
        routes.get("/api/stats", Role.READ, this::allStats);
    }

    private TrackedTopic existing(String id) {
        TrackedTopic topic = definitions.topics.get(id);
        if (topic == null) {
            throw ApiError.notFound("no tracked topic '" + id + "'");
        }
        return topic;
    }

    /** Parses a query, or fails with the position and a hint. */
    static Query parse(String text) {
        if (text == null) {
            throw ApiError.badRequest("query", "query is required");
        }
        try {
            return compiled(text);
        } catch (QueryException e) {
            throw new ApiError(400, e.getMessage(), "query", e.getPosition(), e.getHint());
        }
    }

    /** Parses {@code text} and compiles it as the tagger will, so that nothing the API accepts fails there. */
    private static Query compiled(String text) {
        Query query = Query.parse(text);
        TopicMatcher.verify(query);
        return query;
    }

    private void create(Context ctx) {
        ObjectNode body = Requests.body(ctx, FIELDS);
        String name = Requests.text(body, "name", 200);
        String id = Requests.text(body, "id", 64);
        if (id == null) {
            if (name == null) {
                throw ApiError.badRequest("name", "name is required (or give an id)");
            }
            id = Requests.slug(name);
        }
        Requests.id("id", id);
        Query query = parse(Requests.text(body, "query", MAX_QUERY));
        String description = Requests.text(body, "description", 2000);
        Boolean enabled = Requests.bool(body, "enabled");
        TrackedTopic topic;
        synchronized (writeLock) {
            if (definitions.topics.contains(id)) {
                throw ApiError.conflict("id", "a tracked topic '" + id + "' exists already; PUT /api/topics/" + id + " changes it");
            }
            topic = new TrackedTopic(TrackedTopic.SCHEMA_VERSION, id, name == null ? id : name, query.text(), 1,
                    description, enabled == null || enabled, Instant.now());
            definitions.write(definitions.topics, id, topic);
        }
        ctx.status(201).header("Location", "/api/topics/" + id).json(topic);
    }

    private void update(Context ctx) {
        String id = ctx.pathParam("id");
        ObjectNode body = Requests.body(ctx, FIELDS);
        String bodyId = Requests.text(body, "id", 64);
        if (bodyId != null && !bodyId.equals(id)) {
            throw ApiError.badRequest("id", "the id in the body ('" + bodyId + "') differs from the URL ('" + id + "')");
        }
        String name = Requests.text(body, "name", 200);
        String queryText = Requests.text(body, "query", MAX_QUERY);
        Query query = body.has("query") ? parse(queryText) : null;
        String description = Requests.text(body, "description", 2000);
        Boolean enabled = Requests.bool(body, "enabled");
        TrackedTopic updated;
        synchronized (writeLock) {
            TrackedTopic old = existing(id);
            updated = new TrackedTopic(TrackedTopic.SCHEMA_VERSION, id, name != null ? name : old.name(),
                    query != null ? query.text() : old.query(), old.version() + 1,
                    body.has("description") ? description : old.description(), enabled != null ? enabled : old.enabled(),
                    Instant.now());
            definitions.write(definitions.topics, id, updated);
        }
        ctx.json(updated);
    }

    private void delete(Context ctx) {
        String id = ctx.pathParam("id");
        synchronized (writeLock) {
            existing(id);
            definitions.write(definitions.topics, id, null);
        }
        ctx.status(204);
    }

    private void validate(Context ctx) {
        ObjectNode body = Requests.body(ctx, VALIDATE_FIELDS);
        String text = Requests.text(body, "query", MAX_QUERY);
        ObjectNode out = Json.mapper().createObjectNode();
        if (text == null) {
            out.put("valid", false);
            out.setAll(ApiError.body("query is required", "query", 0, "Type a word, a \"phrase\" or a combination with AND, OR, NOT."));
            ctx.json(out);
            return;
        }
        try {
            Query query = compiled(text);
            out.put("valid", true);
            out.set("clauses", Json.mapper().valueToTree(query.clauses()));
            out.put("explain", query.explain());
        } catch (QueryException e) {
            out.put("valid", false);
            out.setAll(ApiError.body(e.getMessage(), "query", e.getPosition(), e.getHint()));
        }
        ctx.json(out);
    }

    private void preview(Context ctx) {
        ObjectNode body = Requests.body(ctx, PREVIEW_FIELDS);
        Query query = parse(Requests.text(body, "query", MAX_QUERY));
        Instant now = Instant.now();
        Instant to = Requests.time(body, "to");
        Instant from = Requests.time(body, "from");
        to = to == null ? now : to;
        from = from == null ? to.minus(Duration.ofDays(7)) : from;
        if (!from.isBefore(to)) {
            throw ApiError.badRequest("from", "from must be before to");
        }
        Integer limit = Requests.integer(body, "limit", 1, 100);
        ctx.json(backtest.run(new Backtest.Request(query, from, to, limit == null ? 20 : limit)));
    }

    private void stats(Context ctx) {
        String id = ctx.pathParam("id");
        Map<String, List<TopicStats>> series = live.stats(id);
        if (!definitions.topics.contains(id) && series.values().stream().allMatch(List::isEmpty)) {
            throw ApiError.notFound("no tracked topic '" + id + "'");
        }
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("topicId", id);
        out.set("series", Json.mapper().valueToTree(series));
        ctx.json(out);
    }

    private void allStats(Context ctx) {
        String window = ctx.queryParam("window");
        window = window == null || window.isBlank() ? "1h" : window;
        if (!LiveData.WINDOWS_KEPT.containsKey(window)) {
            throw ApiError.badRequest("window", "window must be one of 1m, 1h, 1d");
        }
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("window", window);
        ObjectNode topics = out.putObject("topics");
        for (TrackedTopic topic : definitions.topics.values()) {
            topics.set(topic.id(), series(topic.id(), window));
        }
        for (String id : live.topicsWithStats()) {
            if (!topics.has(id)) {
                topics.set(id, series(id, window));
            }
        }
        ctx.json(out);
    }

    private JsonNode series(String topicId, String window) {
        return Json.mapper().valueToTree(live.stats(topicId).getOrDefault(window, List.of()));
    }
}
