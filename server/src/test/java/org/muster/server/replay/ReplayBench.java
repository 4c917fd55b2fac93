package org.muster.server.replay;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.muster.protocol.v1.ClientMessage;
import org.muster.protocol.v1.ReplayControl;
import org.muster.protocol.v1.ReplayJoin;
import org.muster.protocol.v1.ReplayPlay;
import org.muster.protocol.v1.ReplaySeek;
import org.muster.protocol.v1.ReplaySpeed;
import org.muster.protocol.v1.ServerMessage;
import org.muster.server.auth.Role;
import org.muster.server.support.ConsoleClient;
import org.muster.server.support.TestMember;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Issue 8's targets, measured on a real member with the embedded PostgreSQL: a 24-hour incident with 500 teams and
 * 1,000,000 stored positions; seek (the state at a random T, over HTTP and as replay keyframes), opening a session
 * (POST + join until the first keyframe), and playing at 120x with two participants (gaps between frames).
 * Not a unit test: run it with {@code ops/bench/replay-bench.sh}.
 *
 * <p>The positions are written straight into the partitioned table with one INSERT ... SELECT (the API would take
 * a minute to take a million fixes and is measured elsewhere); they cover the 24 hours after the incident's report,
 * so the session's window lies in the future of the wall clock. The queries are the same either way.
 */
public final class ReplayBench {
    private ReplayBench() {
    }

    public static void main(String[] args) throws Exception {
        int teams = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int positions = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        // the bench seeks faster than a person would, and its second participant only listens: lift both limits
        try (TestMember m = new TestMember.Cluster(1).start(0, Map.of("MUSTER_CONSOLE_MESSAGES_PER_SECOND", "1000",
                "MUSTER_CONSOLE_IDLE_TIMEOUT_SECONDS", "3600", "MUSTER_HTTP_IDLE_TIMEOUT_SECONDS", System.getProperty("bench.httpIdle", "120")))) {
            long t0 = System.currentTimeMillis();
            HttpResponse<Buffer> inc = m.post("/api/v1/incidents", new JsonObject().put("type", "EARTHQUAKE_GEOLOGICAL")
                    .put("severity", "I").put("title", "bench").put("regionCode", "513322").put("location", new JsonObject()
                            .put("type", "Point").put("coordinates", new JsonArray().add(102.08).add(29.59))));
            String incident = inc.bodyAsJsonObject().getString("id");
            long reported = Instant.parse(inc.bodyAsJsonObject().getString("reportedAt")).toEpochMilli();
            List<String> ids = new ArrayList<>();
            for (int from = 0; from < teams; from += 100) {
                JsonArray items = new JsonArray();
                for (int i = from; i < Math.min(teams, from + 100); i++) {
                    String id = String.format("B%04d", i);
                    ids.add(id);
                    items.add(new JsonObject().put("op", "upsert").put("team", new JsonObject().put("id", id).put("name", "队 " + i)
                            .put("tier", "LOCAL_PROFESSIONAL").put("regionCode", "513322").put("home", new JsonObject()
                                    .put("type", "Point").put("coordinates", new JsonArray().add(101.5 + (i % 25) * 0.04).add(29.2 + (i / 25) * 0.04)))));
                }
                check(m.send(HttpMethod.POST, "/api/v1/teams:batch", items, Map.of()), 200);
            }
            for (int from = 0; from < teams; from += 100) {
                check(m.post("/api/v1/incidents/" + incident + "/assignments",
                        new JsonObject().put("teamIds", new JsonArray(ids.subList(from, Math.min(teams, from + 100))))), 201);
            }
            int perTeam = positions / teams;
            long stepMs = 86_400_000L / perTeam;
            long load = System.currentTimeMillis();
            m.count("WITH ins AS (INSERT INTO positions (device_id, time, seq, team_id, lon, lat, accuracy, source, received_at) "
                    + "SELECT 'dev-' || t.id, to_timestamp((" + reported + " + 1000 + k * " + stepMs + ") / 1000.0), k, t.id, "
                    + "101.5 + (t.n % 25) * 0.04 + 0.3 * sin(k / 200.0), 29.2 + (t.n / 25) * 0.04 + 0.3 * cos(k / 200.0), 5, 2, now() "
                    + "FROM (SELECT n, 'B' || lpad(n::text, 4, '0') AS id FROM generate_series(0, " + (teams - 1) + ") n) t, "
                    + "generate_series(0, " + (perTeam - 1) + ") k RETURNING 1) SELECT count(*) FROM ins");
            m.execute("ANALYZE positions");
            long stored = m.count("SELECT count(*) FROM positions");
            System.out.printf("setup: %d teams assigned, %,d positions stored in %.1f s (insert %.1f s)%n", teams, stored,
                    (System.currentTimeMillis() - t0) / 1000.0, (System.currentTimeMillis() - load) / 1000.0);

            Random random = new Random(42);
            long from = reported;
            long to = reported + 86_400_000L;
            // seek over HTTP: the state at T (incident, 500 teams with status and position, assignments, alerts)
            for (int i = 0; i < 20; i++) {
                m.get("/api/v1/incidents/" + incident + "/state?at=" + Instant.ofEpochMilli(from + random.nextLong(86_400_000L)));
            }
            long[] http = new long[200];
            for (int i = 0; i < http.length; i++) {
                long at = from + 1000 + (long) (random.nextDouble() * 86_399_000L);
                long s = System.nanoTime();
                HttpResponse<Buffer> r = m.get("/api/v1/incidents/" + incident + "/state?at=" + Instant.ofEpochMilli(at));
                http[i] = System.nanoTime() - s;
                check(r, 200);
                if (i == 0) {
                    System.out.printf("state at T: %d teams, %d with a position, %,d bytes of JSON%n",
                            r.bodyAsJsonObject().getJsonArray("teams").size(), r.bodyAsJsonObject().getJsonArray("teams").stream()
                                    .filter(o -> ((JsonObject) o).getValue("position") != null).count(), r.body().length());
                }
            }
            report("seek over HTTP (GET state?at=T, JSON)", http);

            String token = m.token("bench", Role.DISPATCHER, List.of(), null);
            long[] opens = new long[10];
            long[] seeks = new long[100];
            String replay = null;
            try (ConsoleClient a = ConsoleClient.connect(m.port(), token); ConsoleClient b = ConsoleClient.connect(m.port(), token)) {
                for (int i = 0; i < opens.length; i++) {
                    long s = System.nanoTime();
                    HttpResponse<Buffer> r = m.send(HttpMethod.POST, "/api/v1/replays", new JsonObject().put("incidentId", incident)
                            .put("from", Instant.ofEpochMilli(from).toString()).put("to", Instant.ofEpochMilli(to).toString()),
                            Map.of("Authorization", "Bearer " + token));
                    check(r, 201);
                    replay = r.bodyAsJsonObject().getString("id");
                    String id = replay;
                    a.send(ClientMessage.newBuilder().setReplayJoin(ReplayJoin.newBuilder().setReplayId(id)).build());
                    a.await(x -> x.hasReplayFrame() && x.getReplayFrame().getKeyframe() && x.getReplayFrame().getReplayId().equals(id), 30_000);
                    opens[i] = System.nanoTime() - s;
                }
                String id = replay;
                b.send(ClientMessage.newBuilder().setReplayJoin(ReplayJoin.newBuilder().setReplayId(id)).build());
                b.await(x -> x.hasReplayFrame() && x.getReplayFrame().getKeyframe(), 30_000);
                for (int i = 0; i < seeks.length; i++) {
                    long at = from + 1000 + (long) (random.nextDouble() * 86_399_000L);
                    long s = System.nanoTime();
                    a.send(control(id, ReplayControl.newBuilder().setSeek(ReplaySeek.newBuilder().setTimeMs(at))));
                    a.await(x -> {
                        return x.hasReplayFrame() && x.getReplayFrame().getKeyframe() && x.getReplayFrame().getTimeMs() == at;
                    }, 30_000);
                    seeks[i] = System.nanoTime() - s;
                    b.await(x -> x.hasReplayFrame() && x.getReplayFrame().getKeyframe() && x.getReplayFrame().getTimeMs() == at, 30_000);
                }
                report("open a session (POST /replays + join, until the first keyframe)", opens);
                report("seek in a session (control sent -> keyframe decoded by the controller)", seeks);

                // play at 120x for 30 s with two participants: gaps between frames at each
                a.send(control(id, ReplayControl.newBuilder().setSeek(ReplaySeek.newBuilder().setTimeMs(from + 3_600_000L))));
                a.send(control(id, ReplayControl.newBuilder().setSpeed(ReplaySpeed.newBuilder().setSpeed(120))));
                a.send(control(id, ReplayControl.newBuilder().setPlay(ReplayPlay.getDefaultInstance())));
                long end = System.currentTimeMillis() + 30_000;
                List<Long> gapsA = new ArrayList<>();
                List<Long> gapsB = new ArrayList<>();
                long lastA = 0;
                long lastB = 0;
                long deltas = 0;
                long lagMax = 0;
                long pinged = 0;
                while (System.currentTimeMillis() < end) {
                    if (System.currentTimeMillis() - pinged > 5_000) { // as every console does
                        pinged = System.currentTimeMillis();
                        a.send(ClientMessage.newBuilder().setPing(org.muster.protocol.v1.Ping.getDefaultInstance()).build());
                        b.send(ClientMessage.newBuilder().setPing(org.muster.protocol.v1.Ping.getDefaultInstance()).build());
                    }
                    ServerMessage x;
                    try {
                        x = a.await(z -> {
                        return z.hasReplayFrame();
                        }, 20_000);
                    } catch (AssertionError e) {
                        System.out.printf("play stopped after %d frames and %d ms: A closed=%s %s %s, B closed=%s %s %s%n",
                                gapsA.size(), 30_000 - (end - System.currentTimeMillis()) - 20_000, a.isClosed(),
                                a.closeStatus(), a.closeReason(), b.isClosed(), b.closeStatus(), b.closeReason());
                        System.out.println("A failure: " + a.failure() + "; B failure: " + b.failure());
                        break;
                    }
                    long now = System.nanoTime();
                    if (lastA != 0) {
                        gapsA.add(now - lastA);
                    }
                    lastA = now;
                    deltas += x.getReplayFrame().getDeltasCount();
                    ServerMessage y = b.await(z -> {
                        return z.hasReplayFrame();
                    }, 20_000);
                    long nowB = System.nanoTime();
                    if (lastB != 0) {
                        gapsB.add(nowB - lastB);
                    }
                    lastB = nowB;
                    lagMax = Math.max(lagMax, Math.abs(x.getReplayFrame().getTimeMs() - y.getReplayFrame().getTimeMs()));
                }
                System.out.printf("play at 120x for 30 s: %d frames, %,d deltas, max incident-time difference between the "
                        + "participants' frames taken together: %d ms%n", gapsA.size() + 1, deltas, lagMax);
                report("gap between frames, participant A", gapsA.stream().mapToLong(Long::longValue).toArray());
                report("gap between frames, participant B", gapsB.stream().mapToLong(Long::longValue).toArray());
            }
            for (String line : m.get("/metrics").bodyAsString().split("\n")) {
                if (line.startsWith("muster_replay_keyframe_seconds{") || line.startsWith("muster_replay_keyframe_seconds_max")) {
                    System.out.println("server " + line);
                }
            }
        }
        System.exit(0);
    }

    private static ClientMessage control(String replay, ReplayControl.Builder b) {
        return ClientMessage.newBuilder().setReplayControl(b.setReplayId(replay)).build();
    }

    private static void check(HttpResponse<Buffer> r, int status) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(r.statusCode() + " " + r.bodyAsString());
        }
    }

    private static void report(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.printf("%s: n=%d p50=%.1f ms p90=%.1f ms p99=%.1f ms max=%.1f ms%n", what, s.length, s[s.length / 2] / 1e6,
                s[(int) (s.length * 0.9)] / 1e6, s[Math.min(s.length - 1, (int) (s.length * 0.99))] / 1e6, s[s.length - 1] / 1e6);
    }
}
