package org.muster.server.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import org.muster.protocol.v1.Device;
import org.muster.protocol.v1.DeviceProtocol;
import org.muster.protocol.v1.PositionSource;
import org.muster.server.events.Rejection;
import org.muster.server.ingest.osmand.OsmAndParser;
import org.muster.server.ingest.osmand.OsmAndResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * The OsmAnd HTTP protocol for phone trackers (OsmAnd, Traccar Client) on its own port: {@code GET} or {@code POST}
 * to {@code /} with query or form parameters, or Traccar Client's JSON location body. A fix of a registered OsmAnd
 * device is stored before the answer: 200 means it is durable; 400 a malformed request (with the reason as text);
 * 403 a device that is not registered for this protocol (refused and counted); 413 a body over 64 KiB; 503 when
 * the store cannot take it (the phone keeps it and retries). Requests without a position ({@code valid=false}, no
 * coordinates) are answered 200 and store nothing, so a phone does not resend them forever.
 *
 * <p>The protocol has no credentials: a device is known by its id alone, which is why only registered devices are
 * accepted. Deploy behind TLS where phones cross the internet.
 */
public final class OsmAndServer extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(OsmAndServer.class);
    private final PositionIngest ingest;
    private final OsmAndParser parser;
    private final String host;
    private final int port;
    private final IntConsumer bound;
    private final Counter refused;
    private final Counter malformed;
    private HttpServer server;

    public OsmAndServer(PositionIngest ingest, OsmAndParser parser, String host, int port, MeterRegistry metrics,
                        IntConsumer bound) {
        this.ingest = ingest;
        this.parser = parser;
        this.host = host;
        this.port = port;
        this.bound = bound;
        this.refused = Counter.builder("muster.osmand.requests").tag("outcome", "unknown_device").register(metrics);
        this.malformed = Counter.builder("muster.osmand.requests").tag("outcome", "malformed").register(metrics);
    }

    @Override
    public Future<?> start() {
        server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port).setIdleTimeout(60)
                .setMaxInitialLineLength(8192).setMaxHeaderSize(16384).setMaxFormAttributeSize(OsmAndParser.MAX_BODY_BYTES));
        server.requestHandler(this::handle);
        return server.listen().onSuccess(s -> {
            bound.accept(s.actualPort());
            LOG.info("OsmAnd protocol listening [port: {}]", s.actualPort());
        });
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void handle(HttpServerRequest req) {
        if (req.method() != HttpMethod.GET && req.method() != HttpMethod.POST) {
            req.response().setStatusCode(405).putHeader("Allow", "GET, POST").end();
            return;
        }
        Map<String, List<String>> query = new LinkedHashMap<>();
        req.params().forEach((k, v) -> query.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
        String contentType = req.getHeader("Content-Type");
        String length = req.getHeader("Content-Length");
        if (length != null && parseLong(length) > OsmAndParser.MAX_BODY_BYTES) {
            req.response().setStatusCode(413).end("body larger than " + OsmAndParser.MAX_BODY_BYTES + " bytes");
            return;
        }
        io.vertx.core.buffer.Buffer body = io.vertx.core.buffer.Buffer.buffer();
        req.handler(chunk -> {
            if (body.length() + chunk.length() > OsmAndParser.MAX_BODY_BYTES) {
                req.response().setStatusCode(413).end("body larger than " + OsmAndParser.MAX_BODY_BYTES + " bytes")
                        .onComplete(x -> req.connection().close());
                return;
            }
            body.appendBuffer(chunk);
        });
        req.endHandler(v -> {
            if (req.response().ended()) {
                return;
            }
            answer(req, parser.parse(query, contentType, body.getBytes()));
        });
    }

    private void answer(HttpServerRequest req, OsmAndResult result) {
        if (result instanceof OsmAndResult.Rejected r) {
            malformed.increment();
            req.response().setStatusCode(400).putHeader("Content-Type", "text/plain; charset=utf-8").end(r.message());
        } else if (result instanceof OsmAndResult.Ignored) {
            req.response().setStatusCode(200).end();
        } else if (result instanceof OsmAndResult.Accepted a) {
            Device d = ingest.knownDevice(a.deviceId()).orElse(null);
            if (d == null || d.getProtocol() != DeviceProtocol.DEVICE_PROTOCOL_OSMAND) {
                refused.increment();
                req.response().setStatusCode(403).putHeader("Content-Type", "text/plain; charset=utf-8")
                        .end("device " + a.deviceId() + " is not registered for the OsmAnd protocol");
                return;
            }
            ingest.accept(a.deviceId(), List.of(new PositionIngest.Received(0, a.fix())), PositionSource.POSITION_SOURCE_OSMAND)
                    .onSuccess(r -> {
                        if (r.rejected() > 0) {
                            req.response().setStatusCode(400).putHeader("Content-Type", "text/plain; charset=utf-8")
                                    .end(String.join("; ", r.reasons()));
                        } else {
                            req.response().setStatusCode(200).end();
                        }
                    })
                    .onFailure(e -> {
                        if (e instanceof Rejection rej) {
                            req.response().setStatusCode(403).end(rej.getMessage());
                        } else {
                            LOG.warn("OsmAnd fix not stored [device: {}]", a.deviceId(), e);
                            req.response().setStatusCode(503).putHeader("Retry-After", "10").end("not stored; retry");
                        }
                    });
        }
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
