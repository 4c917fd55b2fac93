package org.muster.server.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import org.muster.protocol.v1.ErrorCode;
import org.muster.server.live.LivePicture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * The HTTP server: REST API, health, metrics and the console, on one port. One instance per event loop; all
 * instances share the port. The router is composed here from the endpoints {@code Main} hands in.
 */
public final class HttpVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(HttpVerticle.class);
    private final String host;
    private final int port;
    private final long bodyLimit;
    private final List<Endpoint> endpoints;
    private final LivePicture live;
    private final PrometheusMeterRegistry metrics;
    private final BooleanSupplier shuttingDown;
    private final Duration shutdownGrace;
    private final IntConsumer boundPort;
    private HttpServer server;

    HttpVerticle(String host, int port, long bodyLimit, List<Endpoint> endpoints, LivePicture live,
                 PrometheusMeterRegistry metrics, BooleanSupplier shuttingDown, Duration shutdownGrace, IntConsumer boundPort) {
        this.host = host;
        this.port = port;
        this.bodyLimit = bodyLimit;
        this.endpoints = endpoints;
        this.live = live;
        this.metrics = metrics;
        this.shuttingDown = shuttingDown;
        this.shutdownGrace = shutdownGrace;
        this.boundPort = boundPort;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.route("/api/*").handler(ctx -> {
            if (!live.ready() || shuttingDown.getAsBoolean()) {
                Problems.send(ctx, 503, ErrorCode.ERROR_CODE_UNAVAILABLE,
                        shuttingDown.getAsBoolean() ? "this member is shutting down; use another" : "this member is starting",
                        null, null);
                return;
            }
            ctx.next();
        });
        router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(bodyLimit));
        endpoints.forEach(e -> e.mount(router));
        router.get("/metrics").handler(PrometheusScrapingHandler.create(metrics));
        router.get("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars").setCachingEnabled(true));
        router.get("/*").handler(StaticHandler.create("webroot").setIndexPage("index.html"));
        router.route().failureHandler(Problems::handle);
        router.errorHandler(404, Problems::handle);
        router.errorHandler(405, Problems::handle);
        router.errorHandler(413, Problems::handle);
        server = vertx.createHttpServer(new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setCompressionSupported(true)
                .setMaxFormAttributeSize(64 * 1024));
        return server.requestHandler(router).listen().onSuccess(s -> {
            boundPort.accept(s.actualPort());
            LOG.info("http listening [host: {}, port: {}]", host, s.actualPort());
        });
    }

    @Override
    public Future<?> stop() {
        // Requests in flight finish; new connections are refused (the readiness check already says so).
        return server == null ? Future.succeededFuture() : server.shutdown(shutdownGrace.toMillis(), TimeUnit.MILLISECONDS);
    }
}
