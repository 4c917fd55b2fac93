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
}
