package org.muster.ops.simulator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One storyline as data: the rescue forces of its region, the roads they drive, and the script of incidents the
 * reporter opens (times are simulated seconds from the start). The scenarios themselves are {@link Luding} (the
 * default), {@link Zhengzhou} and {@link ChemicalPark}; {@link #named} picks one by its option value.
 */
final class Scenario {
    /** The values of {@code --scenario}, the first being the default. */
    static final List<String> NAMES = List.of("luding", "zhengzhou", "chemical-park");

    /** One scripted moment: an incident to report, and how many teams the dispatcher may send at most. */
    record Step(double at, JsonObject incident, int teams) {
    }

    private final String key;
    private final String name;
    private final String marker;
    private final Forces forces;
    private final Roads roads;
    private final List<Step> steps;

    /**
     * @param key    the option value, also in the idempotency keys of the seed
     * @param marker a team the seed always registers, to tell whether this scenario was seeded before
     */
    Scenario(String key, String name, String marker, Forces forces, Roads roads, List<Step> steps) {
        this.key = key;
        this.name = name;
        this.marker = marker;
        this.forces = forces;
        this.roads = roads;
        this.steps = new ArrayList<>(steps);
        if (forces.teams().stream().noneMatch(t -> t.getString("id").equals(marker))) {
            throw new IllegalArgumentException("scenario " + key + " has no team " + marker);
        }
    }

    static Scenario named(String key, long seed) {
        return switch (key) {
            case "luding" -> Luding.scenario(seed);
            case "zhengzhou" -> Zhengzhou.scenario(seed);
            case "chemical-park" -> ChemicalPark.scenario(seed);
            default -> throw new IllegalArgumentException("unknown scenario " + key + "; one of " + String.join(", ", NAMES));
        };
    }

    String key() {
        return key;
    }

    String name() {
        return name;
    }

    String marker() {
        return marker;
    }

    List<JsonObject> teams() {
        return forces.teams();
    }

    Roads roads() {
        return roads;
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

    /** A GeoJSON polygon from a closed ring of {lon, lat}. */
    static JsonObject polygon(double[][] ring) {
        JsonArray r = new JsonArray();
        for (double[] p : ring) {
            r.add(new JsonArray().add(p[0]).add(p[1]));
        }
        return new JsonObject().put("type", "Polygon").put("coordinates", new JsonArray().add(r));
    }

    /** A closed rectangle from its west, south, east and north edges. */
    static JsonObject box(double west, double south, double east, double north) {
        return polygon(new double[][] {{west, south}, {east, south}, {east, north}, {west, north}, {west, south}});
    }

    /** A blocked area of an incident: a road closure, a cordon. */
    static JsonObject blocked(String id, String reason, JsonObject area) {
        return new JsonObject().put("id", id).put("reason", reason).put("area", area);
    }

    static Roads.Town town(String name, double lon, double lat) {
        return new Roads.Town(name, lon, lat);
    }
}
