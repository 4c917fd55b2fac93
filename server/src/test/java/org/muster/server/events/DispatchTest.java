package org.muster.server.events;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.muster.server.support.MutableClock;
import org.muster.server.support.TestMember;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Dispatch against two real members over one real PostgreSQL. */
class DispatchTest {
    private static final MutableClock CLOCK = new MutableClock();
    private static TestMember a;
    private static TestMember b;

    @BeforeAll
    static void start() {
        TestMember.Cluster cluster = new TestMember.Cluster(2);
        Map<String, String> fastTimers = Map.of("MUSTER_ALERT_CHECK_SECONDS", "1", "MUSTER_ALERT_DISPATCHED_MINUTES", "5",
                "MUSTER_ALERT_POSITION_STALE_MINUTES", "600", "MUSTER_TEAM_UNREACHABLE_MINUTES", "30");
        a = cluster.start(0, fastTimers, CLOCK);
        b = cluster.start(1, fastTimers, CLOCK);
    }

    @AfterAll
    static void stop() {
        b.close();
        a.close();
    }

    static String uid(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String team(TestMember m, String region) {
        String id = uid("T");
        JsonObject t = new JsonObject().put("id", id).put("name", "救援队 " + id).put("tier", "LOCAL_PROFESSIONAL")
                .put("regionCode", region).put("staffing", 20)
                .put("home", new JsonObject().put("type", "Point").put("coordinates", new JsonArray().add(102.2).add(29.9)));
        HttpResponse<Buffer> r = m.post("/api/v1/teams", t);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
        return id;
    }

    static String incident(TestMember m, String region) {
        JsonObject i = new JsonObject().put("type", "EARTHQUAKE_GEOLOGICAL").put("severity", "II").put("regionCode", region)
                .put("location", new JsonObject().put("type", "Point").put("coordinates", new JsonArray().add(102.08).add(29.59)));
        HttpResponse<Buffer> r = m.post("/api/v1/incidents", i);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
        return r.bodyAsJsonObject().getString("id");
    }

    static HttpResponse<Buffer> dispatch(TestMember m, String incidentId, String... teams) {
        return m.post("/api/v1/incidents/" + incidentId + "/assignments",
                new JsonObject().put("teamIds", new JsonArray(List.of(teams))));
    }

    static HttpResponse<Buffer> move(TestMember m, String assignmentId, String status) {
        return m.send(HttpMethod.PATCH, "/api/v1/assignments/" + assignmentId, new JsonObject().put("status", status), Map.of());
    }

    @Test
    void hundredConcurrentDispatchesOfOneTeamThroughTwoMembersGiveExactlyOneWinner() throws Exception {
        String team = team(a, "513322");
        List<String> incidents = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            incidents.add(incident(i % 2 == 0 ? a : b, "513322"));
        }
        List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            TestMember via = i % 2 == 0 ? a : b;
            calls.add(via.sendAsync(HttpMethod.POST, "/api/v1/incidents/" + incidents.get(i % 10) + "/assignments",
                    new JsonObject().put("teamIds", new JsonArray().add(team))));
        }
        Future.join(calls).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        long won = calls.stream().filter(f -> f.result().statusCode() == 201).count();
        long refused = calls.stream().filter(f -> f.result().statusCode() == 409
                && f.result().bodyAsJsonObject().getString("code").equals("TEAM_NOT_AVAILABLE")).count();
        assertThat(won).isEqualTo(1);
        assertThat(refused).isEqualTo(99);
        assertThat(a.count("SELECT count(*) FROM assignments WHERE team_id = '" + team + "' AND active")).isEqualTo(1);
        assertThat(a.count("SELECT count(*) FROM events WHERE team_id = '" + team + "' AND type = 'TEAM_DISPATCHED'")).isEqualTo(1);
        for (TestMember m : List.of(a, b)) {
            assertThat(m.get("/api/v1/teams/" + team).bodyAsJsonObject().getString("status")).isEqualTo("DISPATCHED");
        }
    }

    @Test
    void aDispatchWithOneUnavailableTeamChangesNothing() {
        String busy = team(a, "513322");
        String free = team(a, "513322");
        assertThat(dispatch(a, incident(a, "513322"), busy).statusCode()).isEqualTo(201);
        long events = a.count("SELECT count(*) FROM events");
        HttpResponse<Buffer> r = dispatch(b, incident(b, "513322"), free, busy);
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.bodyAsJsonObject().getString("detail")).contains(busy).contains("DISPATCHED");
        assertThat(a.count("SELECT count(*) FROM events")).isEqualTo(events + 1); // only the new incident's report
        assertThat(b.get("/api/v1/teams/" + free).bodyAsJsonObject().getString("status")).isEqualTo("AVAILABLE");
    }

    @Test
    void anAssignmentRunsItsCourseAndTheTeamAndIncidentFollow() {
        String team = team(a, "511800");
        String incident = incident(a, "511800");
        HttpResponse<Buffer> d = dispatch(a, incident, team);
        assertThat(d.statusCode()).as(d.bodyAsString()).isEqualTo(201);
        assertThat(d.bodyAsJsonObject().getJsonObject("incident").getString("status")).isEqualTo("DISPATCHING");
        String assignment = d.bodyAsJsonObject().getJsonArray("assignments").getJsonObject(0).getString("id");
        assertThat(move(b, assignment, "EN_ROUTE").statusCode()).isEqualTo(200);
        HttpResponse<Buffer> onScene = move(a, assignment, "ON_SCENE");
        assertThat(onScene.bodyAsJsonObject().getJsonObject("team").getString("status")).isEqualTo("ON_SCENE");
        assertThat(b.get("/api/v1/incidents/" + incident).bodyAsJsonObject().getString("status")).isEqualTo("ACTIVE");
        assertThat(move(b, assignment, "RETURNING").statusCode()).isEqualTo(200);
        HttpResponse<Buffer> released = move(a, assignment, "RELEASED");
        assertThat(released.bodyAsJsonObject().getJsonObject("team").getString("status")).isEqualTo("AVAILABLE");
        assertThat(released.bodyAsJsonObject().getJsonObject("team").getValue("incidentId")).isNull();

        JsonArray timeline = b.get("/api/v1/incidents/" + incident + "/timeline").bodyAsJsonObject().getJsonArray("items");
        // alerts of the status timers may interleave; the dispatch story is the rest
        List<String> types = timeline.stream().map(o -> ((JsonObject) o).getString("type"))
                .filter(t -> !t.startsWith("Alert")).toList();
        assertThat(types).containsExactly("IncidentReported", "TeamDispatched", "IncidentStatusChanged",
                "AssignmentStatusChanged", "AssignmentStatusChanged", "IncidentStatusChanged",
                "AssignmentStatusChanged", "AssignmentStatusChanged");
        List<Long> seqs = timeline.stream().map(o -> ((JsonObject) o).getLong("seq")).toList();
        assertThat(seqs).isSorted().doesNotHaveDuplicates();
        assertThat(timeline.getJsonObject(1).getJsonObject("actor").getString("subject")).isEqualTo("test-admin");
    }

    @Test
    void illegalTransitionsAreRefusedNamingTheRule() {
        String team = team(a, "511800");
        String incident = incident(a, "511800");
        String assignment = dispatch(a, incident, team).bodyAsJsonObject().getJsonArray("assignments").getJsonObject(0).getString("id");
        HttpResponse<Buffer> skip = move(a, assignment, "RETURNING");
        assertThat(skip.statusCode()).isEqualTo(409);
        assertThat(skip.bodyAsJsonObject().getString("code")).isEqualTo("INVALID_TRANSITION");
        assertThat(skip.bodyAsJsonObject().getString("detail")).contains("DISPATCHED -> RETURNING").contains("EN_ROUTE");
        HttpResponse<Buffer> teamEdit = a.send(HttpMethod.PATCH, "/api/v1/teams/" + team,
                new JsonObject().put("status", "ON_SCENE"), Map.of());
        assertThat(teamEdit.statusCode()).isEqualTo(409);
        assertThat(teamEdit.bodyAsJsonObject().getString("detail")).contains("moves with the assignment");
        // losing and regaining contact is allowed while assigned
        assertThat(a.send(HttpMethod.PATCH, "/api/v1/teams/" + team, new JsonObject().put("status", "UNREACHABLE"), Map.of())
                .statusCode()).isEqualTo(200);
        assertThat(a.send(HttpMethod.PATCH, "/api/v1/teams/" + team, new JsonObject().put("status", "DISPATCHED"), Map.of())
                .statusCode()).isEqualTo(200);
        HttpResponse<Buffer> close = a.send(HttpMethod.PATCH, "/api/v1/incidents/" + incident,
                new JsonObject().put("status", "CLOSED"), Map.of());
        assertThat(close.statusCode()).isEqualTo(409);
        assertThat(close.bodyAsJsonObject().getString("detail")).contains("still holds 1 team");
        assertThat(move(a, assignment, "CANCELLED").statusCode()).isEqualTo(200);
        assertThat(move(a, assignment, "EN_ROUTE").statusCode()).isEqualTo(409);
        assertThat(a.send(HttpMethod.PATCH, "/api/v1/incidents/" + incident, new JsonObject().put("status", "CLOSED"), Map.of())
                .statusCode()).isEqualTo(200);
        assertThat(dispatch(a, incident, team(a, "511800")).statusCode()).isEqualTo(409);
    }

    @Test
    void aTeamOfAnotherPrefectureIsMutualAidAndCanBeReassigned() {
        String chengdu = team(a, "510100");
        String ganzi = incident(a, "513322");
        String yaan = incident(a, "511800");
        HttpResponse<Buffer> d = dispatch(b, ganzi, chengdu);
        JsonObject first = d.bodyAsJsonObject().getJsonArray("assignments").getJsonObject(0);
        assertThat(first.getBoolean("mutualAid")).isTrue();
        HttpResponse<Buffer> r = b.post("/api/v1/assignments/" + first.getString("id") + "/reassign",
                new JsonObject().put("incidentId", yaan));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
        assertThat(r.bodyAsJsonObject().getJsonObject("team").getString("incidentId")).isEqualTo(yaan);
        JsonObject old = a.get("/api/v1/assignments/" + first.getString("id")).bodyAsJsonObject();
        assertThat(old.getString("status")).isEqualTo("RELEASED");
        assertThat(old.getString("reassignedTo")).isEqualTo(r.bodyAsJsonObject().getJsonObject("assignment").getString("id"));
    }

    @Test
    void aTeamDispatchedTooLongRaisesAnAlertThatCanBeAcknowledgedAndResolvesWhenItMoves() throws Exception {
        String team = team(a, "511800");
        String incident = incident(a, "511800");
        String assignment = dispatch(a, incident, team).bodyAsJsonObject().getJsonArray("assignments").getJsonObject(0).getString("id");
        try (org.muster.server.support.ConsoleClient console = org.muster.server.support.ConsoleClient.connect(b.port(),
                b.token("duty-officer", org.muster.server.auth.Role.DISPATCHER, List.of(), null))) {
            console.send(org.muster.protocol.v1.ClientMessage.newBuilder().setSubscribe(
                    org.muster.protocol.v1.Subscribe.newBuilder().addIncidentIds(incident)).build());
            console.await(org.muster.protocol.v1.ServerMessage::hasSnapshot, 10_000);
            CLOCK.advance(Duration.ofMinutes(6));
            // the alert reaches a console on the other member
            var delta = console.await(m -> m.hasDeltas() && m.getDeltas().getDeltasList().stream().anyMatch(d -> d.hasAlert()
                    && d.getAlert().getAssignmentId().equals(assignment)), 15_000);
            assertThat(delta.getDeltas().getDeltasList().stream().filter(d -> d.hasAlert()).findFirst().orElseThrow()
                    .getAlert().getKind().name()).isEqualTo("ALERT_KIND_STATUS_OVERDUE");
        }
        JsonObject alert = awaitAlert(b, assignment, "STATUS_OVERDUE", true);
        assertThat(alert.getString("kind")).isEqualTo("STATUS_OVERDUE");
        assertThat(alert.getString("message")).contains("not yet en route");
        HttpResponse<Buffer> ack = b.post("/api/v1/alerts/" + alert.getString("id") + "/acknowledge", null);
        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(ack.bodyAsJsonObject().getString("acknowledgedBy")).isEqualTo("test-admin");
        assertThat(move(a, assignment, "EN_ROUTE").statusCode()).isEqualTo(200);
        JsonObject resolved = awaitAlert(a, assignment, "STATUS_OVERDUE", false);
        assertThat(resolved.getString("resolvedAt")).isNotNull();
        assertThat(a.count("SELECT count(*) FROM alerts WHERE assignment_id = '" + assignment + "' AND kind = 'ALERT_KIND_STATUS_OVERDUE'"))
                .as("raised once although two members run timers every second").isEqualTo(1);
    }

    @Test
    void anAvailableTeamWhoseDeviceFallsSilentIsMarkedUnreachableAndComesBackWithItsNextFix() throws Exception {
        String team = team(a, "513300");
        var d = a.send(HttpMethod.PUT, "/api/v1/devices/dev-" + team, new JsonObject().put("teamId", team)
                .put("protocol", "STREAM").put("primary", true), Map.of());
        assertThat(d.statusCode()).as(d.bodyAsString()).isEqualTo(201);
        String untracked = team(a, "513300"); // no device: its position is typed in, never judged
        assertThat(patchPosition(a, team).statusCode()).isEqualTo(200);
        CLOCK.advance(Duration.ofMinutes(31));
        awaitStatus(b, team, "UNREACHABLE");
        assertThat(b.get("/api/v1/teams/" + untracked).bodyAsJsonObject().getString("status")).isEqualTo("AVAILABLE");
        assertThat(patchPosition(b, team).statusCode()).isEqualTo(200);
        awaitStatus(a, team, "AVAILABLE");
    }

    private static HttpResponse<Buffer> patchPosition(TestMember m, String team) {
        return m.send(HttpMethod.PATCH, "/api/v1/teams/" + team, new JsonObject().put("position", new JsonObject()
                .put("type", "Point").put("coordinates", new JsonArray().add(102.3).add(29.9))
                .put("time", CLOCK.instant().toString())), Map.of("Content-Type", "application/merge-patch+json"));
    }

    private static void awaitStatus(TestMember m, String team, String status) throws InterruptedException {
        String now = null;
        for (int i = 0; i < 100; i++) {
            now = m.get("/api/v1/teams/" + team).bodyAsJsonObject().getString("status");
            if (status.equals(now)) {
                return;
            }
            Thread.sleep(100);
        }
        assertThat(now).as("status of " + team).isEqualTo(status);
    }

    @Test
    void foldingTheEventLogFromScratchReproducesTheLivePicture() throws Exception {
        // some of everything, through both members
        String t1 = team(a, "513322");
        String t2 = team(b, "513322");
        String t3 = team(a, "510100");
        String i1 = incident(b, "513322");
        String as1 = dispatch(a, i1, t1, t2).bodyAsJsonObject().getJsonArray("assignments").getJsonObject(0).getString("id");
        move(b, as1, "EN_ROUTE");
        move(a, as1, "ON_SCENE");
        a.send(HttpMethod.PATCH, "/api/v1/teams/" + t3, new JsonObject().put("staffing", 44), Map.of());
        b.send(HttpMethod.DELETE, "/api/v1/teams/" + t3, null, Map.of());
        b.send(HttpMethod.PATCH, "/api/v1/incidents/" + i1, new JsonObject().put("severity", "I"), Map.of());
        Thread.sleep(500); // let the replicas settle (the maps themselves are written before each reply)

        java.util.Map<String, org.muster.protocol.v1.Team> teams = new java.util.TreeMap<>();
        java.util.Map<String, org.muster.protocol.v1.Incident> incidents = new java.util.TreeMap<>();
        java.util.Map<String, org.muster.protocol.v1.Assignment> assignments = new java.util.TreeMap<>();
        java.util.Map<String, org.muster.protocol.v1.Alert> alerts = new java.util.TreeMap<>();
        for (org.muster.protocol.v1.TimelineEvent e : a.events()) {
            switch (e.getPayloadCase()) {
                case TEAM_REGISTERED -> teams.put(e.getTeamId(), e.getTeamRegistered().getTeam());
                case TEAM_UPDATED -> teams.put(e.getTeamId(), e.getTeamUpdated().getTeam());
                case TEAM_STATUS_CHANGED -> teams.put(e.getTeamId(), e.getTeamStatusChanged().getTeam());
                case TEAM_REMOVED -> teams.remove(e.getTeamId());
                case INCIDENT_REPORTED -> incidents.put(e.getIncidentId(), e.getIncidentReported().getIncident());
                case INCIDENT_UPDATED -> incidents.put(e.getIncidentId(), e.getIncidentUpdated().getIncident());
                case INCIDENT_STATUS_CHANGED -> incidents.put(e.getIncidentId(), e.getIncidentStatusChanged().getIncident());
                case TEAM_DISPATCHED -> {
                    teams.put(e.getTeamId(), e.getTeamDispatched().getTeam());
                    assignments.put(e.getTeamDispatched().getAssignment().getId(), e.getTeamDispatched().getAssignment());
                }
                case ASSIGNMENT_STATUS_CHANGED -> {
                    teams.put(e.getTeamId(), e.getAssignmentStatusChanged().getTeam());
                    assignments.put(e.getAssignmentStatusChanged().getAssignment().getId(), e.getAssignmentStatusChanged().getAssignment());
                }
                case ALERT_RAISED -> alerts.put(e.getAlertRaised().getAlert().getId(), e.getAlertRaised().getAlert());
                case ALERT_ACKNOWLEDGED -> alerts.put(e.getAlertAcknowledged().getAlert().getId(), e.getAlertAcknowledged().getAlert());
                case ALERT_RESOLVED -> alerts.put(e.getAlertResolved().getAlert().getId(), e.getAlertResolved().getAlert());
                default -> {
                }
            }
        }
        for (TestMember m : List.of(a, b)) {
            assertThat(live(m, "muster.teams")).isEqualTo(teams);
            assertThat(live(m, "muster.incidents")).isEqualTo(incidents);
            assertThat(live(m, "muster.assignments")).isEqualTo(assignments);
            assertThat(live(m, "muster.alerts")).isEqualTo(alerts);
        }
    }

    /** A live map as the cluster holds it, without tombstones. */
    private static <V extends com.google.protobuf.Message> java.util.Map<String, V> live(TestMember m, String name) {
        java.util.Map<String, V> out = new java.util.TreeMap<>();
        com.hazelcast.map.IMap<String, V> map = m.main().hazelcast().getMap(name);
        map.forEach((k, v) -> {
            var deleted = v.getDescriptorForType().findFieldByName("deleted");
            if (deleted == null || !(Boolean) v.getField(deleted)) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static JsonObject awaitAlert(TestMember m, String assignment, String kind, boolean open) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            for (Object o : m.get("/api/v1/alerts?open=" + open).bodyAsJsonObject().getJsonArray("items")) {
                JsonObject al = (JsonObject) o;
                if (al.getString("assignmentId").equals(assignment) && al.getString("kind").equals(kind)) {
                    return al;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no " + (open ? "open" : "resolved") + " alert for " + assignment);
    }
}
