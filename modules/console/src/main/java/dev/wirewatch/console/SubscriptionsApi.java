package dev.wirewatch.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wirewatch.core.kafka.Json;
import dev.wirewatch.core.model.Channel;
import dev.wirewatch.core.model.DeliveryMode;
import dev.wirewatch.core.model.Subscription;
import dev.wirewatch.core.secrets.ChannelSecrets;
import dev.wirewatch.core.secrets.SecretKeys;
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
 * <p>Secrets are write-only. A webhook secret is shown in full only in the answer that creates it (or that makes a new
 * one); reads show a masked form, and an update that leaves the secret out (or sends the masked form back) keeps it.
 * A Slack webhook URL is a bearer secret: reads show only its host. Both are sealed with the operator's key
 * ({@link ChannelSecrets}) before they are written to Kafka. Moving a webhook to another URL needs a new secret: one
 * is made (and shown once) unless the update brings its own, so a write key cannot send validly signed deliveries to
 * an endpoint of its choosing.
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
    private final ChannelSecrets secrets;
    private final Object writeLock = new Object();

    SubscriptionsApi(Definitions definitions, LiveData live, OutboundUrls addresses, ChannelSecrets secrets) {
        this.definitions = definitions;
        this.live = live;
        this.addresses = addresses;
        this.secrets = secrets;
    }

    void register(Routes routes) {
        routes.get("/api/subscriptions", Role.READ, ctx -> {
            Requests.Paged<Subscription> page = Requests.page(ctx, definitions.subscriptions.values());
            ctx.json(new Requests.Paged<>(page.items().stream().map(s -> view(s, true)).toList(), page.total(),
                    page.offset(), page.limit()));
        });
        routes.post("/api/subscriptions", Role.WRITE, this::create);
        routes.get("/api/subscriptions/{id}", Role.READ, ctx -> ctx.json(view(existing(ctx.pathParam("id")), true)));
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
        if (definitions.subscriptions.contains(id)) {
            throw exists(id);
        }
        // checked (URL look-ups included) outside the lock that orders writes
        Subscription subscription = read(body, null);
        synchronized (writeLock) {
            if (definitions.subscriptions.contains(id)) {
                throw exists(id);
            }
            definitions.write(definitions.subscriptions, id, sealed(subscription));
        }
        ObjectNode out = view(subscription, false);
        if (subscription.channel().secret() != null) {
            ((ObjectNode) out.get("channel")).put("secret", subscription.channel().secret());
        }
        ctx.status(201).header("Location", "/api/subscriptions/" + id).json(out);
    }

    private static ApiError exists(String id) {
        return ApiError.conflict("id", "a subscription '" + id + "' exists already; PUT /api/subscriptions/" + id
                + " changes it");
    }

    private void update(Context ctx) {
        String id = ctx.pathParam("id");
        ObjectNode body = Requests.body(ctx, FIELDS);
        String bodyId = Requests.text(body, "id", 64);
        if (bodyId != null && !bodyId.equals(id)) {
            throw ApiError.badRequest("id", "the id in the body ('" + bodyId + "') differs from the URL ('" + id + "')");
        }
        body.put("id", id);
        Subscription stored = existing(id);
        Subscription old = opened(stored);
        // checked (URL look-ups included) outside the lock that orders writes
        Subscription updated = read(body, old);
        synchronized (writeLock) {
            if (!stored.equals(definitions.subscriptions.get(id))) {
                throw ApiError.conflict("id", "subscription '" + id + "' was changed or deleted meanwhile; read it and "
                        + "try again");
            }
            definitions.write(definitions.subscriptions, id, sealed(updated));
        }
        ObjectNode out = view(updated, false);
        String secret = updated.channel().secret();
        if (secret != null && !secret.equals(old.channel().secret())) {
            // a new secret (made for a new URL, or given): shown this once
            ((ObjectNode) out.get("channel")).put("secret", secret);
        }
        ctx.json(out);
    }

    private void delete(Context ctx) {
        String id = ctx.pathParam("id");
        synchronized (writeLock) {
            existing(id);
            definitions.write(definitions.subscriptions, id, null);
        }
        ctx.status(204);
    }

    private Subscription sealed(Subscription s) {
        return withChannel(s, secrets.seal(s.id(), s.channel()));
    }

    /**
     * A stored subscription with its secrets opened.
     *
     * @throws ApiError 503 naming the key when a secret cannot be opened with the configured keys (an operator's
     *     fix: add the key to secrets.old-keys)
     */
    private Subscription opened(Subscription stored) {
        try {
            return withChannel(stored, secrets.open(stored.id(), stored.channel()));
        } catch (SecretKeys.SecretException e) {
            throw new ApiError(503, "the secrets of subscription '" + stored.id() + "' cannot be opened here: "
                    + e.getMessage(), "channel", null, null);
        }
    }

    private static Subscription withChannel(Subscription s, Channel channel) {
        return new Subscription(s.schemaVersion(), s.id(), s.name(), s.desk(), s.topics(), s.languages(), s.sources(),
                s.mode(), channel, s.enabled(), s.ownerEmail(), s.updatedAt());
    }

    /** Reads and checks a subscription; {@code old} (for updates, secrets opened) supplies a kept secret. */
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
                String url = addresses.check("channel.url", channel.url());
                boolean sameEndpoint = old != null && Channel.WEBHOOK.equals(old.type()) && url.equals(old.url());
                List<String> oldSecrets = new ArrayList<>();
                if (old != null && Channel.WEBHOOK.equals(old.type())) {
                    if (old.secret() != null) {
                        oldSecrets.add(old.secret());
                    }
                    oldSecrets.addAll(old.previousSecrets());
                }
                String secret = channel.secret() == null || channel.secret().contains(MASK) ? null : channel.secret().strip();
                List<String> previous = channel.previousSecrets();
                if (sameEndpoint) {
                    if (secret == null) {
                        secret = old.secret() != null ? old.secret() : newSecret();
                    }
                    if (previous.stream().anyMatch(p -> p.contains(MASK))) {
                        previous = old.previousSecrets();
                    }
                } else {
                    // a new endpoint must not receive deliveries signed with a secret that an earlier endpoint knows
                    if (secret != null && oldSecrets.contains(secret)) {
                        throw ApiError.badRequest("channel.secret", "a webhook moved to a new URL needs a new secret: "
                                + "leave channel.secret out and one is made (shown once in the answer)");
                    }
                    if (previous.stream().anyMatch(oldSecrets::contains)) {
                        throw ApiError.badRequest("channel.previousSecrets", "a webhook moved to a new URL cannot keep "
                                + "the secrets of its old URL");
                    }
                    secret = secret == null ? newSecret() : secret;
                    previous = previous.stream().filter(p -> !p.contains(MASK)).toList();
                }
                if (!secret.startsWith("whsec_") || secret.length() < 16) {
                    throw ApiError.badRequest("channel.secret", "channel.secret must be whsec_ followed by at least 10 characters "
                            + "(leave it out and one is made)");
                }
                return new Channel(Channel.WEBHOOK, url, secret, previous, List.of());
            }
            case Channel.SLACK -> {
                String url = channel.url();
                if (url != null && url.contains(MASK)) {
                    // the masked form sent back: keep the URL
                    if (old == null || !Channel.SLACK.equals(old.type()) || old.url() == null) {
                        throw ApiError.badRequest("channel.url", "channel.url is the masked form of a URL this "
                                + "subscription does not have: give the full Slack webhook URL");
                    }
                    url = old.url();
                }
                url = addresses.check("channel.url", url);
                return new Channel(Channel.SLACK, url, null, List.of(), List.of());
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

    /**
     * The subscription as the API shows it: secrets masked, with its delivery status.
     *
     * @param stored whether {@code s} is as stored (secrets sealed) rather than opened
     */
    ObjectNode view(Subscription s, boolean stored) {
        Channel c = s.channel();
        if (stored) {
            try {
                c = secrets.open(s.id(), c);
            } catch (SecretKeys.SecretException e) {
                c = new Channel(c.type(), Channel.SLACK.equals(c.type()) ? "(sealed: " + e.getMessage() + ")" : c.url(),
                        c.secret() == null ? null : "whsec_" + MASK, List.of(), c.to());
            }
        }
        List<String> previous = new ArrayList<>();
        c.previousSecrets().forEach(p -> previous.add(mask(p)));
        String url = Channel.SLACK.equals(c.type()) && c.url() != null && !c.url().startsWith("(") ? maskUrl(c.url()) : c.url();
        Channel masked = new Channel(c.type(), url, c.secret() == null ? null : mask(c.secret()), previous, c.to());
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

    /** A Slack URL as shown: scheme and host, the rest (the token) hidden. */
    static String maskUrl(String url) {
        int start = url.indexOf("://");
        int slash = start < 0 ? -1 : url.indexOf('/', start + 3);
        return (slash < 0 ? url : url.substring(0, slash)) + "/" + MASK;
    }

    private static String mask(String secret) {
        return secret.length() <= 12 ? "whsec_" + MASK : secret.substring(0, 6) + MASK + secret.substring(secret.length() - 4);
    }
}
