package org.muster.server.ingest;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.muster.protocol.v1.ClientMessage;
import org.muster.protocol.v1.DeviceMessage;
import org.muster.protocol.v1.DeviceServerMessage;
import org.muster.protocol.v1.ErrorCode;
import org.muster.protocol.v1.PositionBatch;
import org.muster.protocol.v1.PositionFix;
import org.muster.protocol.v1.ServerMessage;
import org.muster.protocol.v1.Subscribe;
import org.muster.server.auth.Role;
import org.muster.server.support.ConsoleClient;
import org.muster.server.support.TestMember;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** /ws/device against two real members: acknowledgements after commit, duplicates, order, spoofing. */
class DeviceStreamTest {
    private static TestMember a;
    private static TestMember b;
    private static Vertx vertx;
    /** Held: a WebSocketClient that is garbage-collected closes its sockets 30 s later (Vert.x 5's Cleaner). */
    private static io.vertx.core.http.WebSocketClient client;

    @BeforeAll
    static void start() {
        TestMember.Cluster cluster = new TestMember.Cluster(2);
        a = cluster.start(0);
        b = cluster.start(1);
        vertx = Vertx.vertx();
        client = vertx.createWebSocketClient();
    }

    @AfterAll
    static void stop() {
        vertx.close();
        b.close();
        a.close();
    }

    /** A registered team with a registered streaming device; returns the device id. */
    private static String teamWithDevice(String teamId) {
        JsonObject team = new JsonObject().put("id", teamId).put("name", "车载终端测试队").put("tier", "LOCAL_PROFESSIONAL")
                .put("regionCode", "511800").put("home", new JsonObject().put("type", "Point").put("coordinates", new JsonArray().add(103.0).add(29.98)));
        assertThat(a.post("/api/v1/teams", team).statusCode()).isEqualTo(201);
        String device = "dev-" + teamId;
        var r = a.send(HttpMethod.PUT, "/api/v1/devices/" + device, new JsonObject().put("teamId", teamId)
                .put("protocol", "STREAM").put("primary", true), Map.of());
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
        return device;
    }

    private static String deviceToken(String device) {
        var r = a.post("/api/v1/devices/" + device + "/token", null);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
        return r.bodyAsJsonObject().getString("token");
    }

    private record Link(WebSocket ws, LinkedBlockingQueue<DeviceServerMessage> in) {
        DeviceServerMessage send(DeviceMessage m) throws Exception {
            ws.writeBinaryMessage(Buffer.buffer(m.toByteArray()));
            DeviceServerMessage reply = in.poll(10, TimeUnit.SECONDS);
            assertThat(reply).as("an answer").isNotNull();
            return reply;
        }
    }

    private static Link connect(TestMember m, String token) throws Exception {
        WebSocket ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(m.port())
                .setURI("/ws/device?access_token=" + token)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        LinkedBlockingQueue<DeviceServerMessage> in = new LinkedBlockingQueue<>();
        ws.binaryMessageHandler(buf -> {
            try {
                in.add(DeviceServerMessage.parseFrom(buf.getBytes()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return new Link(ws, in);
    }

    private static DeviceMessage batch(String device, long firstSeq, int count, long firstTimeMs, double lon) {
        PositionBatch.Builder b = PositionBatch.newBuilder().setDeviceId(device);
        for (int i = 0; i < count; i++) {
            b.addFixes(PositionFix.newBuilder().setSeq(firstSeq + i).setTimeMs(firstTimeMs + i * 1000L)
                    .setLon(lon + i * 0.001).setLat(29.98).setAccuracyM(5).setSpeedMps(12));
        }
        return DeviceMessage.newBuilder().setRequestId(firstSeq).setBatch(b).build();
    }

    @Test
    void aBatchIsAcknowledgedAfterCommitAndAResendIsHarmless() throws Exception {
        String team = "DEV-" + UUID.randomUUID().toString().substring(0, 6);
        String device = teamWithDevice(team);
        Link link = connect(b, deviceToken(device));
        long t0 = System.currentTimeMillis() - 60_000;
        DeviceServerMessage ack = link.send(batch(device, 1, 5, t0, 103.0));
        assertThat(ack.getAck().getDurableSeq()).isEqualTo(5);
        assertThat(ack.getAck().getAccepted()).isEqualTo(5);
        assertThat(a.count("SELECT count(*) FROM positions WHERE device_id = '" + device + "'")).isEqualTo(5);
        DeviceServerMessage again = link.send(batch(device, 1, 5, t0, 103.0));
        assertThat(again.getAck().getDurableSeq()).isEqualTo(5);
        assertThat(again.getAck().getAccepted()).isZero();
        assertThat(again.getAck().getDuplicates()).isEqualTo(5);
        assertThat(a.count("SELECT count(*) FROM positions WHERE device_id = '" + device + "'")).isEqualTo(5);
        link.ws().close();
    }

    @Test
    void batchesSentWithoutWaitingAreAllStoredAndAnsweredInTheOrderTheyCame() throws Exception {
        String team = "PIP-" + UUID.randomUUID().toString().substring(0, 6);
        String device = teamWithDevice(team);
        Link link = connect(a, deviceToken(device));
        long t0 = System.currentTimeMillis() - 3_600_000;
        int batches = 150; // more than the 64 a connection may have unanswered: the server pauses and resumes reading
        for (int i = 0; i < batches; i++) {
            // a hole in the middle: batch 70 is refused (empty), the others still go through, in order
            DeviceMessage m = i == 70
                    ? DeviceMessage.newBuilder().setRequestId(1 + i * 10L).setBatch(PositionBatch.newBuilder().setDeviceId(device)).build()
                    : batch(device, 1 + i * 10L, 10, t0 + i * 10_000L, 103.0 + i * 0.01);
            link.ws().writeBinaryMessage(Buffer.buffer(m.toByteArray()));
        }
        for (int i = 0; i < batches; i++) {
            DeviceServerMessage reply = link.in().poll(20, TimeUnit.SECONDS);
            assertThat(reply).as("answer " + i).isNotNull();
            assertThat(reply.getRequestId()).as("answers in the order of the batches").isEqualTo(1 + i * 10L);
            if (i == 70) {
                assertThat(reply.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_VALIDATION_FAILED);
            } else {
                assertThat(reply.getAck().getDurableSeq()).isEqualTo(10 + i * 10L);
                assertThat(reply.getAck().getAccepted()).isEqualTo(10);
            }
        }
        assertThat(a.count("SELECT count(*) FROM positions WHERE device_id = '" + device + "'")).isEqualTo((batches - 1) * 10L);
        // the live position ends at the newest fix on every member, though fixes came faster than it could follow
        // (while one move is on its way to the key's owner, the newer ones wait and only the newest follows)
        double newest = 103.0 + (batches - 1) * 0.01 + 9 * 0.001;
        for (TestMember m : List.of(a, b)) {
            long deadline = System.currentTimeMillis() + 10_000;
            double lon;
            do {
                JsonObject position = m.get("/api/v1/teams/" + team).bodyAsJsonObject().getJsonObject("position");
                lon = position == null ? Double.NaN : position.getJsonArray("coordinates").getDouble(0);
            } while (Math.abs(lon - newest) > 1e-9 && System.currentTimeMillis() < deadline && sleep(20));
            assertThat(lon).as("live longitude").isCloseTo(newest, org.assertj.core.data.Offset.offset(1e-9));
        }
        link.ws().close();
    }

    private static boolean sleep(long ms) throws InterruptedException {
        Thread.sleep(ms);
        return true;
    }

    @Test
    void everyMembersTeamIndexFollowsMovesStatusChangesAndStoredPositionsExactly() throws Exception {
        String team = "IDX-" + UUID.randomUUID().toString().substring(0, 6);
        JsonObject t = new JsonObject().put("id", team).put("name", "索引测试队").put("tier", "LOCAL_PROFESSIONAL")
                .put("regionCode", "511800").put("transport", "ROAD")
                .put("home", new JsonObject().put("type", "Point").put("coordinates", new JsonArray().add(103.0).add(29.98)))
                .put("equipment", new JsonArray().add(new JsonObject().put("typeCode", "2020101").put("quantity", 2)));
        assertThat(a.post("/api/v1/teams", t).statusCode()).isEqualTo(201);
        String device = "dev-" + team;
        assertThat(a.send(HttpMethod.PUT, "/api/v1/devices/" + device, new JsonObject().put("teamId", team)
                .put("protocol", "STREAM").put("primary", true), Map.of()).statusCode()).isEqualTo(201);
        Link link = connect(b, deviceToken(device));
        long t0 = (System.currentTimeMillis() - 600_000) / 1000 * 1000;
        Map<String, String> mergePatch = Map.of("Content-Type", "application/merge-patch+json");

        assertThat(link.send(batch(device, 1, 5, t0, 103.0)).getAck().getDurableSeq()).isEqualTo(5);
        assertThat(a.send(HttpMethod.PATCH, "/api/v1/teams/" + team, new JsonObject().put("status", "OUT_OF_SERVICE"),
                mergePatch).statusCode()).isEqualTo(200);
        assertThat(link.send(batch(device, 6, 5, t0 + 10_000, 103.2)).getAck().getDurableSeq()).isEqualTo(10);
        // a stored position older than the live one, then one newer than what the device sends next
        for (long at : new long[] {t0 + 12_000, t0 + 60_000}) {
            assertThat(a.send(HttpMethod.PATCH, "/api/v1/teams/" + team, new JsonObject().put("position", new JsonObject()
                    .put("type", "Point").put("coordinates", new JsonArray().add(103.3).add(29.9))
                    .put("time", java.time.Instant.ofEpochMilli(at).toString())), mergePatch).statusCode()).isEqualTo(200);
        }
        assertThat(link.send(batch(device, 11, 3, t0 + 20_000, 103.4)).getAck().getDurableSeq()).isEqualTo(13);
        assertIndexedAsRebuilt(team, t0 + 60_000, 103.3);
        assertThat(link.send(batch(device, 14, 3, t0 + 70_000, 103.6)).getAck().getDurableSeq()).isEqualTo(16);
        assertIndexedAsRebuilt(team, t0 + 72_000, 103.602);
        link.ws().close();
    }

    /** On both members, once the team's place is the one expected: indexed exactly as a rebuild would index it. */
    private static void assertIndexedAsRebuilt(String team, long timeMs, double lon) throws Exception {
        for (TestMember m : List.of(a, b)) {
            long deadline = System.currentTimeMillis() + 10_000;
            org.muster.geo.index.TeamPoint p = m.main().teamIndex().indexed(team);
            while ((p == null || p.fixTimeMs() != timeMs) && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
                p = m.main().teamIndex().indexed(team);
            }
            assertThat(p).as("indexed on member " + m.port()).isNotNull();
            assertThat(p.fixTimeMs()).isEqualTo(timeMs);
            assertThat(p.lon()).isCloseTo(lon, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(p.capabilities().size()).as("capabilities kept").isPositive();
            assertThat(p).isEqualTo(m.main().teamIndex().rebuilt(team).orElseThrow());
        }
    }

    @Test
    void anOlderFixGoesToHistoryButTheLivePositionOnlyMovesForward() throws Exception {
        String team = "ORD-" + UUID.randomUUID().toString().substring(0, 6);
        String device = teamWithDevice(team);
        Link link = connect(a, deviceToken(device));
        long now = System.currentTimeMillis();
        link.send(batch(device, 10, 1, now - 10_000, 103.5));
        link.send(batch(device, 11, 1, now - 3_600_000, 102.0)); // stored while out of coverage, sent late
        assertThat(a.count("SELECT count(*) FROM positions WHERE device_id = '" + device + "'")).isEqualTo(2);
        long deadline = System.currentTimeMillis() + 5_000;
        JsonObject position;
        do {
            position = b.get("/api/v1/teams/" + team).bodyAsJsonObject().getJsonObject("position");
        } while ((position == null || !"DEVICE_STREAM".equals(position.getString("source"))) && System.currentTimeMillis() < deadline);
        assertThat(position.getJsonArray("coordinates").getDouble(0)).isEqualTo(103.5);
        assertThat(position.getString("deviceId")).isEqualTo(device);
        link.ws().close();
    }

    @Test
    void aDeviceMaySendOnlyItsOwnPositions() throws Exception {
        String mine = teamWithDevice("OWN-" + UUID.randomUUID().toString().substring(0, 6));
        String theirs = teamWithDevice("OTH-" + UUID.randomUUID().toString().substring(0, 6));
        Link link = connect(a, deviceToken(mine));
        DeviceServerMessage refused = link.send(batch(theirs, 1, 1, System.currentTimeMillis(), 103.0));
        assertThat(refused.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_FORBIDDEN);
        assertThat(a.count("SELECT count(*) FROM positions WHERE device_id = '" + theirs + "'")).isZero();
        long deadline = System.currentTimeMillis() + 5_000;
        while (a.count("SELECT count(*) FROM audit_log WHERE detail LIKE 'batch for device " + theirs + "%'") == 0) {
            assertThat(System.currentTimeMillis()).isLessThan(deadline);
            Thread.sleep(100);
        }
        link.ws().close();
    }

    @Test
    void anUnregisteredDeviceIsRefusedAndCounted() throws Exception {
        String admin = a.token("gateway", Role.ADMIN, List.of(), null);
        Link link = connect(a, admin);
        DeviceServerMessage refused = link.send(batch("nobody-knows-me", 1, 1, System.currentTimeMillis(), 103.0));
        assertThat(refused.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_UNKNOWN_DEVICE);
        assertThat(a.get("/metrics").bodyAsString()).contains("muster_ingest_unknown_devices_total");
        link.ws().close();
    }

    @Test
    void aConsoleSeesTheTeamMove() throws Exception {
        String team = "MOV-" + UUID.randomUUID().toString().substring(0, 6);
        String device = teamWithDevice(team);
        try (ConsoleClient console = ConsoleClient.connect(a.port(), a.token("watch", Role.OBSERVER, List.of(), null))) {
            console.send(ClientMessage.newBuilder().setSubscribe(Subscribe.newBuilder().addRegionCodes("511800")).build());
            console.await(ServerMessage::hasSnapshot, 10_000);
            Link link = connect(b, deviceToken(device));
            link.send(batch(device, 1, 1, System.currentTimeMillis(), 103.25));
            ServerMessage moved = console.await(m -> m.hasDeltas() && m.getDeltas().getDeltasList().stream()
                    .anyMatch(d -> d.hasTeamMoved() && d.getTeamMoved().getTeamId().equals(team)), 10_000);
            assertThat(moved.getDeltas().getDeltasList()).anyMatch(d -> d.hasTeamMoved()
                    && d.getTeamMoved().getPosition().getPoint().getLon() == 103.25);
            link.ws().close();
        }
    }

    @Test
    void fixesInTheChineseOffsetSystemsAndWebMercatorAreStoredInWgs84() throws Exception {
        String team = "CRS-" + UUID.randomUUID().toString().substring(0, 6);
        String device = teamWithDevice(team);
        Link link = connect(a, deviceToken(device));
        double lon = 102.2316;
        double lat = 29.9154; // Luding bridge, WGS 84
        double[] gcj = org.muster.geo.crs.DatumConverter.fromWgs84(org.muster.geo.crs.Datum.GCJ02, lon, lat);
        double[] bd = org.muster.geo.crs.DatumConverter.fromWgs84(org.muster.geo.crs.Datum.BD09, lon, lat);
        double[] merc = org.muster.geo.crs.WebMercator.fromWgs84(lon, lat);
        assertThat(Math.abs(gcj[0] - lon) + Math.abs(gcj[1] - lat)).as("GCJ-02 is offset by hundreds of metres").isGreaterThan(0.002);
        long t = System.currentTimeMillis() - 60_000;
        PositionBatch.Builder b = PositionBatch.newBuilder().setDeviceId(device);
        double[][] sent = {gcj, bd, merc};
        org.muster.protocol.v1.CoordinateSystem[] systems = {org.muster.protocol.v1.CoordinateSystem.COORDINATE_SYSTEM_GCJ02,
                org.muster.protocol.v1.CoordinateSystem.COORDINATE_SYSTEM_BD09, org.muster.protocol.v1.CoordinateSystem.COORDINATE_SYSTEM_WEB_MERCATOR};
        for (int i = 0; i < 3; i++) {
            b.addFixes(PositionFix.newBuilder().setSeq(100 + i).setTimeMs(t + i * 1000L).setLon(sent[i][0]).setLat(sent[i][1])
                    .setCrs(systems[i]));
        }
        DeviceServerMessage ack = link.send(DeviceMessage.newBuilder().setRequestId(100).setBatch(b).build());
        assertThat(ack.getAck().getAccepted()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertThat(a.count("SELECT count(*) FROM positions WHERE device_id = '" + device + "' AND seq = " + (100 + i)
                    + " AND abs(lon - " + lon + ") < 1e-6 AND abs(lat - " + lat + ") < 1e-6")).as(systems[i].name()).isEqualTo(1);
        }
        link.ws().close();
    }
}
