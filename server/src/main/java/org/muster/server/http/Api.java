package org.muster.server.http;

import com.hazelcast.core.HazelcastInstance;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import org.muster.protocol.v1.ErrorCode;
import org.muster.server.auth.AuditLog;
import org.muster.server.auth.LoginLinks;
import org.muster.server.auth.RateLimits;
import org.muster.server.auth.TokenService;
import org.muster.server.config.MusterConfig;
import org.muster.server.events.AlertCommands;
import org.muster.server.events.CatalogueCommands;
import org.muster.server.events.DeviceCommands;
import org.muster.server.ingest.PositionIngest;
import org.muster.server.events.DispatchCommands;
import org.muster.server.events.Dispatcher;
import org.muster.server.events.CommandRunner;
import org.muster.server.events.IncidentCommands;
import org.muster.server.events.TeamCommands;
import org.muster.server.live.LivePicture;
import org.muster.server.push.ConsoleHub;
import org.muster.server.push.ConsoleHubs;
import org.muster.server.match.TeamIndex;
import org.muster.server.replay.Consultations;
import org.muster.server.store.EventStore;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/** Builds the HTTP side from what {@code Main} made: the endpoints, the verticle that serves them, the seed. */
public final class Api {
    private final List<Endpoint> endpoints;
    private final Parts parts;
    private final LivePicture live;
    private final PrometheusMeterRegistry metrics;
    private final BooleanSupplier shuttingDown;
    private final BuiltInCatalogue builtInCatalogue;
    private final Gatekeeper gatekeeper;
    private final long bodyLimit;

    /** What the HTTP side is built from; everything comes from {@code Main}. */
    public record Parts(MusterConfig config, Vertx vertx, HazelcastInstance hz, EventStore store, LivePicture live, CommandRunner runner,
                        TeamCommands teams, IncidentCommands incidents, CatalogueCommands catalogue,
                        Dispatcher dispatcher, DispatchCommands dispatch, AlertCommands alerts, DeviceCommands devices,
                        PositionIngest ingest, TokenService tokens,
                        LoginLinks loginLinks, RateLimits rateLimits, AuditLog audit, ConsoleHubs consoles,
                        ConsoleHub.Limits consoleLimits, List<String> allowedOrigins, int deviceMessagesPerSecond,
                        Consultations consultations, TeamIndex teamIndex,
                        PrometheusMeterRegistry metrics, Clock clock, BooleanSupplier shuttingDown, long bodyLimit) {
    }

    private final DeviceSocketEndpoint deviceSockets;

    public Api(Parts p) {
        this.parts = p;
        CommandResponder responder = new CommandResponder(p.runner());
        this.deviceSockets = new DeviceSocketEndpoint(p.ingest(), p.tokens(), p.rateLimits(), p.audit(), p.clock(),
                p.deviceMessagesPerSecond());
        this.endpoints = List.of(
                new HealthEndpoint(p.vertx(), p.hz(), p.store(), p.live(), p.shuttingDown()),
                new AuthEndpoint(p.tokens(), p.loginLinks()),
                new TeamsEndpoint(p.live(), p.teams(), responder, p.clock()),
                new IncidentsEndpoint(p.live(), p.incidents(), responder),
                new CatalogueEndpoint(p.live(), p.catalogue(), responder),
                new DispatchEndpoint(p.live(), p.dispatcher(), p.dispatch(), p.alerts(), p.store(), responder),
                new DevicesEndpoint(p.live(), p.devices(), responder, p.tokens()),
                new ConsoleSettingsEndpoint(p.config()),
                new RecommendationsEndpoint(p.live(), p.teamIndex(), p.clock()),
                new ReplaysEndpoint(p.live(), p.consultations(), p.clock()),
                new TracksEndpoint(p.vertx(), p.live(), p.ingest()),
                deviceSockets);
        this.live = p.live();
        this.metrics = p.metrics();
        this.shuttingDown = p.shuttingDown();
        this.builtInCatalogue = new BuiltInCatalogue(p.runner(), p.catalogue(), p.live());
        this.gatekeeper = new Gatekeeper(p.tokens(), p.rateLimits(), p.audit(), p.clock(), Set.of(AuthEndpoint.EXCHANGE));
        this.bodyLimit = p.bodyLimit();
    }

    public BuiltInCatalogue builtInCatalogue() {
        return builtInCatalogue;
    }

    /** A new HTTP verticle instance (one per event loop); {@code boundPort} learns the port actually bound. */
    public HttpVerticle httpVerticle(MusterConfig config, IntConsumer boundPort) {
        HttpServerOptions options = new HttpServerOptions()
                .setHost(config.httpHost())
                .setPort(config.httpPort())
                .setCompressionSupported(true)
                .setIdleTimeout((int) config.httpIdleTimeout().toSeconds())
                .setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setMaxFormAttributeSize(64 * 1024)
                .setMaxHeaderSize(16 * 1024)
                // Browsers always offer permessage-deflate. At level 6 (the default) deflating every console frame
                // cost more CPU than anything else on the frame's way (docs/benchmarks.md); level 1 keeps most of the
                // saving in bytes, and 0 turns it off.
                .setPerMessageWebSocketCompressionSupported(config.console().compressionLevel() > 0)
                .setWebSocketCompressionLevel(Math.max(1, config.console().compressionLevel()))
                .setMaxWebSocketFrameSize(config.console().maxMessageBytes())
                .setMaxWebSocketMessageSize(config.console().maxMessageBytes());
        if (config.httpTlsCert().isPresent()) {
            options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                    .setCertPath(config.httpTlsCert().get().toString())
                    .setKeyPath(config.httpTlsKey().orElseThrow().toString()));
        }
        return new HttpVerticle(options, this::router, config.shutdownGrace(), boundPort);
    }

    /**
     * The whole router: before the API a readiness gate, the gatekeeper (token, rate, audit) and a body limit; then the
     * endpoints, metrics, the console, and the one failure handler that answers every error as problem+json.
     */
    public Router router(Vertx vertx, List<Runnable> onStop) {
        onStop.add(deviceSockets::drain); // devices reconnect elsewhere once their batches are answered
        Router router = Router.router(vertx);
        router.route("/api/*").handler(ctx -> {
            boolean stopping = shuttingDown.getAsBoolean();
            if (!live.ready() || stopping) {
                Problems.send(ctx, 503, ErrorCode.ERROR_CODE_UNAVAILABLE,
                        stopping ? "this member is shutting down; use another" : "this member is starting", null, null);
                return;
            }
            ctx.next();
        });
        router.route("/api/*").handler(gatekeeper::handle);
        BodyHandler bodies = BodyHandler.create(false).setBodyLimit(bodyLimit);
        // offline tracks are larger than any other body: their route has its own limit
        router.route("/api/*").handler(ctx -> {
            if (TracksEndpoint.isTracks(ctx.request().path())) {
                ctx.next();
            } else {
                bodies.handle(ctx);
            }
        });
        endpoints.forEach(e -> e.mount(router));
        // one console hub per event loop, made with the router of that event loop's HTTP verticle
        new ConsoleSocketEndpoint(vertx, live, parts.consoles(), parts.consoleLimits(), parts.tokens(), parts.rateLimits(),
                parts.audit(), parts.allowedOrigins(), parts.clock(), metrics, onStop, parts.consultations()).mount(router);
        router.get("/metrics").handler(PrometheusScrapingHandler.create(metrics));
        router.get("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars").setCachingEnabled(true));
        router.get("/proto/*").handler(StaticHandler.create("proto").setCachingEnabled(true));
        router.get("/*").handler(StaticHandler.create("webroot").setIndexPage("index.html"));
        router.route().failureHandler(Problems::handle);
        router.errorHandler(404, Problems::handle);
        router.errorHandler(405, Problems::handle);
        router.errorHandler(413, Problems::handle);
        return router;
    }
}
