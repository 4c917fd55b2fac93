package org.muster.server.push;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.muster.protocol.v1.BoundingBox;
import org.muster.protocol.v1.ClientMessage;
import org.muster.protocol.v1.Delta;
import org.muster.protocol.v1.ErrorCode;
import org.muster.protocol.v1.Ping;
import org.muster.protocol.v1.Resume;
import org.muster.protocol.v1.ServerMessage;
import org.muster.protocol.v1.Snapshot;
import org.muster.protocol.v1.Subscribe;
import org.muster.server.auth.Role;
import org.muster.server.support.ConsoleClient;
import org.muster.server.support.TestMember;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** /ws/console against two real members: fan-out across the cluster, resume, errors, slow consumers. */
class ConsoleStreamTest {
    private static TestMember a;
    private static TestMember b;

    @BeforeAll
    static void start() {
        TestMember.Cluster cluster = new TestMember.Cluster(2);
        Map<String, String> env = Map.of("MUSTER_CONSOLE_SLOW_GRACE_SECONDS", "2", "MUSTER_CONSOLE_MAX_PENDING", "5000",
                "MUSTER_CONSOLE_MESSAGES_PER_SECOND", "50");
        a = cluster.start(0, env);
        b = cluster.start(1, env);
    }

    @AfterAll
    static void stop() {
        b.close();
        a.close();
    }

    private static String token(TestMember m) {
        return m.token("console-" + UUID.randomUUID(), Role.DISPATCHER, List.of(), null);
    }

    private static JsonObject team(String id, String region, double lon, double lat) {
        return new JsonObject().put("id", id).put("name", "队 " + id).put("tier", "SOCIAL").put("regionCode", region)
                .put("home", new JsonObject().put("type", "Point").put("coordinates", new JsonArray().add(lon).add(lat)));
    }

    private static ClientMessage subscribeAll(long requestId) {
        return ClientMessage.newBuilder().setRequestId(requestId).setSubscribe(Subscribe.newBuilder().setEverything(true)).build();
    }

    private static List<Delta> deltasOf(ServerMessage m) {
        return m.hasDeltas() ? m.getDeltas().getDeltasList() : List.of();
    }

    @Test
    void aChangeAcceptedByOneMemberReachesAConsoleOnTheOther() {
        try (ConsoleClient console = ConsoleClient.connect(b.port(), token(b))) {
            console.send(subscribeAll(1));
            Snapshot snap = console.await(ServerMessage::hasSnapshot, 10_000).getSnapshot();
            assertThat(snap.getResync()).isFalse();
            String id = "FAN-" + UUID.randomUUID().toString().substring(0, 6);
            assertThat(a.post("/api/v1/teams", team(id, "510100", 104.06, 30.66)).statusCode()).isEqualTo(201);
            ServerMessage m = console.await(x -> deltasOf(x).stream().anyMatch(d -> d.hasTeam() && d.getTeam().getId().equals(id)), 10_000);
            Delta d = deltasOf(m).stream().filter(x -> x.hasTeam() && x.getTeam().getId().equals(id)).findFirst().orElseThrow();
            assertThat(m.getDeltas().getEpoch()).isEqualTo(snap.getEpoch());
            assertThat(d.getSeq()).isGreaterThan(snap.getSeq());
        }
    }

    @Test
    void aRegionScopedTokenSeesOnlyItsRegionsWhateverItSubscribes() {
        String scoped = a.token("henan-dispatcher", org.muster.server.auth.Role.DISPATCHER, List.of("410000"), null);
        try (ConsoleClient console = ConsoleClient.connect(a.port(), scoped)) {
            console.send(subscribeAll(1));
            Snapshot snap = console.await(ServerMessage::hasSnapshot, 10_000).getSnapshot();
            assertThat(snap.getTeamsList()).allMatch(t -> t.getRegionCode().startsWith("41"));
            String sichuan = "SC-" + UUID.randomUUID().toString().substring(0, 6);
            String henan = "HN-" + UUID.randomUUID().toString().substring(0, 6);
            b.post("/api/v1/teams", team(sichuan, "510100", 104.06, 30.66));
            b.post("/api/v1/teams", team(henan, "410100", 113.65, 34.76));
            ServerMessage m = console.await(x -> deltasOf(x).stream().anyMatch(d -> d.hasTeam() && d.getTeam().getId().equals(henan)), 10_000);
            assertThat(m).isNotNull();
            assertThat(console.await(x -> deltasOf(x).stream().anyMatch(d -> d.hasTeam() && d.getTeam().getId().equals(sichuan))
                    || x.hasHeartbeat(), 15_000).hasHeartbeat()).as("the Sichuan team never arrives").isTrue();
        }
    }

    @Test
    void aBoundingBoxSubscriptionSeesOnlyWhatIsInside() {
        try (ConsoleClient console = ConsoleClient.connect(a.port(), token(a))) {
            console.send(ClientMessage.newBuilder().setSubscribe(Subscribe.newBuilder().setBbox(BoundingBox.newBuilder()
                    .setMinLon(113).setMinLat(34).setMaxLon(114.5).setMaxLat(35.5))).build());
            console.await(ServerMessage::hasSnapshot, 10_000);
            String outside = "OUT-" + UUID.randomUUID().toString().substring(0, 6);
            String inside = "IN-" + UUID.randomUUID().toString().substring(0, 6);
            b.post("/api/v1/teams", team(outside, "510100", 104.06, 30.66));
            b.post("/api/v1/teams", team(inside, "410100", 113.65, 34.76));
            ServerMessage m = console.await(x -> deltasOf(x).stream().anyMatch(d -> d.hasTeam() && d.getTeam().getId().equals(inside)), 10_000);
            assertThat(deltasOf(m)).noneMatch(d -> d.hasTeam() && d.getTeam().getId().equals(outside));
        }
    }

    @Test
    void consolesSubscribingTogetherEachGetExactlyWhatTheirInterestCovers() throws Exception {
        // snapshots of the consoles that subscribe within one tick are built in one pass: each must still be exactly
        // its own interest's
        String prefix = "SNAP-" + UUID.randomUUID().toString().substring(0, 4) + "-";
        String[] regions = {"510100", "511800", "410100", "410200"};
        Map<String, double[]> place = new java.util.HashMap<>();
        Map<String, String> region = new java.util.HashMap<>();
        for (int i = 0; i < 48; i++) {
            String id = prefix + i;
            double lon = 102.1 + (i % 8) * 0.5;
            double lat = 29.1 + (i / 8) * 0.5;
            place.put(id, new double[] {lon, lat});
            region.put(id, regions[i % 4]);
            assertThat(a.post("/api/v1/teams", team(id, regions[i % 4], lon, lat)).statusCode()).isEqualTo(201);
        }
        long until = System.currentTimeMillis() + 10_000;
        while (place.keySet().stream().anyMatch(id -> b.main().teamIndex().indexed(id) == null)) {
            assertThat(System.currentTimeMillis()).as("teams reached member b").isLessThan(until);
            Thread.sleep(20);
        }
        List<Subscribe> interests = new ArrayList<>();
        for (int k = 0; k < 8; k++) {
            interests.add(Subscribe.newBuilder().setBbox(BoundingBox.newBuilder().setMinLon(102 + k * 0.3)
                    .setMinLat(29 + k * 0.2).setMaxLon(103.2 + k * 0.3).setMaxLat(30.3 + k * 0.2)).build());
        }
        interests.add(Subscribe.newBuilder().addRegionCodes("510000").build());
        interests.add(Subscribe.newBuilder().addRegionCodes("410100").addRegionCodes("511800").build());
        interests.add(Subscribe.newBuilder().setEverything(true).build());
        interests.add(Subscribe.newBuilder().addRegionCodes("410200").setBbox(BoundingBox.newBuilder().setMinLon(102)
                .setMinLat(29).setMaxLon(102.6).setMaxLat(33)).build());
        interests.add(Subscribe.newBuilder().setBbox(BoundingBox.newBuilder().setMinLon(60).setMinLat(10).setMaxLon(140)
                .setMaxLat(55)).build()); // too large for the grid: tested against everything
        List<ConsoleClient> consoles = new ArrayList<>();
        try {
            for (int k = 0; k < interests.size(); k++) {
                consoles.add(ConsoleClient.connect(b.port(), token(b)));
            }
            for (int k = 0; k < interests.size(); k++) {
                consoles.get(k).send(ClientMessage.newBuilder().setRequestId(100 + k).setSubscribe(interests.get(k)).build());
            }
            for (int k = 0; k < interests.size(); k++) {
                ServerMessage m = consoles.get(k).await(ServerMessage::hasSnapshot, 10_000);
                assertThat(m.getRequestId()).isEqualTo(100 + k);
                Set<String> got = new TreeSet<>();
                m.getSnapshot().getTeamsList().stream().map(t -> t.getId()).filter(id -> id.startsWith(prefix)).forEach(got::add);
                Subscribe in = interests.get(k);
                Set<String> expected = new TreeSet<>();
                for (String id : place.keySet()) {
                    double[] p = place.get(id);
                    boolean inBox = in.hasBbox() && p[0] >= in.getBbox().getMinLon() && p[0] <= in.getBbox().getMaxLon()
                            && p[1] >= in.getBbox().getMinLat() && p[1] <= in.getBbox().getMaxLat();
                    // a code covers its subdivisions: 510000 the province, 410100 the prefecture
                    boolean inRegion = in.getRegionCodesList().stream()
                            .anyMatch(r -> region.get(id).startsWith(r.replaceAll("(00)+$", "")));
                    if (in.getEverything() || inBox || inRegion) {
                        expected.add(id);
                    }
                }
                assertThat(got).as("interest %d: %s", k, in).isEqualTo(expected);
            }
        } finally {
            consoles.forEach(ConsoleClient::close);
        }
    }

    @Test
    void aResumeWithinTheWindowGetsExactlyTheMissedDeltasWithoutGaps() throws Exception {
        String prefix = "RES-" + UUID.randomUUID().toString().substring(0, 4);
        String tok = token(a);
        String epoch;
        long lastSeq;
        try (ConsoleClient console = ConsoleClient.connect(a.port(), tok)) {
            console.send(ClientMessage.newBuilder().setSubscribe(Subscribe.newBuilder().addRegionCodes("650000")).build());
            Snapshot snap = console.await(ServerMessage::hasSnapshot, 10_000).getSnapshot();
            epoch = snap.getEpoch();
            b.post("/api/v1/teams", team(prefix + "-0", "650100", 87.6, 43.8));
            ServerMessage first = console.await(x -> deltasOf(x).stream().anyMatch(d -> d.hasTeam()), 10_000);
            lastSeq = deltasOf(first).get(deltasOf(first).size() - 1).getSeq();
        }
        // disconnected: five changes happen meanwhile, through the other member
        for (int i = 1; i <= 5; i++) {
            assertThat(b.post("/api/v1/teams", team(prefix + "-" + i, "650100", 87.6, 43.8)).statusCode()).isEqualTo(201);
        }
        Thread.sleep(300);
        try (ConsoleClient console = ConsoleClient.connect(a.port(), tok)) {
            console.send(ClientMessage.newBuilder().setResume(Resume.newBuilder().setEpoch(epoch).setSeq(lastSeq)).build());
            List<Delta> got = new ArrayList<>();
            while (got.size() < 5) {
                ServerMessage m = console.next(10_000);
                assertThat(m.hasSnapshot()).as("a resume within the window is not a snapshot").isFalse();
                if (m.hasDeltas()) {
                    assertThat(m.getDeltas().getEpoch()).isEqualTo(epoch);
                    got.addAll(m.getDeltas().getDeltasList());
                }
            }
            for (int i = 0; i < got.size(); i++) {
                assertThat(got.get(i).getSeq()).isEqualTo(lastSeq + 1 + i);
            }
            Set<String> ids = new TreeSet<>();
            got.forEach(d -> ids.add(d.getTeam().getId()));
            // compared against the store: exactly the teams registered while the console was away
            long stored = a.count("SELECT count(*) FROM teams WHERE id LIKE '" + prefix + "-%' AND id <> '" + prefix + "-0'");
            assertThat(ids).hasSize((int) stored).allMatch(id -> id.startsWith(prefix) && !id.endsWith("-0"));
        }
    }

    @Test
    void aResumeOfAnUnknownStreamGetsAFreshSnapshotSayingSo() {
        try (ConsoleClient console = ConsoleClient.connect(b.port(), token(b))) {
            console.send(ClientMessage.newBuilder().setResume(Resume.newBuilder().setEpoch("no-such-epoch").setSeq(42)
                    .setSubscribe(Subscribe.newBuilder().setEverything(true))).build());
            Snapshot s = console.await(ServerMessage::hasSnapshot, 10_000).getSnapshot();
            assertThat(s.getResync()).isTrue();
            assertThat(s.getTeamsCount()).isPositive();
        }
    }

    @Test
    void malformedFramesGetAnErrorAndChangeNothing() {
        try (ConsoleClient console = ConsoleClient.connect(a.port(), token(a))) {
            console.sendRaw(Buffer.buffer(new byte[] {(byte) 0xff, (byte) 0xff, 0x01}));
            ServerMessage e = console.await(ServerMessage::hasError, 5_000);
            assertThat(e.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_MALFORMED_REQUEST);
            console.sendText("{\"subscribe\":true}");
            assertThat(console.await(ServerMessage::hasError, 5_000).getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_MALFORMED_REQUEST);
            console.send(ClientMessage.newBuilder().setRequestId(7).setSubscribe(Subscribe.newBuilder()
                    .setBbox(BoundingBox.newBuilder().setMinLon(10).setMaxLon(5))).build());
            ServerMessage bad = console.await(ServerMessage::hasError, 5_000);
            assertThat(bad.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_VALIDATION_FAILED);
            assertThat(bad.getRequestId()).isEqualTo(7);
            console.send(ClientMessage.newBuilder().setRequestId(8).setPing(Ping.newBuilder().setClientTimeMs(1)).build());
            assertThat(console.await(ServerMessage::hasPong, 5_000).getRequestId()).isEqualTo(8);
            assertThat(console.isClosed()).isFalse();
        }
    }

    @Test
    void anOversizedFrameClosesTheConnection() throws Exception {
        try (ConsoleClient console = ConsoleClient.connect(a.port(), token(a))) {
            console.sendRaw(Buffer.buffer(new byte[200_000]));
            long deadline = System.currentTimeMillis() + 5_000;
            while (!console.isClosed() && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertThat(console.isClosed()).isTrue();
        }
        // and the member goes on serving others
        try (ConsoleClient other = ConsoleClient.connect(a.port(), token(a))) {
            other.send(subscribeAll(1));
            assertThat(other.await(ServerMessage::hasSnapshot, 10_000).hasSnapshot()).isTrue();
        }
    }

    @Test
    void aSlowConsoleIsClosedWhileAFastOneKeepsUp() throws Exception {
        double closedBefore = slowClosed(b);
        try (StalledConsole slow = StalledConsole.open(b.port(), token(b), subscribeAll(1));
             ConsoleClient fast = ConsoleClient.connect(b.port(), token(b))) {
            fast.send(subscribeAll(1));
            fast.await(ServerMessage::hasSnapshot, 10_000);
            String prefix = "SLOW-" + UUID.randomUUID().toString().substring(0, 4);
            String description = "x".repeat(190);
            int batch = 0;
            long started = System.currentTimeMillis();
            for (; batch < 40 && slowClosed(b) == closedBefore; batch++) {
                JsonArray items = new JsonArray();
                for (int i = 0; i < 500; i++) {
                    items.add(new JsonObject().put("op", "upsert").put("team", team(prefix + "-" + batch + "-" + i, "320100", 118.8, 32.0)
                            .put("organisation", description + batch).put("contact", description)));
                }
                assertThat(a.send(HttpMethod.POST, "/api/v1/teams:batch", items, Map.of()).statusCode()).isEqualTo(200);
                String last = prefix + "-" + batch + "-499";
                // the fast console gets every batch while the stalled one holds nothing up (fan-out never waits for it)
                try {
                    fast.await(x -> deltasOf(x).stream().anyMatch(d -> d.hasTeam() && d.getTeam().getId().equals(last)), 30_000);
                } catch (AssertionError e) {
                    throw new AssertionError("batch " + batch + " did not reach the fast console [closed: " + fast.isClosed() + " "
                            + fast.closeStatus() + " " + fast.closeReason() + "]", e);
                }
            }
            assertThat(slowClosed(b)).as("the stalled console was cut off after %d batches in %d ms", batch,
                    System.currentTimeMillis() - started).isGreaterThan(closedBefore);
            assertThat(fast.isClosed()).isFalse();
        }
    }

    @Test
    void metricsCountTheClusterAndTheConsolesOfEachMember() throws Exception {
        assertThat(a.metric("muster_cluster_members")).isEqualTo(2.0);
        assertThat(b.metric("muster_cluster_members")).isEqualTo(2.0);
        double before = b.metric("muster_console_connections");
        try (ConsoleClient console = ConsoleClient.connect(b.port(), token(b))) {
            long deadline = System.currentTimeMillis() + 10_000;
            while (b.metric("muster_console_connections") < before + 1 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertThat(b.metric("muster_console_connections")).isEqualTo(before + 1);
        }
    }

    private static double slowClosed(TestMember m) {
        Double v = m.metric("muster_console_slow_closed_total");
        return v == null ? 0 : v;
    }

    @Test
    void withoutAValidTokenTheHandshakeIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConsoleClient.connect(a.port(), "not-a-token"))
                .isInstanceOf(IllegalStateException.class);
        String device = a.token("phone", Role.DEVICE, List.of(), "phone");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConsoleClient.connect(a.port(), device))
                .isInstanceOf(IllegalStateException.class);
    }
}
