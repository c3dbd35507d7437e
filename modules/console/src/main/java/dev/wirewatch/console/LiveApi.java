package dev.wirewatch.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wirewatch.core.kafka.Json;
import dev.wirewatch.core.model.Alert;
import dev.wirewatch.core.model.Mention;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Recent mentions, the live stream of new ones, and the alert stream of the live-stream (sse) channel. */
final class LiveApi {

    private final Definitions definitions;
    private final LiveData live;
    private final Duration heartbeat;

    LiveApi(Definitions definitions, LiveData live, Duration heartbeat) {
        this.definitions = definitions;
        this.live = live;
        this.heartbeat = heartbeat;
    }

    void register(Routes routes) {
        routes.get("/api/mentions", Role.READ, ctx -> {
            String topic = blankToNull(ctx.queryParam("topic"));
            String story = blankToNull(ctx.queryParam("story"));
            int limit = Requests.intParam(ctx, "limit", 50, 1, 1000);
            List<Mention> items = live.recentMentions(topic, story, limit);
            ObjectNode out = Json.mapper().createObjectNode();
            out.set("items", Json.mapper().valueToTree(items));
            out.put("limit", limit);
            out.put("caughtUp", live.caughtUp());
            ctx.json(out);
        });
        routes.get("/api/mentions/stream", Role.READ, ctx -> {
            String topic = blankToNull(ctx.queryParam("topic"));
            EventStream.serve(ctx, live.mentionStream(), m -> topic == null || topic.equals(m.topicId()), "mention",
                    Mention::id, heartbeat);
        });
        routes.get("/api/definitions/stream", Role.READ, ctx -> EventStream.serve(ctx, definitions.changes(),
                c -> true, "definition", c -> Long.toString(c.seq()), heartbeat));
        routes.get("/api/freshness", Role.READ, ctx -> {
            ObjectNode out = Json.mapper().createObjectNode();
            out.set("windows", Json.mapper().valueToTree(live.freshness(Instant.now())));
            out.put("caughtUp", live.caughtUp());
            out.put("note", "delay from publication to the first real-time alert of each article and topic; digests "
                    + "are left out");
            ctx.json(out);
        });
        routes.get("/api/alerts/stream", Role.READ, ctx -> {
            String subscription = blankToNull(ctx.queryParam("subscription"));
            if (subscription == null) {
                throw ApiError.badRequest("subscription", "subscription is required: /api/alerts/stream?subscription=ID");
            }
            if (!definitions.subscriptions.contains(subscription)) {
                throw ApiError.notFound("no subscription '" + subscription + "'");
            }
            EventStream.serve(ctx, live.alertStream(), a -> subscription.equals(a.subscriptionId()), "alert", Alert::id,
                    heartbeat);
        });
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
