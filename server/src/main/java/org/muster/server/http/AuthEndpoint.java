package org.muster.server.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.muster.server.auth.LoginLinks;
import org.muster.server.auth.Principal;
import org.muster.server.auth.Role;
import org.muster.server.auth.TokenService;
import org.muster.server.events.Rejection;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Signing in and tokens: {@code POST /api/v1/auth/exchange} trades a one-time code for a token (the only operation
 * without a token); {@code GET /api/v1/auth/me} says who the token is; admins issue tokens for regional centres,
 * dispatchers, observers and devices ({@code POST /api/v1/tokens}) and one-time sign-in links
 * ({@code POST /api/v1/login-links}).
 */
final class AuthEndpoint implements Endpoint {
    static final String EXCHANGE = "/api/v1/auth/exchange";
    private static final Duration MAX_NON_DEVICE_TTL = Duration.ofDays(30);

    private final TokenService tokens;
    private final LoginLinks links;

    AuthEndpoint(TokenService tokens, LoginLinks links) {
        this.tokens = tokens;
        this.links = links;
    }

    @Override
    public void mount(Router router) {
        router.post(EXCHANGE).handler(this::exchange);
        router.get("/api/v1/auth/me").handler(this::me);
        router.post("/api/v1/tokens").handler(Access.allow(Access.ADMINS)).handler(this::issue);
        router.post("/api/v1/login-links").handler(Access.allow(Access.ADMINS)).handler(this::createLink);
    }

    private void exchange(RoutingContext ctx) {
        JsonReader r = JsonReader.of(Requests.object(ctx)).only(Set.of("code"));
        links.exchange(r.string("code", 200))
                .onSuccess(issued -> ctx.json(issued(issued)))
                .onFailure(ctx::fail);
    }

    private void me(RoutingContext ctx) {
        Principal p = Access.principal(ctx);
        ctx.json(new JsonObject().put("subject", p.subject()).put("role", p.role().claim())
                .put("regions", new JsonArray(p.regions())).put("deviceId", p.deviceId().isEmpty() ? null : p.deviceId()));
    }

    private void issue(RoutingContext ctx) {
        JsonReader r = JsonReader.of(Requests.object(ctx)).only(Set.of("subject", "role", "regions", "deviceId", "ttlSeconds"));
        String subject = r.string("subject", 200);
        Role role = role(r);
        List<String> regions = regions(r, role);
        String device = r.optMatching("deviceId", "[A-Za-z0-9._:-]{1,64}", "a device id").orElse("");
        if (role == Role.DEVICE && device.isEmpty()) {
            throw Rejection.invalid("deviceId", "a device token must name its device");
        }
        if (role != Role.DEVICE && !device.isEmpty()) {
            throw Rejection.invalid("deviceId", "only device tokens name a device");
        }
        Duration ttl = r.optLong("ttlSeconds", 60, 366L * 86_400).map(Duration::ofSeconds).orElse(null);
        if (ttl != null && role != Role.DEVICE && ttl.compareTo(MAX_NON_DEVICE_TTL) > 0) {
            throw Rejection.invalid("ttlSeconds", "tokens for people last at most 30 days; only device tokens last longer");
        }
        TokenService.Issued issued = tokens.issue(subject, role, regions, device, ttl);
        ctx.response().setStatusCode(201);
        ctx.json(issued(issued));
    }

    private void createLink(RoutingContext ctx) {
        JsonReader r = JsonReader.of(Requests.object(ctx)).only(Set.of("subject", "role", "regions", "validForSeconds"));
        String subject = r.string("subject", 200);
        Role role = role(r);
        if (role == Role.DEVICE) {
            throw Rejection.invalid("role", "devices do not sign in to the console; issue them a token");
        }
        List<String> regions = regions(r, role);
        Duration valid = Duration.ofSeconds(r.optLong("validForSeconds", 60, 7L * 86_400).orElse(86_400L));
        links.create(subject, role, regions, valid, Access.principal(ctx).subject())
                .onSuccess(link -> {
                    ctx.response().setStatusCode(201);
                    ctx.json(new JsonObject().put("path", "/#login=" + link.code()).put("code", link.code())
                            .put("expiresAt", link.expiresAt().toString()));
                })
                .onFailure(ctx::fail);
    }

    private static Role role(JsonReader r) {
        String claim = r.string("role", 32);
        return Role.fromClaim(claim).orElseThrow(() -> Rejection.invalid("role",
                "'" + claim + "' is not one of admin, dispatcher, regional-centre, device, observer"));
    }

    private static List<String> regions(JsonReader r, Role role) {
        List<String> regions = r.strings("regions", 100, 6);
        for (int i = 0; i < regions.size(); i++) {
            if (!regions.get(i).matches("\\d{6}")) {
                throw Rejection.invalid("regions[" + i + "]", "must be a six-digit GB/T 2260 code");
            }
        }
        if (role == Role.REGIONAL_CENTRE && regions.isEmpty()) {
            throw Rejection.invalid("regions", "a regional centre's token must name its regions");
        }
        return regions;
    }

    private static JsonObject issued(TokenService.Issued i) {
        return new JsonObject().put("token", i.token()).put("tokenType", "Bearer")
                .put("expiresAt", i.expiresAt().toString()).put("subject", i.principal().subject())
                .put("role", i.principal().role().claim()).put("regions", new JsonArray(i.principal().regions()));
    }
}
