package org.muster.server.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.muster.protocol.v1.Actor;
import org.muster.protocol.v1.Device;
import org.muster.protocol.v1.DeviceProtocol;
import org.muster.server.auth.Principal;
import org.muster.server.auth.Role;
import org.muster.server.auth.TokenService;
import org.muster.server.events.DeviceCommands;
import org.muster.server.events.Rejection;
import org.muster.server.live.LivePicture;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * {@code /api/v1/devices}: the registry of field devices, each bound to a team; and device tokens for {@code /ws/device}.
 * For JT/T 808 terminals the id is the terminal's phone number (its BCD digits).
 */
final class DevicesEndpoint implements Endpoint {
    private final LivePicture live;
    private final DeviceCommands commands;
    private final CommandResponder responder;
    private final TokenService tokens;

    DevicesEndpoint(LivePicture live, DeviceCommands commands, CommandResponder responder, TokenService tokens) {
        this.live = live;
        this.commands = commands;
        this.responder = responder;
        this.tokens = tokens;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/devices").handler(Access.allow(Access.READERS)).handler(this::list);
        router.get("/api/v1/devices/:id").handler(Access.allow(Access.READERS)).handler(this::get);
        router.put("/api/v1/devices/:id").handler(Access.allow(Access.TEAM_WRITERS)).handler(this::put);
        router.delete("/api/v1/devices/:id").handler(Access.allow(Access.TEAM_WRITERS)).handler(this::delete);
        router.post("/api/v1/devices/:id/token").handler(Access.allow(Access.TEAM_WRITERS)).handler(this::token);
    }

    private void list(RoutingContext ctx) {
        String team = ctx.request().getParam("team");
        JsonArray items = new JsonArray();
        live.devices().stream().filter(d -> team == null || d.getTeamId().equals(team))
                .sorted(Comparator.comparing(Device::getId)).forEach(d -> items.add(write(d)));
        ctx.json(new JsonObject().put("items", items));
    }

    private void get(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        live.deviceNow(id).map(found -> found.orElseThrow(() -> Rejection.notFound("device", id))).onSuccess(d -> {
            ctx.response().putHeader("ETag", Requests.etag(d.getVersion()));
            ctx.json(write(d));
        }).onFailure(ctx::fail);
    }

    private void put(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (!id.matches(TeamJson.ID_PATTERN)) {
            throw Rejection.invalid("id", "must be 1 to 64 letters, digits or . _ : -");
        }
        JsonReader r = JsonReader.of(Requests.object(ctx)).only(Set.of("id", "teamId", "protocol", "name", "primary",
                "registeredAt", "version", "regionCode"));
        r.optString("id", 64).ifPresent(bodyId -> {
            if (!bodyId.equals(id)) {
                throw Rejection.invalid("id", "differs from the id in the path (" + id + ")");
            }
        });
        DeviceProtocol protocol = r.enumValue(DeviceProtocol.class, "protocol");
        if (protocol == DeviceProtocol.DEVICE_PROTOCOL_JT808 && !id.matches("\\d{11,20}")) {
            throw Rejection.invalid("id", "a JT/T 808 terminal is identified by its phone number: 11 to 20 digits");
        }
        Device draft = Device.newBuilder().setId(id).setTeamId(r.string("teamId", 64)).setProtocol(protocol)
                .setName(r.optString("name", 200).orElse("")).setPrimary(r.optBoolean("primary").orElse(false)).build();
        Actor actor = Requests.actor(ctx);
        OptionalLong ifMatch = Requests.ifMatch(ctx);
        responder.respond(ctx, tx -> commands.register(tx, actor, draft, ifMatch).map(o -> Reply.json(o.created() ? 201 : 200,
                write(o.device()), Map.of("ETag", Requests.etag(o.device().getVersion())))));
    }

    private void delete(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Actor actor = Requests.actor(ctx);
        OptionalLong ifMatch = Requests.ifMatch(ctx);
        responder.respond(ctx, tx -> commands.unregister(tx, actor, id, ifMatch).map(d -> Reply.json(204, null, Map.of())));
    }

    /** A token with which the device (and only it) sends positions over /ws/device; valid a year unless asked shorter. */
    private void token(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Principal p = Access.principal(ctx);
        long ttl = 366L * 86_400;
        if (ctx.body() != null && ctx.body().length() > 0) {
            ttl = JsonReader.of(Requests.object(ctx)).only(Set.of("ttlSeconds")).optLong("ttlSeconds", 60, ttl).orElse(ttl);
        }
        long seconds = ttl;
        // read from the key's owner, so that a device registered a moment ago (through any member) is found
        live.deviceNow(id).map(found -> {
            Device d = found.orElseThrow(() -> Rejection.notFound("device", id));
            if (!p.covers(d.getRegionCode()) && p.role() != Role.ADMIN) {
                throw new Rejection(org.muster.protocol.v1.ErrorCode.ERROR_CODE_FORBIDDEN, "device " + id + " belongs to region "
                        + d.getRegionCode() + ", outside this token's regions");
            }
            TokenService.Issued issued = tokens.issue("device:" + id, Role.DEVICE, List.of(), id, Duration.ofSeconds(seconds));
            return new JsonObject().put("token", issued.token()).put("tokenType", "Bearer").put("deviceId", id)
                    .put("expiresAt", issued.expiresAt().toString());
        }).onSuccess(body -> {
            ctx.response().setStatusCode(201);
            ctx.json(body);
        }).onFailure(ctx::fail);
    }

    static JsonObject write(Device d) {
        return new JsonObject().put("id", d.getId()).put("teamId", d.getTeamId()).put("protocol", Enums.name(d.getProtocol()))
                .put("name", d.getName().isEmpty() ? null : d.getName()).put("primary", d.getPrimary())
                .put("regionCode", d.getRegionCode())
                .put("registeredAt", TeamJson.time(d.getRegisteredMs())).put("version", d.getVersion());
    }
}
