package org.muster.ops.loadgen;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import org.muster.protocol.v1.DeviceMessage;
import org.muster.protocol.v1.DeviceServerMessage;
import org.muster.protocol.v1.PositionBatch;
import org.muster.protocol.v1.PositionFix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A share of the /ws/device devices, on one event loop: either a few gateway connections with the admin token (each
 * carrying many devices, as the simulator's link does) or one connection per device with its own device token.
 * Batches go out paced: every few milliseconds as many as the rate owes since the start, round-robin over the
 * devices, so the server sees a steady stream rather than one burst a second. Each fix's {@code time_ms} is the
 * moment it was encoded: consoles measure their end-to-end latency against it.
 */
final class DeviceStreams extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceStreams.class);
    private static final long TICK_MS = 5;
    /** After a stall, at most this much of owed sending is caught up at once; the rest is counted as not sent. */
    private static final double MAX_CATCH_UP_SECONDS = 0.25;

    private final URI server;
    private final Fleet fleet;
    private final int[] devices;          // fleet indices of this share
    private final double batchesPerSecond;
    private final int batchSize;
    private final String[] linkTokens;    // one per link
    private final int[] linkOfDevice;     // device (position in `devices`) -> link
    private final Window window;
    final Stats stats = new Stats();

    private final long[] seq;
    private final Link[] links;
    private final Map<Long, Long> inFlight = new HashMap<>();   // request id -> nanoTime sent
    private WebSocketClient client;
    private long startedNanos;
    private long batchesSent;
    private long requestIds;
    private int cursor;
    private long timer = -1;
    private volatile boolean stopping;

    private static final class Link {
        WebSocket ws;
        boolean connecting;
    }

    /**
     * @param perDeviceTokens null for gateway links with {@code gatewayToken}; otherwise the device tokens (one link each)
     */
    DeviceStreams(URI server, Fleet fleet, int[] devices, double fixesPerSecond, int batchSize, int gatewayLinks,
                  String gatewayToken, String[] perDeviceTokens, Window window) {
        this.server = server;
        this.fleet = fleet;
        this.devices = devices;
        this.batchSize = batchSize;
        this.batchesPerSecond = fixesPerSecond / batchSize;
        this.window = window;
        this.seq = new long[devices.length];
        this.linkOfDevice = new int[devices.length];
        if (perDeviceTokens != null) {
            linkTokens = perDeviceTokens;
            for (int i = 0; i < devices.length; i++) {
                linkOfDevice[i] = i;
            }
        } else {
            int n = Math.max(1, Math.min(gatewayLinks, devices.length));
            linkTokens = new String[n];
            java.util.Arrays.fill(linkTokens, gatewayToken);
            for (int i = 0; i < devices.length; i++) {
                linkOfDevice[i] = i % n;
            }
        }
        this.links = new Link[linkTokens.length];
        for (int i = 0; i < links.length; i++) {
            links[i] = new Link();
        }
    }

    @Override
    public Future<?> start() {
        client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(Math.max(links.length, 1) + 8));
        List<Future<Void>> connected = new ArrayList<>();
        for (int i = 0; i < links.length; i++) {
            connected.add(connect(i));
        }
        return Future.join(connected).otherwiseEmpty().onComplete(x -> {
            startedNanos = System.nanoTime();
            timer = vertx.setPeriodic(TICK_MS, t -> tick());
        });
    }

    @Override
    public Future<?> stop() {
        stopping = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        List<Future<Void>> closed = new ArrayList<>();
        for (Link l : links) {
            if (l.ws != null && !l.ws.isClosed()) {
                closed.add(l.ws.close());
            }
        }
        stats.count("device.unanswered", inFlight.size());
        return Future.join(closed).otherwiseEmpty();
    }

    private Future<Void> connect(int i) {
        Link l = links[i];
        l.connecting = true;
        return client.connect(new WebSocketConnectOptions().setHost(server.getHost()).setPort(MusterApi.port(server))
                        .setSsl("https".equals(server.getScheme())).setURI("/ws/device")
                        .addHeader("Authorization", "Bearer " + linkTokens[i]))
                .onComplete(ar -> {
                    l.connecting = false;
                    if (ar.failed()) {
                        stats.count("device.connect.failed", 1);
                        LOG.warn("device link not connected [link: {}]: {}", i, ar.cause().getMessage());
                        return;
                    }
                    WebSocket ws = ar.result();
                    l.ws = ws;
                    ws.binaryMessageHandler(this::answer);
                    ws.closeHandler(v -> {
                        if (!stopping) {
                            stats.count("device.link.closed", 1);
                            LOG.warn("device link closed [link: {}, status: {}, reason: {}]", i, ws.closeStatusCode(), ws.closeReason());
                        }
                    });
                })
                .<Void>mapEmpty().recover(e -> Future.succeededFuture());
    }

    private void tick() {
        long now = System.nanoTime();
        double owed = batchesPerSecond * (now - startedNanos) / 1e9 - batchesSent;
        double cap = Math.max(1, batchesPerSecond * MAX_CATCH_UP_SECONDS);
        if (owed > cap) {
            // the load generator stalled (or the sockets pushed back): do not burst, record what was not sent
            long skipped = (long) (owed - cap);
            batchesSent += skipped;
            if (window.contains(System.currentTimeMillis())) {
                stats.count("device.batches.skipped", skipped);
            }
            owed -= skipped;
        }
        long nowMs = System.currentTimeMillis();
        boolean inWindow = window.contains(nowMs);
        for (int n = (int) owed; n > 0; n--) {
            int d = cursor;
            cursor = (cursor + 1) % devices.length;
            batchesSent++;
            Link l = links[linkOfDevice[d]];
            if (l.ws == null || l.ws.isClosed()) {
                if (!l.connecting && !stopping) {
                    connect(linkOfDevice[d]);
                }
                if (inWindow) {
                    stats.count("device.batches.unconnected", 1);
                }
                continue;
            }
            if (l.ws.writeQueueFull()) {
                if (inWindow) {
                    stats.count("device.batches.backpressured", 1);
                }
                continue;
            }
            int index = devices[d];
            PositionBatch.Builder b = PositionBatch.newBuilder().setDeviceId(fleet.deviceId(index));
            for (int k = 0; k < batchSize; k++) {
                long s = ++seq[d];
                double[] p = fleet.positionAt(index, s);
                b.addFixes(PositionFix.newBuilder().setSeq(s).setTimeMs(nowMs - (batchSize - 1 - k))
                        .setLon(p[0]).setLat(p[1]).setAccuracyM(8).setSpeedMps(12).setHeadingDeg((float) p[2]));
            }
            long rid = ++requestIds;
            byte[] bytes = DeviceMessage.newBuilder().setRequestId(rid).setBatch(b).build().toByteArray();
            inFlight.put(rid, now);
            l.ws.writeBinaryMessage(Buffer.buffer(bytes));
            if (inWindow) {
                stats.count("device.batches.sent", 1);
                stats.count("device.fixes.sent", batchSize);
                stats.count("device.bytes.sent", bytes.length);
            }
        }
    }

    private void answer(Buffer buf) {
        DeviceServerMessage m;
        try {
            m = DeviceServerMessage.parseFrom(buf.getBytes());
        } catch (Exception e) {
            stats.count("device.answer.unreadable", 1);
            return;
        }
        Long sent = inFlight.remove(m.getRequestId());
        boolean inWindow = window.contains(System.currentTimeMillis());
        if (m.hasAck()) {
            if (inWindow) {
                if (sent != null) {
                    stats.recordMicros("device batch -> durable ack", (System.nanoTime() - sent) / 1000);
                }
                stats.count("device.fixes.accepted", m.getAck().getAccepted());
                stats.count("device.fixes.duplicates", m.getAck().getDuplicates());
                stats.count("device.fixes.rejected", m.getAck().getRejected());
            }
        } else if (m.hasError()) {
            stats.count("device.error." + m.getError().getCode().name().replace("ERROR_CODE_", ""), 1);
            if (stats.counter("device.errors.logged") < 5) {
                stats.count("device.errors.logged", 1);
                LOG.warn("device error: {} {}", m.getError().getCode(), m.getError().getMessage());
            }
        }
    }
}
