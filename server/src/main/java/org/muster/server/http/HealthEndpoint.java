package org.muster.server.http;

import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import org.muster.server.live.LiveMaps;
import org.muster.server.live.LivePicture;
import org.muster.server.store.EventStore;

import java.util.function.BooleanSupplier;

/**
 * {@code /health/live}: the process serves requests. {@code /health/ready}: this member may take traffic: it has
 * joined the cluster (and, with split-brain protection, sees a majority of it), the store answers, the live picture
 * is loaded, and it is not shutting down. 503 otherwise.
 */
final class HealthEndpoint implements Endpoint {
    private final HealthChecks liveness;
    private final HealthChecks readiness;

    HealthEndpoint(Vertx vertx, HazelcastInstance hz, EventStore store, LivePicture live, BooleanSupplier shuttingDown) {
        liveness = HealthChecks.create(vertx).register("process", p -> p.complete(Status.OK()));
        readiness = HealthChecks.create(vertx)
                .register("cluster", 2000, p -> {
                    boolean up = hz.getLifecycleService().isRunning();
                    if (!up) {
                        p.complete(Status.KO());
                        return;
                    }
                    JsonObject data = new JsonObject().put("members", hz.getCluster().getMembers().size());
                    // a member in a minority (split-brain protection, three or more listed members) takes no writes
                    boolean majority = true;
                    try {
                        majority = hz.getSplitBrainProtectionService().getSplitBrainProtection(LiveMaps.MAJORITY).hasMinimumSize();
                        data.put("majority", majority);
                    } catch (IllegalArgumentException notConfigured) {
                        // one or two members: nothing to protect
                    }
                    p.complete(majority ? Status.OK(data) : Status.KO(data.put("reason", "minority of the cluster")));
                })
                .register("store", 2000, p -> store.ping().onComplete(ar -> p.complete(ar.succeeded() ? Status.OK()
                        : Status.KO(new JsonObject().put("error", "the store does not answer")))))
                .register("livePicture", p -> p.complete(live.ready() ? Status.OK() : Status.KO()))
                .register("accepting", p -> p.complete(shuttingDown.getAsBoolean()
                        ? Status.KO(new JsonObject().put("reason", "shutting down")) : Status.OK()));
    }

    @Override
    public void mount(Router router) {
        router.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(liveness));
        router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(readiness));
    }
}
