package org.muster.server.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.IntConsumer;

/**
 * The HTTP server: REST API, health, metrics and the console, on one port. One instance per event loop; all
 * instances share the port. The router comes from {@link Api#router}.
 */
public final class HttpVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(HttpVerticle.class);
    private final HttpServerOptions options;
    private final BiFunction<Vertx, List<Runnable>, Router> routes;
    private final List<Runnable> onStop = new ArrayList<>();
    private final Duration shutdownGrace;
    private final IntConsumer boundPort;
    private HttpServer server;

    HttpVerticle(HttpServerOptions options, BiFunction<Vertx, List<Runnable>, Router> routes, Duration shutdownGrace,
                 IntConsumer boundPort) {
        this.options = options;
        this.routes = routes;
        this.shutdownGrace = shutdownGrace;
        this.boundPort = boundPort;
    }

    @Override
    public Future<?> start() {
        Router router = routes.apply(vertx, onStop);
        server = vertx.createHttpServer(options);
        return server.requestHandler(router).listen().onSuccess(s -> {
            boundPort.accept(s.actualPort());
            LOG.info("http listening [host: {}, port: {}, tls: {}]", options.getHost(), s.actualPort(), options.isSsl());
        });
    }

    @Override
    public Future<?> stop() {
        // Requests in flight finish; new connections are refused (the readiness check already says so).
        onStop.forEach(Runnable::run);
        return server == null ? Future.succeededFuture() : server.shutdown(shutdownGrace.toMillis(), TimeUnit.MILLISECONDS);
    }
}
