package org.muster.server.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.muster.protocol.v1.Actor;
import org.muster.protocol.v1.Team;
import org.muster.protocol.v1.TeamStatus;
import org.muster.server.events.Rejection;
import org.muster.server.events.TeamCommands;
import org.muster.server.live.LivePicture;
import org.muster.server.store.StoreTransaction;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code /api/v1/teams}: create, read, list with filters, replace, patch, delete; and {@code teams:batch} for
 * regional centres pushing many changes at once, each item all-or-nothing with its own result.
 */
final class TeamsEndpoint implements Endpoint {
    static final int MAX_BATCH = 1000;
    private final LivePicture live;
    private final TeamCommands commands;
    private final CommandResponder responder;
    private final Clock clock;

    TeamsEndpoint(LivePicture live, TeamCommands commands, CommandResponder responder, Clock clock) {
        this.live = live;
        this.commands = commands;
        this.responder = responder;
        this.clock = clock;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/teams").handler(Access.allow(Access.READERS)).handler(this::list);
        router.post("/api/v1/teams").handler(Access.allow(Access.TEAM_WRITERS)).handler(this::create);
        // A literal ':' would start a path parameter in a route path; the regex route matches it as it is.
        router.routeWithRegex(HttpMethod.POST, "/api/v1/teams:batch").setName("/api/v1/teams:batch")
                .handler(Access.allow(Access.TEAM_WRITERS)).handler(this::batch);
        router.get("/api/v1/teams/:id").handler(Access.allow(Access.READERS)).handler(this::get);
        router.put("/api/v1/teams/:id").handler(Access.allow(Access.TEAM_WRITERS)).handler(this::replace);
        router.patch("/api/v1/teams/:id").handler(Access.allow(Access.TEAM_WRITERS)).handler(this::patch);
        router.delete("/api/v1/teams/:id").handler(Access.allow(Access.TEAM_WRITERS)).handler(this::delete);
    }

    private void list(RoutingContext ctx) {
        Predicate<Team> filter = Filters.teams(ctx);
        int limit = Requests.limit(ctx, 100, 1000);
        String cursor = ctx.request().getParam("cursor");
        List<Team> page = live.teams().stream()
                .map(live::withPosition)
                .filter(filter)
                .filter(t -> cursor == null || t.getId().compareTo(cursor) > 0)
                .sorted(Comparator.comparing(Team::getId))
                .limit(limit + 1L)
                .toList();
        JsonArray items = new JsonArray();
        page.stream().limit(limit).forEach(t -> items.add(TeamJson.write(t)));
        String next = page.size() > limit ? page.get(limit - 1).getId() : null;
        ctx.json(new JsonObject().put("items", items).put("next", next));
    }

    private void get(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        live.team(id).map(t -> t.orElseThrow(() -> Rejection.notFound("team", id))).onSuccess(team -> {
            ctx.response().putHeader("ETag", Requests.etag(team.getVersion()));
            ctx.json(TeamJson.write(team));
        }).onFailure(ctx::fail);
    }

    private void create(RoutingContext ctx) {
        Team draft = TeamJson.read(Requests.object(ctx), clock.millis());
        Actor actor = Requests.actor(ctx);
        responder.respond(ctx, tx -> commands.register(tx, actor, draft).map(o -> reply(o.team(), 201)));
    }

    private void replace(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        JsonObject body = Requests.object(ctx);
        checkIdMatches(body, id);
        Team draft = TeamJson.read(body, clock.millis());
        Actor actor = Requests.actor(ctx);
        OptionalLong ifMatch = Requests.ifMatch(ctx);
        responder.respond(ctx, tx -> commands.replace(tx, actor, id, draft, ifMatch)
                .map(o -> reply(o.team(), o.created() ? 201 : 200)));
    }

    private void patch(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        JsonObject patch = Requests.object(ctx);
        checkIdMatches(patch, id);
        Actor actor = Requests.actor(ctx);
        OptionalLong ifMatch = Requests.ifMatch(ctx);
        long now = clock.millis();
        responder.respond(ctx, tx -> commands.update(tx, actor, id,
                current -> TeamJson.read(MergePatch.apply(TeamJson.write(current), patch), now), ifMatch)
                .map(o -> reply(o.team(), 200)));
    }

    private void delete(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Actor actor = Requests.actor(ctx);
        OptionalLong ifMatch = Requests.ifMatch(ctx);
        responder.respond(ctx, tx -> commands.remove(tx, actor, id, ifMatch).map(o -> Reply.json(204, null, Map.of())));
    }

    /**
     * Items: {@code {"op": "upsert", "team": {...}}}, {@code {"op": "patch", "id", "changes": {...}}},
     * {@code {"op": "status", "id", "status"}}, {@code {"op": "delete", "id"}}; optional {@code "ifVersion"}.
     * Each item commits or fails alone (a savepoint); the whole batch and its results are one transaction, so a
     * retried batch with the same Idempotency-Key is answered from the store and changes nothing.
     */
    private void batch(RoutingContext ctx) {
        JsonArray items = Requests.array(ctx);
        if (items.isEmpty() || items.size() > MAX_BATCH) {
            throw Rejection.invalid("", "a batch has 1 to " + MAX_BATCH + " items");
        }
        Actor actor = Requests.actor(ctx);
        long now = clock.millis();
        responder.respond(ctx, tx -> {
            List<JsonObject> results = new ArrayList<>();
            Future<Void> chain = Future.succeededFuture();
            for (int i = 0; i < items.size(); i++) {
                int index = i;
                Object raw = items.getValue(i);
                chain = chain.compose(v -> batchItem(tx, actor, index, raw, now)
                        .recover(err -> {
                            if (err instanceof Rejection r) {
                                return Future.succeededFuture(new JsonObject().put("status", HttpStatus.of(r.code()))
                                        .put("code", HttpStatus.name(r.code())).put("detail", r.getMessage())
                                        .put("field", r.field()));
                            }
                            return Future.failedFuture(err);
                        })
                        .map(result -> {
                            JsonObject withIndex = new JsonObject().put("index", index);
                            if (raw instanceof JsonObject o) {
                                withIndex.put("op", o.getValue("op")).put("id", o.getValue("id",
                                        o.getValue("team") instanceof JsonObject t ? t.getValue("id") : null));
                            }
                            results.add(withIndex.mergeIn(result));
                            return null;
                        }));
            }
            return chain.map(v -> {
                long failed = results.stream().filter(r -> r.getInteger("status") >= 400).count();
                return Reply.json(200, new JsonObject().put("results", new JsonArray(new ArrayList<>(results)))
                        .put("succeeded", results.size() - failed).put("failed", failed), Map.of());
            });
        });
    }

    private Future<JsonObject> batchItem(StoreTransaction tx, Actor actor, int index, Object raw, long now) {
        if (!(raw instanceof JsonObject item)) {
            return Future.failedFuture(Rejection.invalid("[" + index + "]", "must be an object"));
        }
        String op;
        OptionalLong ifVersion;
        Future<TeamCommands.Outcome> outcome;
        try {
            JsonReader r = JsonReader.of(item).only(Set.of("op", "id", "team", "changes", "status", "ifVersion"));
            op = r.string("op", 16);
            ifVersion = r.optLong("ifVersion", 0, Long.MAX_VALUE).map(OptionalLong::of).orElse(OptionalLong.empty());
            switch (op) {
                case "upsert" -> {
                    JsonObject teamJson = r.object("team").raw();
                    String id = JsonReader.of(teamJson).string("id", 64);
                    Team draft = TeamJson.read(teamJson, now);
                    outcome = tx.savepoint(() -> commands.replace(tx, actor, id, draft, ifVersion));
                }
                case "patch" -> {
                    String id = r.string("id", 64);
                    JsonObject changes = r.object("changes").raw();
                    outcome = tx.savepoint(() -> commands.update(tx, actor, id,
                            current -> TeamJson.read(MergePatch.apply(TeamJson.write(current), changes), now), ifVersion));
                }
                case "status" -> {
                    String id = r.string("id", 64);
                    TeamStatus status = r.enumValue(TeamStatus.class, "status");
                    outcome = tx.savepoint(() -> commands.update(tx, actor, id,
                            current -> current.toBuilder().setStatus(status).build(), ifVersion));
                }
                case "delete" -> {
                    String id = r.string("id", 64);
                    outcome = tx.savepoint(() -> commands.remove(tx, actor, id, ifVersion));
                }
                default -> throw Rejection.invalid("op", "must be upsert, patch, status or delete");
            }
        } catch (Rejection e) {
            return Future.failedFuture(e);
        }
        return outcome.map(o -> new JsonObject()
                .put("status", op.equals("delete") ? 204 : o.created() ? 201 : 200)
                .put("version", o.team().getVersion())
                .put("changed", o.changed()));
    }

    private static Reply reply(Team team, int status) {
        return Reply.json(status, TeamJson.write(team), Map.of("ETag", Requests.etag(team.getVersion()),
                "Location", "/api/v1/teams/" + team.getId()));
    }

    private static void checkIdMatches(JsonObject body, String id) {
        Object bodyId = body.getValue("id");
        if (bodyId != null && !id.equals(bodyId)) {
            throw Rejection.invalid("id", "differs from the id in the path (" + id + ")");
        }
    }
}
