package org.muster.ops.simulator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The demo storyline, after the Luding M6.8 earthquake of 5 September 2022 (epicentre near Moxi, Garzê, Sichuan):
 * the main shock with landslides cutting the valley roads, a landslide that dams the Wandong river below Detuo, and,
 * later the same day, waterlogging in Ya'an city. Times are simulated seconds from the start.
 */
final class Scenario {
    /** One scripted moment: an incident to report, and how many teams the dispatcher may send at most. */
    record Step(double at, JsonObject incident, int teams) {
    }

    private final Forces forces;
    private final List<Step> steps = new ArrayList<>();

    Scenario(long seed) {
        this.forces = new Forces(seed);
        steps.add(new Step(10, new JsonObject()
                .put("id", "DEMO-LUDING-QUAKE")
                .put("type", "EARTHQUAKE_GEOLOGICAL").put("severity", "I")
                .put("title", "泸定6.8级地震 磨西镇")
                .put("description", "震中磨西镇，房屋倒塌，多处山体滑坡阻断道路，通信、电力中断。")
                .put("regionCode", "513322")
                .put("location", Forces.point(102.08, 29.59))
                .put("area", polygon(new double[][] {{101.95, 29.45}, {102.30, 29.45}, {102.30, 29.80}, {101.95, 29.80}, {101.95, 29.45}}))
                .put("blockedAreas", new JsonArray()
                        .add(blocked("S211-WANDONG", "S211 湾东段山体滑坡", new double[][] {{102.12, 29.50}, {102.17, 29.50}, {102.17, 29.54}, {102.12, 29.54}, {102.12, 29.50}}))
                        .add(blocked("YANZIGOU", "燕子沟至磨西道路塌方", new double[][] {{102.13, 29.67}, {102.17, 29.67}, {102.17, 29.71}, {102.13, 29.71}, {102.13, 29.67}}))), 24));
        steps.add(new Step(1800, new JsonObject()
                .put("id", "DEMO-WANDONG-DAM")
                .put("type", "FLOOD").put("severity", "II")
                .put("title", "湾东河 滑坡堰塞湖")
                .put("description", "地震滑坡堵塞湾东河形成堰塞湖，下游得妥镇群众需转移。")
                .put("regionCode", "513322")
                .put("location", Forces.point(102.15, 29.47)), 10));
        steps.add(new Step(5400, new JsonObject()
                .put("id", "DEMO-YAAN-WATERLOGGING")
                .put("type", "URBAN_WATERLOGGING").put("severity", "IV")
                .put("title", "雅安城区 强降雨内涝")
                .put("regionCode", "511802")
                .put("location", Forces.point(103.00, 29.99)), 4));
    }

    String name() {
        return "Luding M6.8 earthquake (2022)";
    }

    /** A team the seed always registers, to tell whether the demo was seeded before. */
    String marker() {
        return "NAT-SW-CENTRE-1";
    }

    List<JsonObject> teams() {
        return forces.teams();
    }

    /** The steps whose time has come (each returned once). */
    List<Step> due(double simSeconds) {
        List<Step> out = new ArrayList<>();
        for (Iterator<Step> it = steps.iterator(); it.hasNext(); ) {
            Step s = it.next();
            if (s.at() <= simSeconds) {
                out.add(s);
                it.remove();
            }
        }
        return out;
    }

    private static JsonObject polygon(double[][] ring) {
        JsonArray r = new JsonArray();
        for (double[] p : ring) {
            r.add(new JsonArray().add(p[0]).add(p[1]));
        }
        return new JsonObject().put("type", "Polygon").put("coordinates", new JsonArray().add(r));
    }

    private static JsonObject blocked(String id, String reason, double[][] ring) {
        return new JsonObject().put("id", id).put("reason", reason).put("area", polygon(ring));
    }
}
