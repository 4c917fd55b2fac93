package org.muster.ops.loadgen;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.net.URI;

/**
 * Phone trackers speaking the OsmAnd HTTP protocol (Traccar Client): one GET per fix with query parameters, paced
 * over the devices like the /ws/device streams. The timestamp is sent in epoch milliseconds, so consoles can measure
 * these positions end to end as well.
 */
final class OsmAndDevices extends VerticleBase {
    private final URI url;
    private final Fleet fleet;
    private final int first;
    private final int count;
    private final double perSecond;
    private final Window window;
    final Stats stats = new Stats();
    private WebClient client;
    private long started;
    private long sent;
    private long timer = -1;
    private int cursor;
    private final long[] seq;

    OsmAndDevices(URI url, Fleet fleet, int first, int count, double perSecond, Window window) {
        this.url = url;
        this.fleet = fleet;
        this.first = first;
        this.count = count;
        this.perSecond = perSecond;
        this.window = window;
        this.seq = new long[count];
    }

    @Override
    public Future<?> start() {
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost(url.getHost()).setDefaultPort(MusterApi.port(url))
                .setKeepAlive(true), new PoolOptions().setHttp1MaxSize(16));
        started = System.nanoTime();
        timer = vertx.setPeriodic(5, t -> tick());
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timer);
        return Future.succeededFuture();
    }

    private void tick() {
        double owed = perSecond * (System.nanoTime() - started) / 1e9 - sent;
        if (owed > perSecond) {
            sent += (long) (owed - perSecond);
            owed = perSecond;
        }
        for (int n = (int) owed; n > 0; n--) {
            int d = cursor;
            cursor = (cursor + 1) % count;
            sent++;
            int index = first + d;
            double[] p = fleet.positionAt(index, ++seq[d]);
            long now = System.currentTimeMillis();
            boolean inWindow = window.contains(now);
            long t0 = System.nanoTime();
            client.get("/").addQueryParam("id", fleet.deviceId(index)).addQueryParam("lat", Double.toString(p[1]))
                    .addQueryParam("lon", Double.toString(p[0])).addQueryParam("timestamp", Long.toString(now))
                    .addQueryParam("accuracy", "8").addQueryParam("bearing", Long.toString(Math.round(p[2])))
                    .send().onComplete(ar -> {
                        if (!inWindow) {
                            return;
                        }
                        if (ar.succeeded() && ar.result().statusCode() == 200) {
                            stats.recordMicros("OsmAnd GET fix -> 200", (System.nanoTime() - t0) / 1000);
                            stats.count("osmand.fixes.accepted", 1);
                        } else {
                            stats.count("osmand.failed." + (ar.succeeded() ? ar.result().statusCode() : "io"), 1);
                        }
                    });
            if (inWindow) {
                stats.count("osmand.fixes.sent", 1);
            }
        }
    }
}
