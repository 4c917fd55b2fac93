package org.muster.ops.simulator;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/** Positions as the API takes them: a GeoJSON Point with the fix's time and motion. */
final class TeamPositions {
    private TeamPositions() {
    }

    static JsonObject at(JsonObject point, Instant time) {
        return point.copy().put("time", time.toString()).put("accuracy", 10.0);
    }

    /** A batch item that moves a team. */
    static JsonObject patch(String teamId, double lon, double lat, float speedMps, float heading) {
        JsonObject position = Forces.point(lon, lat).put("time", Instant.now().toString()).put("accuracy", 8.0)
                .put("speed", (double) speedMps).put("heading", (double) heading);
        return new JsonObject().put("op", "patch").put("id", teamId).put("changes", new JsonObject().put("position", position));
    }
}
