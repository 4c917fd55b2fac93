package org.muster.server.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.muster.protocol.v1.Actor;
import org.muster.protocol.v1.Incident;
import org.muster.server.events.IncidentCommands;
import org.muster.server.events.Rejection;
import org.muster.server.live.LivePicture;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** {@code /api/v1/incidents}: report, read, list with filters, update (JSON merge patch). */
final class IncidentsEndpoint implements Endpoint {
    private final LivePicture live;
    private final IncidentCommands commands;
    private final CommandResponder responder;

    IncidentsEndpoint(LivePicture live, IncidentCommands commands, CommandResponder responder) {
        this.live = live;
        this.commands = commands;
        this.responder = responder;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/incidents").handler(Access.allow(Access.READERS)).handler(this::list);
        router.post("/api/v1/incidents").handler(Access.allow(Access.COMMANDERS)).handler(this::report);
        router.get("/api/v1/incidents/:id").handler(Access.allow(Access.READERS)).handler(this::get);
        router.patch("/api/v1/incidents/:id").handler(Access.allow(Access.COMMANDERS)).handler(this::patch);
    }

    /** Newest first; the cursor is the last id of the previous page (ids sort by creation time). */
    private void list(RoutingContext ctx) {
        var filter = Filters.incidents(ctx);
        int limit = Requests.limit(ctx, 100, 1000);
        String cursor = ctx.request().getParam("cursor");
        List<Incident> page = live.incidents().stream()
                .filter(filter)
                .filter(i -> cursor == null || i.getId().compareTo(cursor) < 0)
                .sorted(Comparator.comparing(Incident::getId).reversed())
                .limit(limit + 1L)
                .toList();
        JsonArray items = new JsonArray();
        page.stream().limit(limit).forEach(i -> items.add(IncidentJson.write(i)));
        String next = page.size() > limit ? page.get(limit - 1).getId() : null;
        ctx.json(new JsonObject().put("items", items).put("next", next));
    }

    private void get(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        live.incident(id).map(i -> i.orElseThrow(() -> Rejection.notFound("incident", id))).onSuccess(incident -> {
            ctx.response().putHeader("ETag", Requests.etag(incident.getVersion()));
            ctx.json(IncidentJson.write(incident));
        }).onFailure(ctx::fail);
    }

    private void report(RoutingContext ctx) {
        JsonObject body = Requests.object(ctx);
        if (body.containsKey("status")) {
            throw Rejection.invalid("status", "a new incident is REPORTED; change its status afterwards with PATCH");
        }
        Incident draft = IncidentJson.read(body);
        Actor actor = Requests.actor(ctx);
        responder.respond(ctx, tx -> commands.report(tx, actor, draft).map(o -> reply(o.incident(), 201)));
    }

    private void patch(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        JsonObject patch = Requests.object(ctx).copy();
        Object bodyId = patch.getValue("id");
        if (bodyId != null && !id.equals(bodyId)) {
            throw Rejection.invalid("id", "differs from the id in the path (" + id + ")");
        }
        // Sending requirements overrides the plan's; sending null returns to them.
        if (patch.containsKey("requirements") && !patch.containsKey("requirementsOverridden")) {
            patch.put("requirementsOverridden", patch.getValue("requirements") != null);
        }
        Actor actor = Requests.actor(ctx);
        OptionalLong ifMatch = Requests.ifMatch(ctx);
        responder.respond(ctx, tx -> commands.update(tx, actor, id,
                current -> IncidentJson.read(MergePatch.apply(IncidentJson.write(current), patch)), ifMatch)
                .map(o -> reply(o.incident(), 200)));
    }

    private static Reply reply(Incident i, int status) {
        return Reply.json(status, IncidentJson.write(i), Map.of("ETag", Requests.etag(i.getVersion()),
                "Location", "/api/v1/incidents/" + i.getId()));
    }
}
