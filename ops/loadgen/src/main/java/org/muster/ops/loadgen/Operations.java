package org.muster.ops.loadgen;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What dispatchers do during the run, over REST: team status changes (AVAILABLE <-> OUT_OF_SERVICE), dispatches of
 * one team to the run's incident (with tiles: its own tile's incident; each cancelled two seconds later, so the team
 * is free again), and recommendation queries at a steady rate. Every change the server accepted is remembered as
 * {@code kind:id:version}, the same key consoles record, with the tile whose consoles must see it (-1: every
 * console): at the end each of those consoles must have seen it. A team's changes lie at the team, an assignment's
 * at its incident (the server matches it by the incident's place), and with tiles both are in the team's tile.
 * Status changes and dispatches are spread evenly over the measured window; each team is touched by one operation
 * at a time.
 */
final class Operations extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(Operations.class);
    private static final long CANCEL_AFTER_MS = 2000;

    private final MusterApi api;
    private final Fleet fleet;
    private final Window window;
    private final int statusChanges;
    private final int dispatches;
    private final double recommendationsPerSecond;
    final Stats stats = new Stats();
    /** Accepted change -> the tile whose consoles must see it, -1 for every console. */
    final Map<String, Integer> expected = new HashMap<>();
    /** Assignment id -> the tile of its incident, for the check that no console sees another tile's change. */
    private final Map<String, Integer> assignmentTiles = new HashMap<>();
    private final Deque<Integer> statusPool = new ArrayDeque<>();
    private final Deque<Integer> dispatchPool = new ArrayDeque<>();
    private final boolean[] outOfService;
    private final List<Long> timers = new ArrayList<>();
    private int inFlight;
    private long recommendationsSent;

    Operations(MusterApi api, Fleet fleet, Options o, Window window) {
        this.api = api;
        this.fleet = fleet;
        this.window = window;
        this.statusChanges = o.statusChanges();
        this.dispatches = o.dispatches();
        this.recommendationsPerSecond = o.recommendationsPerSecond();
        this.outOfService = new boolean[fleet.size()];
        Tiles tiles = o.tileGrid();
        if (tiles != null) {
            // every tile gives teams to both pools: in each run of G² teams (one per tile), alternate tiles go to status
            // changes, the others to dispatches, and the next run the other way round
            int n = tiles.count();
            for (int i = 0; i < fleet.size() && i < Math.max(400, 2 * n); i++) {
                (((i % n) + (i / n)) % 2 == 0 ? statusPool : dispatchPool).add(i);
            }
            return;
        }
        // teams whose home is inside the consoles' box (all, without one); alternately for status changes and dispatches
        int k = 0;
        for (int i = 0; i < fleet.size() && k < 400; i++) {
            if (o.inBox(fleet.homeLon(i), fleet.homeLat(i)) && insideWithMargin(o, fleet, i)) {
                (k++ % 2 == 0 ? statusPool : dispatchPool).add(i);
            }
        }
    }

    private static boolean insideWithMargin(Options o, Fleet f, int i) {
        double m = Fleet.RADIUS_DEG * 2;
        return o.bbox() == null || (o.inBox(f.homeLon(i) - m, f.homeLat(i) - m) && o.inBox(f.homeLon(i) + m, f.homeLat(i) + m));
    }

    /**
     * Before deployment: learns the current status of the teams it will touch (an earlier run may have left some
     * OUT_OF_SERVICE), and drops those it cannot toggle or dispatch (still assigned).
     */
    Future<Void> prepare() {
        List<Integer> all = new ArrayList<>(statusPool);
        all.addAll(dispatchPool);
        Set<Integer> unusable = java.util.concurrent.ConcurrentHashMap.newKeySet();
        return Parallel.run(all.size(), 16, k -> {
            int team = all.get(k);
            return api.call(HttpMethod.GET, "/api/v1/teams/" + fleet.teamId(team), null).map(t -> {
                String status = t.getString("status");
                outOfService[team] = "OUT_OF_SERVICE".equals(status);
                if (!"AVAILABLE".equals(status) && !(outOfService[team] && statusPool.contains(team))) {
                    unusable.add(team);
                }
                return null;
            });
        }).onSuccess(v -> {
            statusPool.removeAll(unusable);
            dispatchPool.removeAll(unusable);
        });
    }

    @Override
    public Future<?> start() {
        long span = Math.max(1, window.endMs() - window.startMs() - CANCEL_AFTER_MS - 500);
        long now = System.currentTimeMillis();
        long offset = Math.max(0, window.startMs() - now);
        for (int i = 0; i < statusChanges; i++) {
            timers.add(vertx.setTimer(1 + offset + span * i / statusChanges, t -> statusChange()));
        }
        for (int i = 0; i < dispatches; i++) {
            timers.add(vertx.setTimer(1 + offset + span * i / dispatches + span / (2L * dispatches), t -> dispatch()));
        }
        if (recommendationsPerSecond > 0) {
            long started = System.nanoTime();
            timers.add(vertx.setPeriodic(10, t -> {
                double owed = recommendationsPerSecond * (System.nanoTime() - started) / 1e9 - recommendationsSent;
                for (int n = (int) Math.min(owed, recommendationsPerSecond); n > 0; n--) {
                    recommendationsSent++;
                    recommend();
                }
            }));
        }
        LOG.info("operations scheduled [statusChanges: {}, dispatches: {}, recommendationsPerSecond: {}, teams: {}+{}]",
                statusChanges, dispatches, recommendationsPerSecond, statusPool.size(), dispatchPool.size());
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        timers.forEach(vertx::cancelTimer);
        return Future.succeededFuture();
    }

    /** On this verticle's context: a copy of the accepted changes so far, or null while requests are still in flight. */
    Future<Map<String, Integer>> expectedNow() {
        io.vertx.core.Promise<Map<String, Integer>> p = io.vertx.core.Promise.promise();
        context.runOnContext(v -> p.complete(inFlight > 0 ? null : new HashMap<>(expected)));
        return p.future();
    }

    /**
     * The tile a change key seen by a console belongs to: its team's, or its incident's (an assignment's incident from
     * the dispatch answer); -1 when that is not known (no tiles, or an entity this run did not create). Read after
     * the verticle is undeployed.
     */
    int tileOf(String key) {
        int colon = key.indexOf(':');
        int last = key.lastIndexOf(':');
        if (colon < 0 || last <= colon) {
            return -1;
        }
        String kind = key.substring(0, colon);
        String id = key.substring(colon + 1, last);
        return switch (kind) {
            case "team" -> {
                int i = fleet.teamIndex(id);
                yield i < 0 ? -1 : fleet.tileOf(i);
            }
            case "assignment" -> assignmentTiles.getOrDefault(id, -1);
            case "incident" -> {
                int k = fleet.incidentIndex(id);
                yield k < 0 ? -1 : fleet.tileOfIncident(k);
            }
            default -> -1;
        };
    }

    private void statusChange() {
        Integer team = statusPool.poll();
        if (team == null) {
            stats.count("rest.status.no.free.team", 1);
            return;
        }
        String to = outOfService[team] ? "AVAILABLE" : "OUT_OF_SERVICE";
        long started = System.nanoTime();
        inFlight++;
        api.send(HttpMethod.PATCH, "/api/v1/teams/" + fleet.teamId(team), new JsonObject().put("status", to)).onComplete(ar -> {
            inFlight--;
            statusPool.add(team);
            if (ar.succeeded() && ar.result().statusCode() == 200) {
                stats.recordMicros("REST PATCH team status", (System.nanoTime() - started) / 1000);
                outOfService[team] = !outOfService[team];
                JsonObject t = ar.result().bodyAsJsonObject();
                expected.put("team:" + t.getString("id") + ":" + t.getLong("version"), fleet.tileOf(team));
            } else {
                failed("status", ar.succeeded() ? ar.result().statusCode() + " " + ar.result().bodyAsString() : ar.cause().toString());
            }
        });
    }

    private void dispatch() {
        Integer team = dispatchPool.poll();
        if (team == null) {
            stats.count("rest.dispatch.no.free.team", 1);
            return;
        }
        long started = System.nanoTime();
        inFlight++;
        int incident = fleet.incidentOf(team);
        api.send(HttpMethod.POST, "/api/v1/incidents/" + fleet.incidentId(incident) + "/assignments",
                new JsonObject().put("teamIds", new JsonArray().add(fleet.teamId(team))).put("note", "load generator")).onComplete(ar -> {
            inFlight--;
            if (ar.succeeded() && ar.result().statusCode() == 201) {
                stats.recordMicros("REST POST dispatch", (System.nanoTime() - started) / 1000);
                JsonObject a = ar.result().bodyAsJsonObject().getJsonArray("assignments").getJsonObject(0);
                int tile = fleet.tileOfIncident(incident);
                assignmentTiles.put(a.getString("id"), tile);
                expected.put("assignment:" + a.getString("id") + ":" + a.getLong("version"), tile);
                inFlight++;
                timers.add(vertx.setTimer(CANCEL_AFTER_MS, t -> cancel(team, a.getString("id"))));
            } else {
                dispatchPool.add(team);
                failed("dispatch", ar.succeeded() ? ar.result().statusCode() + " " + ar.result().bodyAsString() : ar.cause().toString());
            }
        });
    }

    private void cancel(int team, String assignmentId) {
        long started = System.nanoTime();
        api.send(HttpMethod.PATCH, "/api/v1/assignments/" + assignmentId, new JsonObject().put("status", "CANCELLED")).onComplete(ar -> {
            inFlight--;
            if (ar.succeeded() && ar.result().statusCode() == 200) {
                stats.recordMicros("REST PATCH assignment (cancel)", (System.nanoTime() - started) / 1000);
                JsonObject body = ar.result().bodyAsJsonObject();
                JsonObject a = body.getJsonObject("assignment");
                JsonObject t = body.getJsonObject("team");
                expected.put("assignment:" + a.getString("id") + ":" + a.getLong("version"),
                        assignmentTiles.getOrDefault(a.getString("id"), -1));
                expected.put("team:" + t.getString("id") + ":" + t.getLong("version"), fleet.tileOf(team));
                dispatchPool.add(team);
            } else {
                failed("cancel", ar.succeeded() ? ar.result().statusCode() + " " + ar.result().bodyAsString() : ar.cause().toString());
            }
        });
    }

    private void recommend() {
        long started = System.nanoTime();
        // with tiles, the queries go round the tiles' incidents
        String incident = fleet.incidentId((int) (recommendationsSent % fleet.incidentCount()));
        api.send(HttpMethod.GET, "/api/v1/incidents/" + incident + "/recommendations?limit=10", null).onComplete(ar -> {
            if (ar.succeeded() && ar.result().statusCode() == 200) {
                stats.recordMicros("REST GET recommendations", (System.nanoTime() - started) / 1000);
                Long took = ar.result().bodyAsJsonObject().getLong("tookMicros");
                if (took != null) {
                    stats.recordMicros("recommendations tookMicros (server)", took);
                }
            } else {
                failed("recommendations", ar.succeeded() ? ar.result().statusCode() + " " + ar.result().bodyAsString() : ar.cause().toString());
            }
        });
    }

    private void failed(String operation, String why) {
        stats.count("rest." + operation + ".failed", 1);
        if (stats.counter("rest.failures.logged") < 10) {
            stats.count("rest.failures.logged", 1);
            LOG.warn("{} failed: {}", operation, why.length() > 300 ? why.substring(0, 300) : why);
        }
    }
}
