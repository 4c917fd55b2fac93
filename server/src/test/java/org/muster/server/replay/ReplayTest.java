package org.muster.server.replay;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.muster.protocol.v1.ClientMessage;
import org.muster.protocol.v1.DeviceMessage;
import org.muster.protocol.v1.DeviceServerMessage;
import org.muster.protocol.v1.PositionBatch;
import org.muster.protocol.v1.PositionFix;
import org.muster.protocol.v1.ReplayControl;
import org.muster.protocol.v1.ReplayJoin;
import org.muster.protocol.v1.ReplayMode;
import org.muster.protocol.v1.ReplayNote;
import org.muster.protocol.v1.ReplayPause;
import org.muster.protocol.v1.ReplayPlay;
import org.muster.protocol.v1.ReplaySeek;
import org.muster.protocol.v1.ReplaySpeed;
import org.muster.protocol.v1.ReplayState;
import org.muster.protocol.v1.ServerMessage;
import org.muster.protocol.v1.Team;
import org.muster.server.auth.Role;
import org.muster.server.support.ConsoleClient;
import org.muster.server.support.TestMember;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consultation sessions against a real member: the state at T folded from the store equals what the live picture
 * showed at T during a scripted run; two participants stay in sync; notes persist into later sessions; exports parse.
 */
class ReplayTest {
    private static TestMember m;
    private static Vertx vertx;
    /** Held, not made per call: Vert.x closes the connections of a WebSocketClient that is garbage-collected. */
    private static WebSocketClient deviceClient;
    private static Script script;

    /** What the scripted run did and what the live picture showed after each step. */
    private record Script(String incident, List<String> teams, List<Long> times, List<JsonObject> incidents,
                          List<Map<String, JsonObject>> teamsSeen, long start, long end) {
    }

    @BeforeAll
    static void start() throws Exception {
        m = TestMember.single();
        vertx = Vertx.vertx();
        deviceClient = vertx.createWebSocketClient();
        script = run();
    }

    @AfterAll
    static void stop() {
        vertx.close();
        m.close();
    }

    private static JsonObject point(double lon, double lat) {
        return new JsonObject().put("type", "Point").put("coordinates", new JsonArray().add(lon).add(lat));
    }

    private static String team(int i) {
        String id = "RT-" + i + "-" + UUID.randomUUID().toString().substring(0, 6);
        JsonObject t = new JsonObject().put("id", id).put("name", "泸定 " + i + " 队").put("tier", "NATIONAL_FIRE_RESCUE")
                .put("regionCode", "513322").put("staffing", 30).put("home", point(102.2 + i * 0.01, 29.9));
        assertThat(m.post("/api/v1/teams", t).statusCode()).isEqualTo(201);
        var d = m.send(HttpMethod.PUT, "/api/v1/devices/dev-" + id, new JsonObject().put("teamId", id)
                .put("protocol", "STREAM").put("primary", true), Map.of());
        assertThat(d.statusCode()).as(d.bodyAsString()).isEqualTo(201);
        return id;
    }

    private static WebSocket device(String teamId) throws Exception {
        String token = m.post("/api/v1/devices/dev-" + teamId + "/token", null).bodyAsJsonObject().getString("token");
        return deviceClient.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(m.port())
                .setURI("/ws/device?access_token=" + token)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Sends one fix and waits for its durable acknowledgement. */
    private static void fix(WebSocket ws, LinkedBlockingQueue<DeviceServerMessage> acks, String teamId, long seq, double lon, double lat)
            throws Exception {
        ws.writeBinaryMessage(Buffer.buffer(DeviceMessage.newBuilder().setRequestId(seq).setBatch(PositionBatch.newBuilder()
                .setDeviceId("dev-" + teamId).addFixes(PositionFix.newBuilder().setSeq(seq).setTimeMs(System.currentTimeMillis())
                        .setLon(lon).setLat(lat).setAccuracyM(5))).build().toByteArray()));
        DeviceServerMessage ack = acks.poll(10, TimeUnit.SECONDS);
        assertThat(ack).isNotNull();
        assertThat(ack.getAck().getDurableSeq()).isEqualTo(seq);
    }

    private static Script run() throws Exception {
        List<String> teams = List.of(team(1), team(2), team(3));
        List<WebSocket> devices = new ArrayList<>();
        List<LinkedBlockingQueue<DeviceServerMessage>> acks = new ArrayList<>();
        for (String t : teams) {
            WebSocket ws = device(t);
            LinkedBlockingQueue<DeviceServerMessage> q = new LinkedBlockingQueue<>();
            ws.binaryMessageHandler(b -> {
                try {
                    q.add(DeviceServerMessage.parseFrom(b.getBytes()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            devices.add(ws);
            acks.add(q);
        }
        long start = System.currentTimeMillis();
        HttpResponse<Buffer> r = m.post("/api/v1/incidents", new JsonObject().put("type", "EARTHQUAKE_GEOLOGICAL").put("severity", "I")
                .put("title", "泸定 6.8 级地震").put("regionCode", "513322").put("location", point(102.08, 29.59)));
        assertThat(r.statusCode()).isEqualTo(201);
        String incident = r.bodyAsJsonObject().getString("id");

        List<Long> times = new ArrayList<>();
        List<JsonObject> incidents = new ArrayList<>();
        List<Map<String, JsonObject>> seen = new ArrayList<>();
        List<Runnable> steps = new ArrayList<>();
        long[] seq = {0};
        for (int k = 0; k < 3; k++) {
            int step = k;
            steps.add(() -> {
                try {
                    for (int i = 0; i < teams.size(); i++) {
                        fix(devices.get(i), acks.get(i), teams.get(i), ++seq[0], 102.2 + i * 0.01 - step * 0.03, 29.9 - step * 0.08);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            if (k == 0) {
                steps.add(() -> assertThat(m.post("/api/v1/incidents/" + incident + "/assignments",
                        new JsonObject().put("teamIds", new JsonArray().add(teams.get(0)).add(teams.get(1)))).statusCode()).isEqualTo(201));
            }
            if (k == 1) {
                steps.add(() -> {
                    for (Object a : m.get("/api/v1/incidents/" + incident + "/assignments").bodyAsJsonObject().getJsonArray("items")) {
                        JsonObject as = (JsonObject) a;
                        if (as.getString("teamId").equals(teams.get(0))) {
                            assertThat(m.send(HttpMethod.PATCH, "/api/v1/assignments/" + as.getString("id"),
                                    new JsonObject().put("status", "EN_ROUTE"), Map.of()).statusCode()).isEqualTo(200);
                        }
                    }
                    assertThat(m.send(HttpMethod.PATCH, "/api/v1/incidents/" + incident, new JsonObject().put("severity", "II"),
                            Map.of("Content-Type", "application/merge-patch+json")).statusCode()).isEqualTo(200);
                });
            }
            if (k == 2) {
                steps.add(() -> assertThat(m.post("/api/v1/incidents/" + incident + "/assignments",
                        new JsonObject().put("teamIds", new JsonArray().add(teams.get(2)))).statusCode()).isEqualTo(201));
            }
        }
        for (Runnable step : steps) {
            step.run();
            Thread.sleep(300); // the live picture takes the change
            long t = System.currentTimeMillis();
            times.add(t);
            incidents.add(m.get("/api/v1/incidents/" + incident).bodyAsJsonObject());
            Map<String, JsonObject> now = new HashMap<>();
            for (String team : teams) {
                now.put(team, m.get("/api/v1/teams/" + team).bodyAsJsonObject());
            }
            seen.add(now);
            Thread.sleep(300); // nothing happens between the recording and the next step
        }
        devices.forEach(WebSocket::close);
        return new Script(incident, teams, times, incidents, seen, start, System.currentTimeMillis());
    }

    @Test
    void theStateAtAnyRecordedMomentEqualsWhatTheLivePictureShowedThen() {
        for (int i = 0; i < script.times().size(); i++) {
            long t = script.times().get(i);
            HttpResponse<Buffer> r = m.get("/api/v1/incidents/" + script.incident() + "/state?at=" + java.time.Instant.ofEpochMilli(t));
            assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
            JsonObject state = r.bodyAsJsonObject();
            JsonObject liveIncident = script.incidents().get(i);
            JsonObject pastIncident = state.getJsonObject("incident");
            assertThat(pastIncident.getString("status")).as("incident status at step %d", i).isEqualTo(liveIncident.getString("status"));
            assertThat(pastIncident.getString("severity")).as("severity at step %d", i).isEqualTo(liveIncident.getString("severity"));
            Map<String, JsonObject> pastTeams = new HashMap<>();
            state.getJsonArray("teams").forEach(o -> pastTeams.put(((JsonObject) o).getString("id"), (JsonObject) o));
            for (String team : script.teams()) {
                JsonObject live = script.teamsSeen().get(i).get(team);
                JsonObject past = pastTeams.get(team);
                assertThat(past).as("team %s at step %d", team, i).isNotNull();
                assertThat(past.getString("status")).as("status of %s at step %d", team, i).isEqualTo(live.getString("status"));
                assertThat(past.getJsonObject("position").getJsonArray("coordinates"))
                        .as("position of %s at step %d", team, i).isEqualTo(live.getJsonObject("position").getJsonArray("coordinates"));
            }
        }
        assertThat(m.get("/api/v1/incidents/" + script.incident() + "/state?at=2000-01-01T00:00:00Z").statusCode()).isEqualTo(400);
        assertThat(m.get("/api/v1/incidents/" + script.incident() + "/state?at=yesterday").statusCode()).isEqualTo(400);
        assertThat(m.get("/api/v1/incidents/none/state").statusCode()).isEqualTo(404);
    }

    private static ServerMessage await(ConsoleClient c, Predicate<ServerMessage> p) {
        ServerMessage msg = c.await(p, 10_000);
        assertThat(msg).as("a message in time").isNotNull();
        return msg;
    }

    private static ClientMessage control(String replay, ReplayControl.Builder b) {
        return ClientMessage.newBuilder().setReplayControl(b.setReplayId(replay)).build();
    }

    @Test
    void twoParticipantsStayInSyncThroughPlaySeekAndSpeed() {
        HttpResponse<Buffer> opened = m.send(HttpMethod.POST, "/api/v1/replays", new JsonObject().put("incidentId", script.incident()),
                Map.of("Authorization", "Bearer " + m.token("commander", Role.DISPATCHER, List.of(), null)));
        assertThat(opened.statusCode()).as(opened.bodyAsString()).isEqualTo(201);
        String replay = opened.bodyAsJsonObject().getString("id");
        assertThat(opened.bodyAsJsonObject().getString("controller")).isEqualTo("commander");
        assertThat(m.get("/api/v1/replays/" + replay).bodyAsJsonObject().getString("mode")).isEqualTo("PAUSED");

        try (ConsoleClient commander = ConsoleClient.connect(m.port(), m.token("commander", Role.DISPATCHER, List.of(), null));
             ConsoleClient expert = ConsoleClient.connect(m.port(), m.token("expert", Role.OBSERVER, List.of(), null))) {
            for (ConsoleClient c : List.of(commander, expert)) {
                c.send(ClientMessage.newBuilder().setReplayJoin(ReplayJoin.newBuilder().setReplayId(replay)).build());
                ServerMessage key = await(c, s -> s.hasReplayFrame() && s.getReplayFrame().getKeyframe());
                assertThat(key.getReplayFrame().getState().getIncidentsList()).hasSize(1);
            }
            assertThat(m.get("/api/v1/replays/" + replay).bodyAsJsonObject().getJsonArray("participants").getList())
                    .contains("commander", "expert");

            // only the controller controls
            expert.send(control(replay, ReplayControl.newBuilder().setPlay(ReplayPlay.getDefaultInstance())));
            assertThat(await(expert, ServerMessage::hasError).getError().getMessage()).contains("controller");

            long mid = script.times().get(2);
            commander.send(control(replay, ReplayControl.newBuilder().setSeek(ReplaySeek.newBuilder().setTimeMs(mid))));
            for (ConsoleClient c : List.of(commander, expert)) {
                ServerMessage key = await(c, s -> s.hasReplayFrame() && s.getReplayFrame().getKeyframe()
                        && s.getReplayFrame().getTimeMs() == mid);
                Map<String, Team> teams = new HashMap<>();
                key.getReplayFrame().getState().getTeamsList().forEach(t -> teams.put(t.getId(), t));
                assertThat(teams.get(script.teams().get(0)).getStatus().name()).isEqualTo("TEAM_STATUS_DISPATCHED");
            }
            commander.send(control(replay, ReplayControl.newBuilder().setSpeed(ReplaySpeed.newBuilder().setSpeed(120))));
            commander.send(control(replay, ReplayControl.newBuilder().setPlay(ReplayPlay.getDefaultInstance())));
            ReplayState a = await(commander, s -> s.hasReplayState() && s.getReplayState().getMode() == ReplayMode.REPLAY_MODE_PLAYING).getReplayState();
            ReplayState b = await(expert, s -> s.hasReplayState() && s.getReplayState().getVersion() == a.getVersion()).getReplayState();
            assertThat(b).isEqualTo(a);
            assertThat(a.getSpeed()).isEqualTo(120.0);
            // while playing, both receive frames for the same incident times
            long t1 = await(commander, s -> s.hasReplayFrame() && s.getReplayFrame().getTimeMs() > mid).getReplayFrame().getTimeMs();
            await(expert, s -> s.hasReplayFrame() && s.getReplayFrame().getTimeMs() >= t1);
            commander.send(control(replay, ReplayControl.newBuilder().setPause(ReplayPause.getDefaultInstance())));
            ReplayState pa = await(commander, s -> s.hasReplayState() && s.getReplayState().getMode() == ReplayMode.REPLAY_MODE_PAUSED).getReplayState();
            ReplayState pb = await(expert, s -> s.hasReplayState() && s.getReplayState().getVersion() == pa.getVersion()).getReplayState();
            assertThat(pb.getPositionMs()).isEqualTo(pa.getPositionMs());
            assertThat(pa.getPositionMs()).isGreaterThan(mid);
        }
    }

    @Test
    void aNoteMadeInOneSessionAppearsInTheNextAndInTheLiveTimeline() {
        String token = m.token("commander-2", Role.DISPATCHER, List.of(), null);
        String first = m.send(HttpMethod.POST, "/api/v1/replays", new JsonObject().put("incidentId", script.incident()),
                Map.of("Authorization", "Bearer " + token)).bodyAsJsonObject().getString("id");
        try (ConsoleClient c = ConsoleClient.connect(m.port(), token)) {
            c.send(ClientMessage.newBuilder().setReplayJoin(ReplayJoin.newBuilder().setReplayId(first)).build());
            await(c, s -> s.hasReplayFrame() && s.getReplayFrame().getKeyframe());
            long at = script.times().get(3);
            c.send(control(first, ReplayControl.newBuilder().setSeek(ReplaySeek.newBuilder().setTimeMs(at))));
            await(c, s -> s.hasReplayFrame() && s.getReplayFrame().getKeyframe() && s.getReplayFrame().getTimeMs() == at);
            c.send(control(first, ReplayControl.newBuilder().setNote(ReplayNote.newBuilder().setText("研判：堰塞湖风险高，增派排涝力量")
                    .setJudgment(true).setLocation(org.muster.protocol.v1.GeoPoint.newBuilder().setLon(102.1).setLat(29.6)))));
        }
        JsonObject note = null;
        for (int i = 0; i < 100 && note == null; i++) {
            for (Object o : m.get("/api/v1/incidents/" + script.incident() + "/timeline").bodyAsJsonObject().getJsonArray("items")) {
                JsonObject e = (JsonObject) o;
                if (e.getString("type").equals("NoteAdded") && e.getJsonObject("data").getBoolean("judgment")) {
                    note = e;
                }
            }
            sleep(50);
        }
        assertThat(note).as("the note in the live timeline").isNotNull();
        assertThat(note.getJsonObject("data").getString("replayId")).isEqualTo(first);
        assertThat(note.getJsonObject("data").getString("at")).isEqualTo(java.time.Instant.ofEpochMilli(script.times().get(3)).toString());

        // a later session shows it in its frames once the playhead passes it
        String second = m.send(HttpMethod.POST, "/api/v1/replays", new JsonObject().put("incidentId", script.incident()),
                Map.of("Authorization", "Bearer " + token)).bodyAsJsonObject().getString("id");
        try (ConsoleClient c = ConsoleClient.connect(m.port(), token)) {
            c.send(ClientMessage.newBuilder().setReplayJoin(ReplayJoin.newBuilder().setReplayId(second)).build());
            await(c, s -> s.hasReplayFrame() && s.getReplayFrame().getKeyframe());
            c.send(control(second, ReplayControl.newBuilder().setSeek(ReplaySeek.newBuilder().setTimeMs(script.end() + 5_000))));
            ServerMessage seen = c.await(s -> s.hasReplayFrame() && s.getReplayFrame().getDeltasList().stream()
                    .anyMatch(d -> d.hasEvent() && d.getEvent().getNoteAdded().getText().contains("堰塞湖")), 10_000);
            assertThat(seen).as("the note in the second session's frames").isNotNull();
        }

        // and a note made outside any session, over HTTP
        HttpResponse<Buffer> r = m.post("/api/v1/incidents/" + script.incident() + "/notes", new JsonObject()
                .put("text", "指挥部：转移下游群众").put("at", java.time.Instant.ofEpochMilli(script.times().get(1)).toString())
                .put("location", point(102.09, 29.58)));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
        assertThat(r.bodyAsJsonObject().getString("type")).isEqualTo("NoteAdded");
        assertThat(m.post("/api/v1/incidents/" + script.incident() + "/notes", new JsonObject().put("text", " ")).statusCode()).isEqualTo(400);
        assertThat(m.post("/api/v1/incidents/nope/notes", new JsonObject().put("text", "x")).statusCode()).isEqualTo(404);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void exportsParse() throws Exception {
        String base = "/api/v1/incidents/" + script.incident() + "/export/";
        HttpResponse<Buffer> csv = m.get(base + "timeline.csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.getHeader("Content-Type")).startsWith("text/csv");
        List<List<String>> rows = parseCsv(csv.bodyAsString());
        assertThat(rows.get(0)).containsExactly("seq", "time", "type", "actor", "role", "team_id", "summary", "data");
        assertThat(rows.subList(1, rows.size())).allSatisfy(row -> {
            assertThat(row).hasSize(8);
            new JsonObject(row.get(7)); // the data column is the event's JSON
        });
        assertThat(rows.stream().map(row -> row.get(2))).contains("IncidentReported", "TeamDispatched", "AssignmentStatusChanged");

        JsonObject geo = m.get(base + "tracks.geojson").bodyAsJsonObject();
        assertThat(geo.getString("type")).isEqualTo("FeatureCollection");
        assertThat(geo.getJsonArray("features")).hasSize(3);
        for (Object o : geo.getJsonArray("features")) {
            JsonObject f = (JsonObject) o;
            assertThat(f.getJsonObject("geometry").getString("type")).isEqualTo("LineString");
            JsonArray coordinates = f.getJsonObject("geometry").getJsonArray("coordinates");
            assertThat(coordinates).hasSize(3);
            assertThat(f.getJsonObject("properties").getJsonArray("times")).hasSize(3);
            assertThat(coordinates.getJsonArray(0).getDouble(1)).isEqualTo(29.9);
        }
        List<List<String>> fixes = parseCsv(m.get(base + "tracks.csv").bodyAsString());
        assertThat(fixes).hasSize(1 + 9);
        assertThat(fixes.get(1).get(10)).isEqualTo("DEVICE_STREAM");

        HttpResponse<Buffer> eido = m.get(base + "eido.json?at=" + java.time.Instant.ofEpochMilli(script.times().get(2)));
        assertThat(eido.statusCode()).as(eido.bodyAsString()).isEqualTo(200);
        JsonObject doc = eido.bodyAsJsonObject();
        JsonObject inc = doc.getJsonArray("incidentComponent").getJsonObject(0);
        assertThat(inc.getString("incidentTrackingIdentifier")).isEqualTo(script.incident());
        List<String> ids = new ArrayList<>();
        for (String component : List.of("incidentComponent", "locationComponent", "emergencyResourceComponent", "notesComponent")) {
            doc.getJsonArray(component).forEach(c -> ids.add(((JsonObject) c).getString("$id")));
        }
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(ids).contains(inc.getJsonObject("locationReference").getString("$ref"));
        inc.getJsonArray("emergencyResourceReference").forEach(ref -> assertThat(ids).contains(((JsonObject) ref).getString("$ref")));
        assertThat(doc.getJsonArray("emergencyResourceComponent")).hasSize(3);
        assertThat(m.get("/api/v1/incidents/nope/export/timeline.csv").statusCode()).isEqualTo(404);
    }

    /** A small RFC 4180 reader, for checking what the server wrote. */
    static List<List<String>> parseCsv(String text) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        StringReader in = new StringReader(text);
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        int c;
        while ((c = in.read()) != -1) {
            if (quoted) {
                if (c == '"') {
                    in.mark(1);
                    int next = in.read();
                    if (next == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        if (next != -1) {
                            in.reset();
                        }
                    }
                } else {
                    field.append((char) c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\r') {
                // part of CRLF
            } else if (c == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else {
                field.append((char) c);
            }
        }
        return rows;
    }
}
