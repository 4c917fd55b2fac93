package org.muster.server.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.muster.protocol.v1.Actor;
import org.muster.protocol.v1.Alert;
import org.muster.protocol.v1.Assignment;
import org.muster.protocol.v1.AssignmentStatus;
import org.muster.server.events.AlertCommands;
import org.muster.server.events.DispatchCommands;
import org.muster.server.events.Dispatcher;
import org.muster.server.events.Rejection;
import org.muster.server.live.LivePicture;
import org.muster.server.store.EventStore;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Dispatch over HTTP: assignments of an incident ({@code POST} dispatches one or several teams, all or nothing),
 * moving an assignment on, reassigning a team, alerts and their acknowledgement, and an incident's timeline.
 */
final class DispatchEndpoint implements Endpoint {
    static final int MAX_TEAMS = 100;
    private final LivePicture live;
    private final Dispatcher dispatcher;
    private final DispatchCommands commands;
    private final AlertCommands alerts;
    private final EventStore store;
    private final CommandResponder responder;

    DispatchEndpoint(LivePicture live, Dispatcher dispatcher, DispatchCommands commands, AlertCommands alerts,
                     EventStore store, CommandResponder responder) {
        this.live = live;
        this.dispatcher = dispatcher;
        this.commands = commands;
        this.alerts = alerts;
        this.store = store;
        this.responder = responder;
    }

    @Override
    public void mount(Router router) {
        router.post("/api/v1/incidents/:id/assignments").handler(Access.allow(Access.COMMANDERS)).handler(this::dispatch);
        router.get("/api/v1/incidents/:id/assignments").handler(Access.allow(Access.READERS)).handler(this::listForIncident);
        router.get("/api/v1/incidents/:id/timeline").handler(Access.allow(Access.READERS)).handler(this::timeline);
        router.get("/api/v1/assignments/:id").handler(Access.allow(Access.READERS)).handler(this::get);
        router.patch("/api/v1/assignments/:id").handler(Access.allow(Access.TEAM_WRITERS)).handler(this::move);
        router.post("/api/v1/assignments/:id/reassign").handler(Access.allow(Access.COMMANDERS)).handler(this::reassign);
        router.get("/api/v1/alerts").handler(Access.allow(Access.READERS)).handler(this::listAlerts);
        router.post("/api/v1/alerts/:id/acknowledge").handler(Access.allow(Access.COMMANDERS)).handler(this::acknowledge);
    }

    private void dispatch(RoutingContext ctx) {
        String incidentId = ctx.pathParam("id");
        JsonReader r = JsonReader.of(Requests.object(ctx)).only(Set.of("teamIds", "note"));
        List<String> teamIds = r.strings("teamIds", MAX_TEAMS, 64);
        if (teamIds.isEmpty()) {
            throw Rejection.invalid("teamIds", "name at least one team");
        }
        if (new HashSet<>(teamIds).size() != teamIds.size()) {
            throw Rejection.invalid("teamIds", "a team is named twice");
        }
        String note = r.optString("note", 2000).orElse("");
        Actor actor = Requests.actor(ctx);
        responder.respond(ctx, tx -> dispatcher.dispatch(tx, actor, incidentId, teamIds, note).map(d -> {
            JsonArray made = new JsonArray();
            d.assignments().forEach(a -> made.add(DispatchJson.write(a)));
            return Reply.json(201, new JsonObject().put("assignments", made).put("incident", IncidentJson.write(d.incident())),
                    Map.of("Location", "/api/v1/incidents/" + incidentId + "/assignments"));
        }));
    }

    private void listForIncident(RoutingContext ctx) {
        String incidentId = ctx.pathParam("id");
        if (live.localIncident(incidentId).isEmpty()) {
            throw Rejection.notFound("incident", incidentId);
        }
        JsonArray items = new JsonArray();
        live.assignments().stream().filter(a -> a.getIncidentId().equals(incidentId))
                .sorted(Comparator.comparing(Assignment::getId))
                .forEach(a -> items.add(DispatchJson.write(a)));
        ctx.json(new JsonObject().put("items", items));
    }

    private void get(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        live.assignment(id).map(a -> a.orElseThrow(() -> Rejection.notFound("assignment", id))).onSuccess(assignment -> {
            ctx.response().putHeader("ETag", Requests.etag(assignment.getVersion()));
            ctx.json(DispatchJson.write(assignment));
        }).onFailure(ctx::fail);
    }

    private void move(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        JsonReader r = JsonReader.of(Requests.object(ctx)).only(Set.of("status", "note"));
        AssignmentStatus to = r.enumValue(AssignmentStatus.class, "status");
        String note = r.optString("note", 2000).orElse("");
        Actor actor = Requests.actor(ctx);
        OptionalLong ifMatch = Requests.ifMatch(ctx);
        responder.respond(ctx, tx -> commands.move(tx, actor, id, to, note, ifMatch).map(m -> Reply.json(200,
                new JsonObject().put("assignment", DispatchJson.write(m.assignment())).put("team", TeamJson.write(m.team())),
                Map.of("ETag", Requests.etag(m.assignment().getVersion())))));
    }

    private void reassign(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        JsonReader r = JsonReader.of(Requests.object(ctx)).only(Set.of("incidentId", "note"));
        String incidentId = r.string("incidentId", 64);
        String note = r.optString("note", 2000).orElse("");
        Actor actor = Requests.actor(ctx);
        responder.respond(ctx, tx -> commands.reassign(tx, actor, id, incidentId, note).map(m -> Reply.json(201,
                new JsonObject().put("assignment", DispatchJson.write(m.assignment())).put("team", TeamJson.write(m.team())),
                Map.of("Location", "/api/v1/assignments/" + m.assignment().getId()))));
    }

    /** Filters: {@code open} (true: not resolved), {@code incident}, {@code team}. Newest first. */
    private void listAlerts(RoutingContext ctx) {
        String openParam = ctx.request().getParam("open");
        if (openParam != null && !openParam.equals("true") && !openParam.equals("false")) {
            throw Rejection.invalid("open", "must be true or false");
        }
        Boolean open = openParam == null ? null : Boolean.valueOf(openParam);
        String incident = ctx.request().getParam("incident");
        String team = ctx.request().getParam("team");
        JsonArray items = new JsonArray();
        live.alerts().stream()
                .filter(a -> open == null || (a.getResolvedMs() == 0) == open)
                .filter(a -> incident == null || a.getIncidentId().equals(incident))
                .filter(a -> team == null || a.getTeamId().equals(team))
                .sorted(Comparator.comparingLong(Alert::getRaisedMs).reversed())
                .forEach(a -> items.add(DispatchJson.write(a)));
        ctx.json(new JsonObject().put("items", items));
    }

    private void acknowledge(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Actor actor = Requests.actor(ctx);
        responder.respond(ctx, tx -> alerts.acknowledge(tx, actor, id).map(a -> Reply.json(200, DispatchJson.write(a), Map.of())));
    }

    /** {@code from}, {@code to} (ISO-8601), {@code after} (a seq), {@code limit} (default 1000, at most 10000). */
    private void timeline(RoutingContext ctx) {
        String incidentId = ctx.pathParam("id");
        Instant from = param(ctx, "from", Instant.EPOCH);
        Instant to = param(ctx, "to", Instant.parse("9999-12-31T23:59:59Z"));
        long after;
        try {
            after = Long.parseLong(ctx.request().getParam("after", "0"));
        } catch (NumberFormatException e) {
            throw Rejection.invalid("after", "must be a sequence number");
        }
        int limit = Requests.limit(ctx, 1000, 10_000);
        live.incident(incidentId).compose(i -> {
            if (i.isEmpty()) {
                throw Rejection.notFound("incident", incidentId);
            }
            return store.incidentTimeline(incidentId, from, to, after, limit);
        }).onSuccess(events -> {
            JsonArray items = new JsonArray();
            events.forEach(e -> items.add(DispatchJson.write(e)));
            ctx.json(new JsonObject().put("incidentId", incidentId).put("items", items)
                    .put("next", events.size() == limit ? Long.toString(events.get(events.size() - 1).getSeq()) : null));
        }).onFailure(ctx::fail);
    }

    private static Instant param(RoutingContext ctx, String name, Instant dflt) {
        String v = ctx.request().getParam(name);
        return v == null ? dflt : Instant.ofEpochMilli(JsonReader.parseTime(name, v));
    }
}
