package org.muster.server.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.muster.protocol.v1.GeoPoint;
import org.muster.protocol.v1.ReplayState;
import org.muster.protocol.v1.Snapshot;
import org.muster.protocol.v1.TimelineEvent;
import org.muster.server.events.Rejection;
import org.muster.server.live.LivePicture;
import org.muster.server.replay.Consultations;
import org.muster.server.store.LocationHistory.StoredFix;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Consultation sessions and the incident's past: opening a replay session (joined over {@code /ws/console}), the
 * state of an incident at any time, notes pinned to a time and a place, and exports of the timeline and the tracks
 * (CSV and GeoJSON) and of the incident at a time as a NENA EIDO document.
 */
final class ReplaysEndpoint implements Endpoint {
    static final int MAX_TRACK_FIXES = 1_000_000;
    private final LivePicture live;
    private final Consultations consultations;
    private final Clock clock;

    ReplaysEndpoint(LivePicture live, Consultations consultations, Clock clock) {
        this.live = live;
        this.consultations = consultations;
        this.clock = clock;
    }

    @Override
    public void mount(Router router) {
        router.post("/api/v1/replays").handler(Access.allow(Access.READERS)).handler(this::open);
        router.get("/api/v1/replays/:id").handler(Access.allow(Access.READERS)).handler(this::get);
        router.get("/api/v1/incidents/:id/state").handler(Access.allow(Access.READERS)).handler(this::state);
        router.post("/api/v1/incidents/:id/notes").handler(Access.allow(Access.COMMANDERS)).handler(this::note);
        router.get("/api/v1/incidents/:id/export/timeline.csv").handler(Access.allow(Access.READERS)).handler(this::timelineCsv);
        router.get("/api/v1/incidents/:id/export/tracks.geojson").handler(Access.allow(Access.READERS)).handler(this::tracksGeoJson);
        router.get("/api/v1/incidents/:id/export/tracks.csv").handler(Access.allow(Access.READERS)).handler(this::tracksCsv);
        router.get("/api/v1/incidents/:id/export/eido.json").handler(Access.allow(Access.READERS)).handler(this::eido);
    }

    private void open(RoutingContext ctx) {
        JsonReader r = JsonReader.of(Requests.object(ctx)).only(Set.of("incidentId", "from", "to"));
        String incidentId = r.string("incidentId", 64);
        Long from = r.optTime("from").orElse(null);
        Long to = r.optTime("to").orElse(null);
        consultations.open(Requests.actor(ctx).getSubject(), incidentId, from, to).onSuccess(s -> ctx.response()
                        .setStatusCode(201).putHeader("Location", "/api/v1/replays/" + s.getReplayId())
                        .putHeader("Content-Type", "application/json").end(write(s).encode()))
                .onFailure(ctx::fail);
    }

    private void get(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        consultations.session(id).map(s -> write(s.orElseThrow(() -> Rejection.notFound("consultation session", id))))
                .onSuccess(ctx::json).onFailure(ctx::fail);
    }

    static JsonObject write(ReplayState s) {
        return new JsonObject()
                .put("id", s.getReplayId())
                .put("incidentId", s.getIncidentId())
                .put("from", TeamJson.time(s.getFromMs()))
                .put("to", TeamJson.time(s.getToMs()))
                .put("position", TeamJson.time(s.getPositionMs()))
                .put("mode", Enums.name(s.getMode()))
                .put("speed", s.getSpeed())
                .put("controller", s.getController())
                .put("participants", new JsonArray(s.getParticipantsList()))
                .put("createdBy", s.getCreatedBy())
                .put("expires", TeamJson.time(s.getExpiresMs()))
                .put("version", s.getVersion())
                .put("join", new JsonObject().put("path", "/ws/console").put("message", "ClientMessage.replay_join")
                        .put("replayId", s.getReplayId()));
    }

    private void state(RoutingContext ctx) {
        String incidentId = ctx.pathParam("id");
        long at = time(ctx, "at", clock.millis());
        consultations.stateAt(incidentId, at).onSuccess(s -> ctx.json(write(s))).onFailure(ctx::fail);
    }

    static JsonObject write(Snapshot s) {
        JsonArray teams = new JsonArray();
        s.getTeamsList().forEach(t -> teams.add(TeamJson.write(t)));
        JsonArray assignments = new JsonArray();
        s.getAssignmentsList().forEach(a -> assignments.add(DispatchJson.write(a)));
        JsonArray alerts = new JsonArray();
        s.getAlertsList().forEach(a -> alerts.add(DispatchJson.write(a)));
        return new JsonObject()
                .put("at", TeamJson.time(s.getServerTimeMs()))
                .put("incident", s.getIncidentsCount() == 0 ? null : IncidentJson.write(s.getIncidents(0)))
                .put("teams", teams)
                .put("assignments", assignments)
                .put("alerts", alerts);
    }

    private void note(RoutingContext ctx) {
        String incidentId = ctx.pathParam("id");
        JsonReader r = JsonReader.of(Requests.object(ctx)).only(Set.of("text", "at", "location", "judgment"));
        String text = r.string("text", 4000);
        long at = r.optTime("at").orElse(clock.millis());
        GeoPoint where = r.optObject("location").map(p -> GeoJson.point(p, Set.of())).orElse(null);
        boolean judgment = r.optBoolean("judgment").orElse(false);
        consultations.note(Requests.actor(ctx), incidentId, text, at, where, judgment).onSuccess(e -> ctx.response()
                .setStatusCode(201).putHeader("Content-Type", "application/json").end(DispatchJson.write(e).encode()))
                .onFailure(ctx::fail);
    }

    private void timelineCsv(RoutingContext ctx) {
        String incidentId = ctx.pathParam("id");
        consultations.events(incidentId).onSuccess(events -> {
            StringBuilder b = new StringBuilder("seq,time,type,actor,role,team_id,summary,data\r\n");
            for (TimelineEvent e : events) {
                JsonObject j = DispatchJson.write(e);
                Csv.row(b, Long.toString(e.getSeq()), j.getString("time"), j.getString("type"), e.getActor().getSubject(),
                        e.getActor().getRole(), e.getTeamId(), summary(e), j.getJsonObject("data").encode());
            }
            download(ctx, "text/csv; charset=utf-8", incidentId + "-timeline.csv", b.toString());
        }).onFailure(ctx::fail);
    }

    /** One line for a human reading the CSV; the data column has everything. */
    static String summary(TimelineEvent e) {
        return switch (e.getPayloadCase()) {
            case INCIDENT_REPORTED -> "reported " + e.getIncidentReported().getIncident().getTitle();
            case INCIDENT_STATUS_CHANGED -> "incident " + Enums.name(e.getIncidentStatusChanged().getIncident().getStatus());
            case INCIDENT_UPDATED -> "incident updated: " + String.join(", ", e.getIncidentUpdated().getChangedList());
            case TEAM_DISPATCHED -> e.getTeamDispatched().getTeam().getName() + " dispatched";
            case ASSIGNMENT_STATUS_CHANGED -> e.getAssignmentStatusChanged().getTeam().getName() + " "
                    + Enums.name(e.getAssignmentStatusChanged().getAssignment().getStatus());
            case TEAM_STATUS_CHANGED -> e.getTeamStatusChanged().getTeam().getName() + " "
                    + Enums.name(e.getTeamStatusChanged().getTeam().getStatus());
            case ALERT_RAISED -> "alert: " + e.getAlertRaised().getAlert().getMessage();
            case ALERT_ACKNOWLEDGED -> "alert acknowledged: " + e.getAlertAcknowledged().getAlert().getMessage();
            case ALERT_RESOLVED -> "alert resolved: " + e.getAlertResolved().getAlert().getMessage();
            case NOTE_ADDED -> (e.getNoteAdded().getJudgment() ? "judgment: " : "note: ") + e.getNoteAdded().getText();
            default -> "";
        };
    }

    private void tracksGeoJson(RoutingContext ctx) {
        String incidentId = ctx.pathParam("id");
        tracks(ctx, incidentId, (events, byTeam) -> {
            JsonArray features = new JsonArray();
            byTeam.forEach((teamId, fixes) -> {
                JsonArray coordinates = new JsonArray();
                JsonArray times = new JsonArray();
                for (StoredFix f : fixes) {
                    coordinates.add(new JsonArray().add(f.lon()).add(f.lat()));
                    times.add(TeamJson.time(f.timeMs()));
                }
                JsonObject geometry = fixes.size() == 1
                        ? new JsonObject().put("type", "Point").put("coordinates", coordinates.getJsonArray(0))
                        : new JsonObject().put("type", "LineString").put("coordinates", coordinates);
                features.add(new JsonObject().put("type", "Feature").put("id", teamId).put("geometry", geometry)
                        .put("properties", new JsonObject().put("teamId", teamId).put("teamName", teamName(teamId))
                                .put("incidentId", incidentId).put("fixes", fixes.size()).put("times", times)));
            });
            download(ctx, "application/geo+json", incidentId + "-tracks.geojson",
                    new JsonObject().put("type", "FeatureCollection").put("features", features).encode());
        });
    }

    private void tracksCsv(RoutingContext ctx) {
        String incidentId = ctx.pathParam("id");
        tracks(ctx, incidentId, (events, byTeam) -> {
            StringBuilder b = new StringBuilder("team_id,device_id,seq,time,lon,lat,accuracy_m,speed_mps,heading_deg,altitude_m,source\r\n");
            byTeam.forEach((teamId, fixes) -> fixes.forEach(f -> Csv.row(b, teamId, f.deviceId(), Long.toString(f.seq()),
                    TeamJson.time(f.timeMs()), Double.toString(f.lon()), Double.toString(f.lat()), str(f.accuracyM()),
                    str(f.speedMps()), str(f.headingDeg()), str(f.altitudeM()), source(f.source()))));
            download(ctx, "text/csv; charset=utf-8", incidentId + "-tracks.csv", b.toString());
        });
    }

    private interface TrackWriter {
        void write(List<TimelineEvent> events, Map<String, List<StoredFix>> byTeam);
    }

    private void tracks(RoutingContext ctx, String incidentId, TrackWriter writer) {
        int limit = Requests.limit(ctx, 200_000, MAX_TRACK_FIXES);
        consultations.events(incidentId).compose(events -> {
            long reported = events.get(0).getTimeMs();
            Instant from = Instant.ofEpochMilli(time(ctx, "from", reported - 1));
            Instant to = Instant.ofEpochMilli(time(ctx, "to", clock.millis()));
            return consultations.tracks(events, from, to, limit).map(byTeam -> {
                int n = byTeam.values().stream().mapToInt(List::size).sum();
                if (n >= limit) {
                    ctx.response().putHeader("Muster-Truncated", "true");
                }
                writer.write(events, byTeam);
                return null;
            });
        }).onFailure(ctx::fail);
    }

    private void eido(RoutingContext ctx) {
        String incidentId = ctx.pathParam("id");
        long at = time(ctx, "at", clock.millis());
        consultations.stateAt(incidentId, at).onSuccess(s -> {
            ctx.response().putHeader("Content-Type", "application/json")
                    .putHeader("Content-Disposition", "attachment; filename=\"" + incidentId + "-eido.json\"")
                    .end(Eido.write(s, at, live).encodePrettily());
        }).onFailure(ctx::fail);
    }

    private String teamName(String teamId) {
        return live.localTeam(teamId).map(t -> t.getName()).orElse(teamId);
    }

    private static String str(Float f) {
        return f == null ? "" : Float.toString(f);
    }

    private static String source(int number) {
        var s = org.muster.protocol.v1.PositionSource.forNumber(number);
        return s == null ? Integer.toString(number) : Enums.name(s);
    }

    private static void download(RoutingContext ctx, String type, String filename, String body) {
        ctx.response().putHeader("Content-Type", type)
                .putHeader("Content-Disposition", "attachment; filename=\"" + filename + "\"").end(body);
    }

    private static long time(RoutingContext ctx, String name, long dflt) {
        String v = ctx.request().getParam(name);
        return v == null ? dflt : JsonReader.parseTime(name, v);
    }
}
