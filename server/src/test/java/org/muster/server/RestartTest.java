package org.muster.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.vertx.core.Vertx;
import org.muster.server.auth.Role;
import org.muster.server.auth.TokenService;
import org.muster.server.config.ConfigLoader;
import org.muster.server.support.TestMember;


import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A full stop, or a {@code kill -9}, loses nothing acknowledged: the next start on the same data directory (with its
 * embedded PostgreSQL) restores the live picture from the store.
 */
class RestartTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static JsonObject team(String id) {
        return new JsonObject().put("id", id).put("name", "雅安消防 救援站").put("tier", "NATIONAL_FIRE_RESCUE")
                .put("regionCode", "511800").put("staffing", 18)
                .put("home", new JsonObject().put("type", "Point").put("coordinates", new JsonArray().add(103.0).add(29.98)));
    }

    private static Map<String, String> env(Path dataDir, int httpPort, int clusterPort) {
        Map<String, String> env = new HashMap<>();
        env.put("MUSTER_DATA_DIR", dataDir.toString());
        env.put("MUSTER_HTTP_PORT", Integer.toString(httpPort));
        env.put("MUSTER_HTTP_HOST", "127.0.0.1");
        env.put("MUSTER_OSMAND_PORT", "-1");
        env.put("MUSTER_JT808_PORT", "-1");
        env.put("MUSTER_CLUSTER_PORT", Integer.toString(clusterPort));
        env.put("MUSTER_CLUSTER_NAME", "restart-" + clusterPort);
        env.put("MUSTER_SHUTDOWN_GRACE_SECONDS", "1");
        return env;
    }

    @Test
    void aStopAndAStartOnTheSameDataDirectoryKeepTheTeams(@TempDir Path dataDir) throws Exception {
        Map<String, String> env = env(dataDir, 0, freePort());
        try (TestMember first = TestMember.start(ConfigLoader.load(Optional.empty(), env), null)) {
            assertThat(first.post("/api/v1/teams", team("YA-1")).statusCode()).isEqualTo(201);
        }
        try (TestMember second = TestMember.start(ConfigLoader.load(Optional.empty(), env), null)) {
            var r = second.get("/api/v1/teams/YA-1");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.bodyAsJsonObject().getInteger("staffing")).isEqualTo(18);
            // the catalogue was seeded once, not again
            assertThat(second.get("/api/v1/equipment-types").bodyAsJsonObject().getJsonArray("items").size()).isGreaterThanOrEqualTo(60);
        }
    }

    @Test
    void aKill9LosesNothingAcknowledged(@TempDir Path dataDir) throws Exception {
        int port = freePort();
        Map<String, String> env = env(dataDir, port, freePort());
        Process first = startProcess(env, dataDir.resolve("first.log"));
        io.vertx.core.json.JsonArray timelineBefore;
        try {
            awaitReady(port, first);
            HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/teams"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + adminToken(env))
                    .POST(HttpRequest.BodyPublishers.ofString(team("YA-9").encode())).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).isEqualTo(201);
            // an acknowledged dispatch, then the kill
            HttpResponse<String> incident = call(port, env, "POST", "/api/v1/incidents", new JsonObject().put("id", "INC-9")
                    .put("type", "EARTHQUAKE_GEOLOGICAL").put("severity", "II").put("regionCode", "511800")
                    .put("location", new JsonObject().put("type", "Point").put("coordinates", new io.vertx.core.json.JsonArray()
                            .add(103.0).add(30.0))));
            assertThat(incident.statusCode()).as(incident.body()).isEqualTo(201);
            HttpResponse<String> dispatched = call(port, env, "POST", "/api/v1/incidents/INC-9/assignments",
                    new JsonObject().put("teamIds", new io.vertx.core.json.JsonArray().add("YA-9")));
            assertThat(dispatched.statusCode()).as(dispatched.body()).isEqualTo(201);
            timelineBefore = new JsonObject(call(port, env, "GET", "/api/v1/incidents/INC-9/timeline", null).body()).getJsonArray("items");
        } finally {
            first.destroyForcibly(); // SIGKILL: no shutdown hook runs, PostgreSQL is orphaned
            first.waitFor();
        }
        Process second = startProcess(env, dataDir.resolve("second.log"));
        try {
            awaitReady(port, second);
            HttpResponse<String> read = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/teams/YA-9"))
                    .header("Authorization", "Bearer " + adminToken(env)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(new JsonObject(read.body()).getString("name")).isEqualTo("雅安消防 救援站");
            assertThat(new JsonObject(read.body()).getString("status")).isEqualTo("DISPATCHED");
            assertThat(new JsonObject(call(port, env, "GET", "/api/v1/incidents/INC-9/assignments", null).body())
                    .getJsonArray("items")).hasSize(1);
            assertThat(new JsonObject(call(port, env, "GET", "/api/v1/incidents/INC-9/timeline", null).body()).getJsonArray("items"))
                    .as("the same timeline, event for event").isEqualTo(timelineBefore);
        } finally {
            second.destroy(); // SIGTERM: the graceful path, which also stops PostgreSQL
            second.waitFor();
        }
    }

    @Test
    void aKill9InTheMiddleOfDeviceBatchesLosesNoAcknowledgedFix(@TempDir Path dataDir) throws Exception {
        int port = freePort();
        Map<String, String> env = env(dataDir, port, freePort());
        env.put("MUSTER_DEVICE_MESSAGES_PER_SECOND", "100000");
        long t0 = System.currentTimeMillis() - 3_600_000; // the device's clock: the same fixes carry the same times
        Process first = startProcess(env, dataDir.resolve("first.log"));
        long acknowledged;
        Vertx vertx = Vertx.vertx();
        try {
            awaitReady(port, first);
            assertThat(call(port, env, "POST", "/api/v1/teams", team("YA-DEV")).statusCode()).isEqualTo(201);
            assertThat(call(port, env, "PUT", "/api/v1/devices/dev-ya", new JsonObject().put("teamId", "YA-DEV")
                    .put("protocol", "STREAM").put("primary", true)).statusCode()).isEqualTo(201);
            String token = new JsonObject(call(port, env, "POST", "/api/v1/devices/dev-ya/token", null).body()).getString("token");
            java.util.concurrent.atomic.AtomicLong durable = new java.util.concurrent.atomic.AtomicLong();
            var ws = device(vertx, port, token, m -> {
                if (m.hasAck()) {
                    durable.accumulateAndGet(m.getAck().getDurableSeq(), Math::max);
                }
            });
            // a stream of batches, not waiting for answers; the kill comes while many are in flight
            for (int b = 0; b < 400; b++) {
                ws.writeBinaryMessage(io.vertx.core.buffer.Buffer.buffer(batch(b * 50L + 1, 50, t0).toByteArray()));
                if (b == 200) {
                    long deadline = System.currentTimeMillis() + 10_000;
                    while (durable.get() == 0 && System.currentTimeMillis() < deadline) {
                        Thread.sleep(10);
                    }
                    first.destroyForcibly(); // SIGKILL with batches in flight
                    break;
                }
            }
            first.waitFor();
            acknowledged = durable.get();
        } finally {
            first.destroyForcibly();
            first.waitFor();
        }
        assertThat(acknowledged).as("some batches were acknowledged before the kill").isPositive();
        Process second = startProcess(env, dataDir.resolve("second.log"));
        try {
            awaitReady(port, second);
            String token = new JsonObject(call(port, env, "POST", "/api/v1/devices/dev-ya/token", null).body()).getString("token");
            java.util.concurrent.LinkedBlockingQueue<org.muster.protocol.v1.DeviceServerMessage> answers = new java.util.concurrent.LinkedBlockingQueue<>();
            var ws = device(vertx, port, token, answers::add);
            // the device resends everything that was acknowledged: all of it must already be there
            long duplicates = 0;
            for (long seq = 1; seq <= acknowledged; seq += 50) {
                int n = (int) Math.min(50, acknowledged - seq + 1);
                ws.writeBinaryMessage(io.vertx.core.buffer.Buffer.buffer(batch(seq, n, t0).toByteArray()));
                var answer = answers.poll(10, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(answer).isNotNull();
                duplicates += answer.getAck().getDuplicates();
                assertThat(answer.getAck().getAccepted()).as("seq %d..%d were acknowledged, so stored", seq, seq + n - 1).isZero();
            }
            assertThat(duplicates).isEqualTo(acknowledged);
        } finally {
            vertx.close();
            second.destroy();
            second.waitFor();
        }
    }

    /** Fixes seq..seq+n-1, one a second from {@code t0} plus seq seconds, so the same seq always has the same time. */
    private static org.muster.protocol.v1.DeviceMessage batch(long seq, int n, long t0) {
        org.muster.protocol.v1.PositionBatch.Builder b = org.muster.protocol.v1.PositionBatch.newBuilder().setDeviceId("dev-ya");
        long base = t0 / 1000 * 1000;
        for (int i = 0; i < n; i++) {
            b.addFixes(org.muster.protocol.v1.PositionFix.newBuilder().setSeq(seq + i).setTimeMs(base + (seq + i) * 1000L)
                    .setLon(103.0 + (seq + i) * 1e-6).setLat(29.98));
        }
        return org.muster.protocol.v1.DeviceMessage.newBuilder().setRequestId(seq).setBatch(b).build();
    }

    private static final java.util.List<io.vertx.core.http.WebSocketClient> CLIENTS =
            java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    private static io.vertx.core.http.WebSocket device(Vertx vertx, int port, String token,
                                                       java.util.function.Consumer<org.muster.protocol.v1.DeviceServerMessage> onAnswer)
            throws Exception {
        var client = vertx.createWebSocketClient();
        CLIENTS.add(client); // held: a collected WebSocketClient closes its sockets 30 s later (Vert.x 5's Cleaner)
        var ws = client.connect(new io.vertx.core.http.WebSocketConnectOptions().setHost("127.0.0.1")
                .setPort(port).setURI("/ws/device?access_token=" + token)).toCompletionStage().toCompletableFuture()
                .get(10, java.util.concurrent.TimeUnit.SECONDS);
        ws.binaryMessageHandler(buf -> {
            try {
                onAnswer.accept(org.muster.protocol.v1.DeviceServerMessage.parseFrom(buf.getBytes()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return ws;
    }

    private static HttpResponse<String> call(int port, Map<String, String> env, String method, String path, JsonObject body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + adminToken(env));
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.encode()));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An admin token signed with the secret the server generated into its data directory on its first start. */
    private static String adminToken(Map<String, String> env) {
        var config = ConfigLoader.load(Optional.empty(), env);
        String secret = TokenService.loadOrCreateSecret(config.auth(), config.dataDir()).value();
        Vertx vertx = Vertx.vertx();
        try {
            return new TokenService(vertx, config.auth(), secret, Clock.systemUTC())
                    .issue("restart-test", Role.ADMIN, List.of(), null, Duration.ofMinutes(10)).token();
        } finally {
            vertx.close();
        }
    }

    private static Process startProcess(Map<String, String> env, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    private static void awaitReady(int port, Process p) throws Exception {
        long deadline = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < deadline) {
            assertThat(p.isAlive()).as("the server process died; see its log").isTrue();
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not ready within 90 s");
    }

    private static int freePort() {
        return org.muster.server.support.TestMember.freePort();
    }

}
