package org.muster.server.ingest;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.muster.protocol.v1.DeviceMessage;
import org.muster.protocol.v1.DeviceServerMessage;
import org.muster.protocol.v1.PositionBatch;
import org.muster.protocol.v1.PositionFix;
import org.muster.server.support.TestMember;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A member that shuts down answers what its device links sent and closes them at once, not when the grace ends. */
class DeviceShutdownTest {

    @Test
    void deviceLinksAreAnsweredAndClosedAtOnceWhenTheMemberStops() throws Exception {
        TestMember m = new TestMember.Cluster(1).start(0, Map.of("MUSTER_SHUTDOWN_GRACE_SECONDS", "30"));
        Vertx vertx = Vertx.vertx();
        try {
            JsonObject team = new JsonObject().put("id", "SD-1").put("name", "停机测试队").put("tier", "LOCAL_PROFESSIONAL")
                    .put("regionCode", "511800").put("home", new JsonObject().put("type", "Point")
                            .put("coordinates", new JsonArray().add(103.0).add(29.98)));
            assertThat(m.post("/api/v1/teams", team).statusCode()).isEqualTo(201);
            assertThat(m.send(HttpMethod.PUT, "/api/v1/devices/sd-dev", new JsonObject().put("teamId", "SD-1")
                    .put("protocol", "STREAM").put("primary", true), Map.of()).statusCode()).isEqualTo(201);
            String token = m.post("/api/v1/devices/sd-dev/token", null).bodyAsJsonObject().getString("token");

            WebSocketClient client = vertx.createWebSocketClient();
            WebSocket ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(m.port())
                    .setURI("/ws/device?access_token=" + token)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            LinkedBlockingQueue<DeviceServerMessage> in = new LinkedBlockingQueue<>();
            CompletableFuture<Short> closed = new CompletableFuture<>();
            ws.binaryMessageHandler(b -> {
                try {
                    in.add(DeviceServerMessage.parseFrom(b.getBytes()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            ws.closeHandler(v -> closed.complete(ws.closeStatusCode()));
            long t0 = System.currentTimeMillis() - 60_000;
            PositionBatch.Builder b = PositionBatch.newBuilder().setDeviceId("sd-dev");
            for (int i = 0; i < 20; i++) {
                b.addFixes(PositionFix.newBuilder().setSeq(1 + i).setTimeMs(t0 + i * 1000L).setLon(103.0 + i * 0.001).setLat(29.98));
            }
            ws.writeBinaryMessage(Buffer.buffer(DeviceMessage.newBuilder().setRequestId(1).setBatch(b).build().toByteArray()));

            long stopAt = System.currentTimeMillis();
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(m::close);
            short status = closed.get(10, TimeUnit.SECONDS);
            long took = System.currentTimeMillis() - stopAt;
            assertThat(status).isEqualTo((short) 1001);
            assertThat(took).as("closed long before the 30 s grace").isLessThan(10_000);
            DeviceServerMessage answer = in.poll(1, TimeUnit.SECONDS);
            assertThat(answer).as("the batch sent before the stop was answered before the close").isNotNull();
            assertThat(answer.hasAck() || answer.hasError()).isTrue();
            if (answer.hasAck()) {
                assertThat(answer.getAck().getDurableSeq()).isEqualTo(20);
            }
            stopping.get(60, TimeUnit.SECONDS);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
