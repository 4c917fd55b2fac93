package org.muster.ops.simulator;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import org.muster.protocol.v1.DeviceMessage;
import org.muster.protocol.v1.DeviceServerMessage;
import org.muster.protocol.v1.PositionBatch;
import org.muster.protocol.v1.PositionFix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * The simulated vehicle terminals' link: one /ws/device connection (as a gateway, with an admin token) carrying
 * position batches of every simulated device, each numbered by its device's own sequence. Reconnects when dropped;
 * unacknowledged fixes are simply superseded by the next ones (a real terminal would resend them).
 */
final class DeviceLink {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceLink.class);
    private final Vertx vertx;
    private final URI server;
    private final String token;
    private final Map<String, Long> seqs = new HashMap<>();
    private WebSocketClient client;
    private WebSocket ws;
    private boolean connecting;

    DeviceLink(Vertx vertx, URI server, String token) {
        this.vertx = vertx;
        this.server = server;
        this.token = token;
    }

    void send(String deviceId, double lon, double lat, float speedMps, float heading) {
        if (ws == null || ws.isClosed()) {
            connect();
            return;
        }
        long seq = seqs.merge(deviceId, 1L, Long::sum);
        PositionFix fix = PositionFix.newBuilder().setSeq(seq).setTimeMs(System.currentTimeMillis())
                .setLon(Math.round(lon * 1e6) / 1e6).setLat(Math.round(lat * 1e6) / 1e6)
                .setAccuracyM(8).setSpeedMps(speedMps).setHeadingDeg(heading).build();
        ws.writeBinaryMessage(Buffer.buffer(DeviceMessage.newBuilder().setRequestId(seq)
                .setBatch(PositionBatch.newBuilder().setDeviceId(deviceId).addFixes(fix)).build().toByteArray()));
    }

    private void connect() {
        if (connecting) {
            return;
        }
        connecting = true;
        if (client == null) {
            client = vertx.createWebSocketClient();
        }
        int port = server.getPort() < 0 ? 80 : server.getPort();
        client.connect(new WebSocketConnectOptions().setHost(server.getHost()).setPort(port)
                        .setSsl("https".equals(server.getScheme())).setURI("/ws/device?access_token=" + token))
                .onComplete(ar -> {
                    connecting = false;
                    if (ar.failed()) {
                        LOG.warn("device link not connected: {}", ar.cause().getMessage());
                        return;
                    }
                    ws = ar.result();
                    ws.binaryMessageHandler(b -> {
                        try {
                            DeviceServerMessage m = DeviceServerMessage.parseFrom(b.getBytes());
                            if (m.hasError()) {
                                LOG.warn("device link: {}", m.getError().getMessage());
                            }
                        } catch (Exception e) {
                            LOG.warn("device link: unreadable answer");
                        }
                    });
                    LOG.info("device link connected");
                });
    }
}
