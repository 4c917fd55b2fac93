package org.muster.server.http;

import com.hazelcast.core.HazelcastInstance;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import org.muster.server.config.MusterConfig;
import org.muster.server.events.CatalogueCommands;
import org.muster.server.events.CommandRunner;
import org.muster.server.events.IncidentCommands;
import org.muster.server.events.TeamCommands;
import org.muster.server.live.LivePicture;
import org.muster.server.store.EventStore;

import java.time.Clock;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/** Builds the HTTP side from what {@code Main} made: the endpoints, the verticle that serves them, the seed. */
public final class Api {
    /** Request bodies larger than this are refused with 413 before they are read whole. */
    static final long BODY_LIMIT = 4L * 1024 * 1024;

    private final List<Endpoint> endpoints;
    private final LivePicture live;
    private final PrometheusMeterRegistry metrics;
    private final BooleanSupplier shuttingDown;
    private final BuiltInCatalogue builtInCatalogue;

    public Api(Vertx vertx, HazelcastInstance hz, EventStore store, LivePicture live, CommandRunner runner,
               TeamCommands teams, IncidentCommands incidents, CatalogueCommands catalogue,
               PrometheusMeterRegistry metrics, Clock clock, BooleanSupplier shuttingDown) {
        CommandResponder responder = new CommandResponder(runner);
        this.endpoints = List.of(
                new HealthEndpoint(vertx, hz, store, live, shuttingDown),
                new TeamsEndpoint(live, teams, responder, clock),
                new IncidentsEndpoint(live, incidents, responder),
                new CatalogueEndpoint(live, catalogue, responder));
        this.live = live;
        this.metrics = metrics;
        this.shuttingDown = shuttingDown;
        this.builtInCatalogue = new BuiltInCatalogue(runner, catalogue, live);
    }

    public BuiltInCatalogue builtInCatalogue() {
        return builtInCatalogue;
    }

    /** A new HTTP verticle instance (one per event loop); {@code boundPort} learns the port actually bound. */
    public HttpVerticle httpVerticle(MusterConfig config, IntConsumer boundPort) {
        return new HttpVerticle(config.httpHost(), config.httpPort(), BODY_LIMIT, endpoints, live, metrics,
                shuttingDown, config.shutdownGrace(), boundPort);
    }
}
