package org.muster.server.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.muster.server.config.MusterConfig;

/**
 * {@code GET /api/v1/console/settings}: what the console needs to know of this deployment: the tile server (if any),
 * the first view of the map, the offline base map, the status timer thresholds.
 */
final class ConsoleSettingsEndpoint implements Endpoint {
    static final String BASE_MAP = "/webjars/echarts/4.1.0/map/json/china.json";
    private final MusterConfig config;

    ConsoleSettingsEndpoint(MusterConfig config) {
        this.config = config;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/console/settings").handler(Access.allow(Access.READERS)).handler(this::settings);
    }

    private void settings(RoutingContext ctx) {
        MusterConfig.ConsoleMap m = config.consoleMap();
        ctx.json(new JsonObject()
                .put("tiles", m.tilesUrl().isEmpty() ? null : new JsonObject().put("url", m.tilesUrl())
                        .put("attribution", m.tilesAttribution()))
                .put("view", new JsonObject().put("lon", m.lon()).put("lat", m.lat()).put("zoom", m.zoom()))
                .put("baseMap", BASE_MAP)
                .put("alerts", new JsonObject().put("dispatchedMinutes", config.alerts().dispatchedLimit().toMinutes())
                        .put("positionStaleMinutes", config.alerts().staleLimit().toMinutes())));
    }
}
