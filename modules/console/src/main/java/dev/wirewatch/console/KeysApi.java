package dev.wirewatch.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wirewatch.core.kafka.Json;
import dev.wirewatch.core.model.ApiKey;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Set;

/**
 * {@code /api/keys}: API keys for admins (create, list, revoke) and {@code /api/me} for any key. A key is shown once,
 * when it is made; only its salted hash is stored.
 */
final class KeysApi {

    /** The fields of a new API key (ApiKeyInput in openapi.json). */
    static final Set<String> FIELDS = Set.of("name", "role");

    private final Definitions definitions;
    private final Auth auth;

    KeysApi(Definitions definitions, Auth auth) {
        this.definitions = definitions;
        this.auth = auth;
    }

    void register(Routes routes) {
        routes.get("/api/me", Role.READ, ctx -> {
            Auth.Principal p = auth.authorize(ctx, Role.READ);
            ObjectNode out = Json.mapper().createObjectNode();
            out.put("keyId", p.keyId());
            out.put("name", p.name());
            out.put("role", p.role().id());
            ctx.json(out);
        });
        routes.get("/api/keys", Role.ADMIN, ctx -> ctx.json(Requests.page(ctx,
                definitions.apiKeys.values().stream().map(KeysApi::view).toList())));
        routes.post("/api/keys", Role.ADMIN, this::create);
        routes.delete("/api/keys/{id}", Role.ADMIN, this::revoke);
    }

    private void create(Context ctx) {
        ObjectNode body = Requests.body(ctx, FIELDS);
        String name = Requests.requiredText(body, "name", 200);
        String roleText = Requests.requiredText(body, "role", 10);
        Role role = Role.parse(roleText);
        if (role == null) {
            throw ApiError.badRequest("role", "role must be read, write or admin");
        }
        String id = KeyHashes.newId();
        String key = KeyHashes.newKey(id);
        ApiKey stored = new ApiKey(ApiKey.SCHEMA_VERSION, id, name, role.id(), KeyHashes.hash(key), Instant.now(), false);
        definitions.write(definitions.apiKeys, id, stored);
        ObjectNode out = view(stored);
        out.put("key", key);
        ctx.status(201).header("Location", "/api/keys/" + id).json(out);
    }

    private void revoke(Context ctx) {
        String id = ctx.pathParam("id");
        ApiKey old = definitions.apiKeys.get(id);
        if (old == null) {
            throw ApiError.notFound("no API key '" + id + "'");
        }
        definitions.write(definitions.apiKeys, id, new ApiKey(old.schemaVersion(), id, old.name(), old.role(), old.hash(),
                old.createdAt(), true));
        ctx.status(204);
    }

    /** A key as listed: never its hash. */
    private static ObjectNode view(ApiKey key) {
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("id", key.id());
        out.put("name", key.name());
        out.put("role", key.role());
        if (key.createdAt() != null) {
            out.put("createdAt", key.createdAt().toString());
        }
        out.put("revoked", key.revoked());
        return out;
    }
}
