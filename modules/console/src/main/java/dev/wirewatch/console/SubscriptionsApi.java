package dev.wirewatch.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wirewatch.core.kafka.Json;
import dev.wirewatch.core.model.Channel;
import dev.wirewatch.core.model.DeliveryMode;
import dev.wirewatch.core.model.Subscription;
import io.javalin.http.Context;
import java.security.SecureRandom;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code /api/subscriptions}: who is told about which topics and how, with the delivery status of each.
 *
 * <p>Webhook secrets are shown in full only in the answer that creates them; reads show a masked form, and an update
 * that leaves the secret out (or sends the masked form back) keeps it.
 */
final class SubscriptionsApi {

    /** The fields of a subscription (Subscription in openapi.json), of its channel and of its mode. */
    static final Set<String> FIELDS = Set.of("id", "name", "desk", "topics", "languages", "sources", "mode", "channel",
            "enabled", "ownerEmail");
    static final Set<String> CHANNEL_FIELDS = Set.of("type", "url", "secret", "previousSecrets", "to");
    static final Set<String> MODE_FIELDS = Set.of("type", "digestEveryMinutes", "digestAt", "timeZone", "maxPerHour",
            "quietFrom", "quietUntil", "syndicated");

    private static final Set<String> CHANNELS = Set.of(Channel.WEBHOOK, Channel.SLACK, Channel.EMAIL, Channel.SSE);
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[a-z0-9]{2,8})*");
    private static final Pattern HOST = Pattern.compile("[a-z0-9.-]+\\.[a-z]{2,}");
    private static final String MASK = "\u2026";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Definitions definitions;
    private final LiveData live;
    private final OutboundUrls addresses;
    private final Object writeLock = new Object();

    SubscriptionsApi(Definitions definitions, LiveData live, OutboundUrls addresses) {
        this.definitions = definitions;
        this.live = live;
        this.addresses = addresses;
    }

    void register(Routes routes) {
        routes.get("/api/subscriptions", Role.READ, ctx -> {
            Requests.Paged<Subscription> page = Requests.page(ctx, definitions.subscriptions.values());
            ctx.json(new Requests.Paged<>(page.items().stream().map(this::view).toList(), page.total(), page.offset(),
                    page.limit()));
        });
        routes.post("/api/subscriptions", Role.WRITE, this::create);
        routes.get("/api/subscriptions/{id}", Role.READ, ctx -> ctx.json(view(existing(ctx.pathParam("id")))));
        routes.put("/api/subscriptions/{id}", Role.WRITE, this::update);
        routes.delete("/api/subscriptions/{id}", Role.WRITE, this::delete);
        routes.get("/api/subscriptions/{id}/deliveries", Role.READ, ctx -> {
            Subscription s = existing(ctx.pathParam("id"));
            LiveData.DeliveryStatus status = live.deliveryStatus(s.id());
            ctx.json(status != null ? status
                    : new LiveData.DeliveryStatus(s.id(), 0, 0, 0, 0, null, null, List.of()));
        });
    }

    private Subscription existing(String id) {
        Subscription s = definitions.subscriptions.get(id);
        if (s == null) {
            throw ApiError.notFound("no subscription '" + id + "'");
        }
        return s;
    }

    private void create(Context ctx) {
        ObjectNode body = Requests.body(ctx, FIELDS);
        String id = Requests.text(body, "id", 64);
        if (id == null) {
            String name = Requests.text(body, "name", 200);
            if (name == null) {
                throw ApiError.badRequest("name", "name is required (or give an id)");
            }
            id = Requests.slug(name);
        }
        Requests.id("id", id);
        body.put("id", id);
        Subscription subscription;
        synchronized (writeLock) {
            if (definitions.subscriptions.contains(id)) {
                throw ApiError.conflict("id", "a subscription '" + id + "' exists already; PUT /api/subscriptions/" + id
                        + " changes it");
            }
            subscription = read(body, null);
            definitions.write(definitions.subscriptions, id, subscription);
        }
        ObjectNode out = view(subscription);
        if (subscription.channel().secret() != null) {
            ((ObjectNode) out.get("channel")).put("secret", subscription.channel().secret());
        }
        ctx.status(201).header("Location", "/api/subscriptions/" + id).json(out);
    }

    private void update(Context ctx) {
        String id = ctx.pathParam("id");
        ObjectNode body = Requests.body(ctx, FIELDS);
        String bodyId = Requests.text(body, "id", 64);
        if (bodyId != null && !bodyId.equals(id)) {
            throw ApiError.badRequest("id", "the id in the body ('" + bodyId + "') differs from the URL ('" + id + "')");
        }
        body.put("id", id);
        Subscription updated;
        synchronized (writeLock) {
            Subscription old = existing(id);
            updated = read(body, old);
            definitions.write(definitions.subscriptions, id, updated);
        }
        ctx.json(view(updated));
    }

    private void delete(Context ctx) {
        String id = ctx.pathParam("id");
        synchronized (writeLock) {
            existing(id);
            definitions.write(definitions.subscriptions, id, null);
        }
        ctx.status(204);
    }

    /** Reads and checks a subscription; {@code old} (for updates) supplies a kept secret. */
    private Subscription read(ObjectNode body, Subscription old) {
        if (!body.has("enabled")) {
            body.put("enabled", old == null || old.enabled());
        }
        JsonNode channelNode = body.get("channel");
        Requests.onlyFields(channelNode, "channel", CHANNEL_FIELDS);
        Requests.onlyFields(body.get("mode"), "mode", MODE_FIELDS);
        if (channelNode == null || !channelNode.isObject()) {
            throw ApiError.badRequest("channel", "channel is required: {\"type\": \"webhook|slack|email|sse\", ...}");
        }
        JsonNode type = channelNode.get("type");
        if (type == null || !type.isTextual() || !CHANNELS.contains(type.asText().strip().toLowerCase(java.util.Locale.ROOT))) {
            throw ApiError.badRequest("channel.type", "channel.type must be webhook, slack, email or sse");
        }
        JsonNode modeNode = body.get("mode");
        if (modeNode != null && modeNode.isTextual()) {
            body.putObject("mode").put("type", modeNode.asText());
        } else if (modeNode != null && modeNode.isObject() && !modeNode.has("type")) {
            throw ApiError.badRequest("mode.type", "mode.type must be realtime or digest");
        }
        body.put("updatedAt", Instant.now().toString());
        body.put("schemaVersion", Subscription.SCHEMA_VERSION);
        Subscription s = Requests.convert(body, Subscription.class, null);
        if (s.topics().isEmpty()) {
            throw ApiError.badRequest("topics", "topics must name at least one tracked topic");
        }
        for (String topic : s.topics()) {
            if (!definitions.topics.contains(topic)) {
                throw ApiError.badRequest("topics", "unknown tracked topic '" + topic + "'");
            }
        }
        for (String language : s.languages()) {
            if (!LANGUAGE.matcher(language).matches()) {
                throw ApiError.badRequest("languages", "'" + language + "' is not a language code such as es or en");
            }
        }
        for (String source : s.sources()) {
            if (!HOST.matcher(source).matches()) {
                throw ApiError.badRequest("sources", "'" + source + "' is not a host name such as elfaro.net");
            }
        }
        if (s.ownerEmail() != null && !EMAIL.matcher(s.ownerEmail()).matches()) {
            throw ApiError.badRequest("ownerEmail", "ownerEmail is not an e-mail address");
        }
        checkMode(s.mode());
        Channel channel = checkChannel(s.channel(), old == null ? null : old.channel());
        return new Subscription(Subscription.SCHEMA_VERSION, s.id(), s.name(), s.desk(), s.topics(), s.languages(),
                s.sources(), s.mode(), channel, s.enabled(), s.ownerEmail(), Instant.now());
    }

    private static void checkMode(DeliveryMode mode) {
        if (!mode.type().equals(DeliveryMode.REALTIME) && !mode.type().equals(DeliveryMode.DIGEST)) {
            throw ApiError.badRequest("mode.type", "mode.type must be realtime or digest");
        }
        if (mode.type().equals(DeliveryMode.DIGEST) && mode.digestAt() == null && mode.digestEveryMinutes() == null) {
            throw ApiError.badRequest("mode.digestAt", "a digest needs mode.digestAt (a time such as 07:30) or mode.digestEveryMinutes");
        }
        if (mode.digestEveryMinutes() != null && (mode.digestEveryMinutes() < 1 || mode.digestEveryMinutes() > 7 * 24 * 60)) {
            throw ApiError.badRequest("mode.digestEveryMinutes", "mode.digestEveryMinutes must be between 1 and 10080");
        }
        try {
            ZoneId.of(mode.timeZone());
        } catch (DateTimeException e) {
            throw ApiError.badRequest("mode.timeZone", "'" + mode.timeZone() + "' is not a time zone such as America/El_Salvador");
        }
        if (mode.maxPerHour() != null && mode.maxPerHour() < 1) {
            throw ApiError.badRequest("mode.maxPerHour", "mode.maxPerHour must be at least 1 (leave it out for no budget)");
        }
        if ((mode.quietFrom() == null) != (mode.quietUntil() == null)) {
            throw ApiError.badRequest(mode.quietFrom() == null ? "mode.quietFrom" : "mode.quietUntil",
                    "quiet hours need both mode.quietFrom and mode.quietUntil");
        }
        if (!mode.syndicated().equals("fold") && !mode.syndicated().equals("drop")) {
            throw ApiError.badRequest("mode.syndicated", "mode.syndicated must be fold or drop");
        }
    }

    private Channel checkChannel(Channel channel, Channel old) {
        switch (channel.type()) {
            case Channel.WEBHOOK -> {
                addresses.check("channel.url", channel.url());
                String secret = channel.secret();
                List<String> previous = channel.previousSecrets();
                if (secret == null || secret.contains(MASK)) {
                    secret = old != null && Channel.WEBHOOK.equals(old.type()) && old.secret() != null ? old.secret() : newSecret();
                }
                if (!secret.startsWith("whsec_") || secret.length() < 16) {
                    throw ApiError.badRequest("channel.secret", "channel.secret must be whsec_ followed by at least 10 characters "
                            + "(leave it out and one is made)");
                }
                if (old != null && previous.stream().anyMatch(p -> p.contains(MASK))) {
                    previous = old.previousSecrets();
                }
                return new Channel(Channel.WEBHOOK, channel.url().strip(), secret, previous, List.of());
            }
            case Channel.SLACK -> {
                addresses.check("channel.url", channel.url());
                return new Channel(Channel.SLACK, channel.url().strip(), null, List.of(), List.of());
            }
            case Channel.EMAIL -> {
                if (channel.to().isEmpty()) {
                    throw ApiError.badRequest("channel.to", "an e-mail channel needs channel.to: a list of addresses");
                }
                for (String to : channel.to()) {
                    if (!EMAIL.matcher(to).matches()) {
                        throw ApiError.badRequest("channel.to", "'" + to + "' is not an e-mail address");
                    }
                }
                return new Channel(Channel.EMAIL, null, null, List.of(), channel.to());
            }
            default -> {
                return Channel.sse();
            }
        }
    }

    private static String newSecret() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return "whsec_" + Base64.getEncoder().encodeToString(bytes);
    }

    /** The subscription as the API shows it: secrets masked, with its delivery status. */
    ObjectNode view(Subscription s) {
        Channel c = s.channel();
        List<String> previous = new ArrayList<>();
        c.previousSecrets().forEach(p -> previous.add(mask(p)));
        Channel masked = new Channel(c.type(), c.url(), c.secret() == null ? null : mask(c.secret()), previous, c.to());
        Subscription shown = new Subscription(s.schemaVersion(), s.id(), s.name(), s.desk(), s.topics(), s.languages(),
                s.sources(), s.mode(), masked, s.enabled(), s.ownerEmail(), s.updatedAt());
        ObjectNode out = Json.mapper().valueToTree(shown);
        LiveData.DeliveryStatus status = live.deliveryStatus(s.id());
        ObjectNode delivery = out.putObject("delivery");
        if (status == null) {
            delivery.put("state", "none");
        } else {
            delivery.put("state", status.last() == null ? "none" : status.last().outcome());
            delivery.put("delivered", status.delivered());
            delivery.put("failed", status.failed());
            delivery.put("gaveUp", status.gaveUp());
            if (status.last() != null) {
                delivery.set("lastAttempt", Json.mapper().valueToTree(status.last()));
            }
            if (status.lastDeliveredAt() != null) {
                delivery.put("lastDeliveredAt", status.lastDeliveredAt().toString());
            }
        }
        return out;
    }

    private static String mask(String secret) {
        return secret.length() <= 12 ? "whsec_" + MASK : secret.substring(0, 6) + MASK + secret.substring(secret.length() - 4);
    }
}
