package org.muster.ops.loadgen;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * The run's teams, each with one device, and the incidents that dispatches and recommendations use. Indices
 * {@code [0, stream)} are /ws/device devices, then OsmAnd devices, then JT/T 808 terminals. Homes are spread at random
 * (seeded) over the area; a device circles its home within some 200 m ({@link #RADIUS_DEG}), so its team never leaves
 * a bounding box that holds the home with a margin ({@link #MARGIN_DEG}). With tiles, team {@code i} lives inside
 * tile {@code i mod G²} with that margin, and each tile has its own incident at its centre; otherwise there is one
 * incident. Immutable after {@link #register}; thread-safe to read.
 */
final class Fleet {
    private static final Logger LOG = LoggerFactory.getLogger(Fleet.class);
    /** Kits of catalogue equipment (seven-digit type codes of the built-in catalogue), so recommendations have work. */
    private static final String[][] KITS = {
            {"2030101", "2", "2010101", "2", "2010201", "3", "2050102", "10"},
            {"2020101", "1", "2020102", "2", "2090102", "2", "2020202", "2"},
            {"2070101", "4", "2070102", "10", "2070103", "6"},
            {"2090101", "2", "2090102", "4", "2090201", "2"},
            {"2080102", "1", "2080101", "2", "2080104", "8"},
            {"3010101", "2", "2060101", "2", "2090201", "1"},
    };
    static final double RADIUS_DEG = 0.002;
    /** How far a home stays inside the box that must hold its team: several times the circle a device drives. */
    static final double MARGIN_DEG = 0.01;

    private final String prefix;
    private final int stream;
    private final int osmand;
    private final int jt808;
    private final double[] lon;
    private final double[] lat;
    private final Tiles tiles;
    private final double[][] incidents;     // {lon, lat} per incident: one, or one per tile
    private final Map<String, Integer> incidentIndices = new HashMap<>();

    /** @param bbox the consoles' box, or null; @param tiles the consoles' tiles, or null (not both) */
    Fleet(String prefix, int stream, int osmand, int jt808, double[] area, double[] bbox, Tiles tiles, long seed) {
        this.prefix = prefix;
        this.stream = stream;
        this.osmand = osmand;
        this.jt808 = jt808;
        this.tiles = tiles;
        int n = size();
        lon = new double[n];
        lat = new double[n];
        Random random = new Random(seed);
        // with a console bounding box, a third of the teams live inside it (with a margin): they carry the events
        double[] inner = bbox == null ? null : new double[] {bbox[0] + MARGIN_DEG, bbox[1] + MARGIN_DEG,
                bbox[2] - MARGIN_DEG, bbox[3] - MARGIN_DEG};
        for (int i = 0; i < n; i++) {
            // with tiles, every tile holds the same share of the teams: uniform over the area, but never on an edge
            double[] b = tiles != null ? tiles.inner(tileOf(i), MARGIN_DEG) : inner != null && i % 3 == 0 ? inner : area;
            lon[i] = round(b[0] + random.nextDouble() * (b[2] - b[0]));
            lat[i] = round(b[1] + random.nextDouble() * (b[3] - b[1]));
        }
        if (tiles == null) {
            double[] c = bbox != null ? bbox : area;
            incidents = new double[][] {{round((c[0] + c[2]) / 2), round((c[1] + c[3]) / 2)}};
        } else {
            incidents = new double[tiles.count()][];
            for (int t = 0; t < tiles.count(); t++) {
                double[] c = tiles.box(t);
                incidents[t] = new double[] {round((c[0] + c[2]) / 2), round((c[1] + c[3]) / 2)};
            }
        }
        for (int k = 0; k < incidents.length; k++) {
            incidentIndices.put(incidentId(k), k);
        }
    }

    int size() {
        return stream + osmand + jt808;
    }

    int streamDevices() {
        return stream;
    }

    String teamId(int i) {
        return teamIdPrefix() + i;
    }

    /** What every team id of this run starts with. */
    String teamIdPrefix() {
        return prefix + "-T";
    }

    String deviceId(int i) {
        if (i < stream) {
            return prefix + "-D" + i;
        }
        if (i < stream + osmand) {
            return prefix + "-O" + (i - stream);
        }
        // a JT/T 808 terminal is named by its phone number: 12 BCD digits in the 2013 header
        return String.format("139%09d", i - stream - osmand);
    }

    String protocol(int i) {
        return i < stream ? "STREAM" : i < stream + osmand ? "OSMAND" : "JT808";
    }

    /** The tile team {@code i} lives in; -1 without tiles. */
    int tileOf(int i) {
        return tiles == null ? -1 : i % tiles.count();
    }

    /** The fleet index of a team id of this run, or -1 (a team of another run or prefix). */
    int teamIndex(String teamId) {
        String p = teamIdPrefix();
        if (!teamId.startsWith(p) || teamId.length() == p.length() || teamId.length() > p.length() + 9) {
            return -1;
        }
        int i = 0;
        for (int k = p.length(); k < teamId.length(); k++) {
            char ch = teamId.charAt(k);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            i = i * 10 + (ch - '0');
        }
        return i < size() ? i : -1;
    }

    int incidentCount() {
        return incidents.length;
    }

    /**
     * Incident {@code k}: the one incident ({@code P-INC}), or tile k's; a tile incident's id names the grid, so that a
     * run with another grid (or none) never finds one in the wrong place.
     */
    String incidentId(int k) {
        return tiles == null ? prefix + "-INC" : prefix + "-INC-" + tiles.side() + "x" + tiles.side() + "-" + k;
    }

    /** The incident team {@code i} is dispatched to: its tile's, so that the whole dispatch stays in the tile. */
    int incidentOf(int i) {
        return tiles == null ? 0 : tileOf(i);
    }

    /** Incident {@code k}'s tile (-1 without tiles): where its assignments are seen, since they lie at the incident. */
    int tileOfIncident(int k) {
        return tiles == null ? -1 : k;
    }

    /** The incident index of an incident id of this run, or -1. */
    int incidentIndex(String id) {
        return incidentIndices.getOrDefault(id, -1);
    }

    double[] incidentPoint(int k) {
        return incidents[k].clone();
    }

    double homeLon(int i) {
        return lon[i];
    }

    double homeLat(int i) {
        return lat[i];
    }

    /** Where device {@code i} is at its fix number {@code seq}: {lon, lat, heading}. */
    double[] positionAt(int i, long seq) {
        double a = seq * 0.05 + i;
        return new double[] {round(lon[i] + RADIUS_DEG * Math.cos(a)), round(lat[i] + RADIUS_DEG * Math.sin(a)),
                (Math.toDegrees(a) + 90) % 360};
    }

    private static double round(double deg) {
        return Math.round(deg * 1e6) / 1e6;
    }

    /** Registers every team (batch upserts), every device (PUT), and the incidents; idempotent. */
    Future<Void> register(MusterApi api) {
        List<JsonObject> items = new ArrayList<>();
        String now = Instant.now().toString();
        for (int i = 0; i < size(); i++) {
            String[] kit = KITS[i % KITS.length];
            JsonArray equipment = new JsonArray();
            for (int k = 0; k < kit.length; k += 2) {
                equipment.add(new JsonObject().put("typeCode", kit[k]).put("quantity", Integer.parseInt(kit[k + 1])));
            }
            JsonObject home = point(lon[i], lat[i]);
            items.add(new JsonObject().put("op", "upsert").put("team", new JsonObject()
                    .put("id", teamId(i)).put("name", "load team " + i).put("tier", "LOCAL_PROFESSIONAL")
                    .put("regionCode", "510100").put("status", "AVAILABLE").put("transport", "ROAD").put("staffing", 12)
                    .put("home", home).put("position", home.copy().put("time", now).put("accuracy", 10.0))
                    .put("equipment", equipment).put("skills", new JsonArray())));
        }
        // no Idempotency-Key: an upsert repeated is harmless
        Future<Void> chain = Future.succeededFuture();
        int[] refused = {0};
        for (int from = 0; from < items.size(); from += 200) {
            JsonArray chunk = new JsonArray(items.subList(from, Math.min(items.size(), from + 200)));
            chain = chain.compose(v -> api.send(HttpMethod.POST, "/api/v1/teams:batch", chunk).map(r -> {
                MusterApi.ok(r);
                refused[0] += r.bodyAsJsonObject().getInteger("failed", 0);
                return null;
            }));
        }
        return chain
                .compose(v -> {
                    if (refused[0] > 0) {
                        LOG.warn("some teams were refused by the batch [count: {}]", refused[0]);
                    }
                    LOG.info("teams registered [count: {}]", size());
                    return Parallel.run(size(), 32, i -> api.call(HttpMethod.PUT, "/api/v1/devices/" + deviceId(i),
                            new JsonObject().put("teamId", teamId(i)).put("protocol", protocol(i)).put("primary", true)
                                    .put("name", "load " + protocol(i).toLowerCase() + " " + i)).mapEmpty());
                })
                .compose(v -> {
                    LOG.info("devices registered [count: {}]", size());
                    return Parallel.run(incidents.length, 16, k -> api.send(HttpMethod.GET, "/api/v1/incidents/" + incidentId(k), null)
                            .compose(r -> r.statusCode() == 200 ? Future.succeededFuture() : api.call(HttpMethod.POST, "/api/v1/incidents",
                                    new JsonObject().put("id", incidentId(k)).put("type", "EARTHQUAKE_GEOLOGICAL").put("severity", "II")
                                            .put("title", "load generator incident").put("regionCode", "510100")
                                            .put("location", point(incidents[k][0], incidents[k][1]))).mapEmpty()));
                })
                .onSuccess(v -> LOG.info("incidents ready [count: {}, first: {}]", incidents.length, incidentId(0)))
                .mapEmpty();
    }

    /** One device token per /ws/device device (POST /api/v1/devices/{id}/token). */
    Future<String[]> deviceTokens(MusterApi api) {
        String[] tokens = new String[stream];
        IntFunction<Future<Void>> issue = i -> api.call(HttpMethod.POST, "/api/v1/devices/" + deviceId(i) + "/token",
                new JsonObject().put("ttlSeconds", 86_400)).map(o -> {
            tokens[i] = o.getString("token");
            return null;
        });
        return Parallel.run(stream, 32, issue).map(v -> tokens);
    }

    static JsonObject point(double lon, double lat) {
        return new JsonObject().put("type", "Point").put("coordinates", new JsonArray().add(lon).add(lat));
    }
}
