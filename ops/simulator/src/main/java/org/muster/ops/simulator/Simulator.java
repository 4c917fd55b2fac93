package org.muster.ops.simulator;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Plays a scenario against a running Muster through its public interface, as the people and devices of a real
 * response would: a regional centre registers its teams, a reporter opens incidents, a dispatcher sends teams, and
 * the teams drive (or fly) along plausible roads at plausible speeds, reporting positions and status as they go.
 *
 * <p>Usage: see {@link #USAGE}. Time runs {@code speed} times faster than the wall clock for travel and work on
 * scene; every position and status the server sees carries the real time.
 */
public final class Simulator {
    private static final Logger LOG = LoggerFactory.getLogger(Simulator.class);
    static final String USAGE = """
            usage: java -jar muster-simulator.jar [--scenario NAME] [--server URL] [--data-dir DIR | --token JWT]
                                                  [--speed N] [--seed N] [--seed-only]
              --scenario NAME  luding (default): the 2022 Luding M6.8 earthquake, Sichuan
                               zhengzhou: the 2021 Zhengzhou "7·20" rainstorm, Henan (urban waterlogging, floods)
                               chemical-park: a hazardous-chemical accident in the Nanjing Jiangbei New Materials
                               Science Park, Jiangsu (leak and fire, cordon, decontamination)
              --server URL     the Muster server (default http://localhost:8080)
              --data-dir DIR   the server's data dir, to mint an admin token from its secret
                               (default $MUSTER_DATA_DIR or ./data)
              --token JWT      a token to use instead
              --speed N        simulated seconds per wall second (default 20)
              --seed N         random seed of the forces and the play (default 2022)
              --seed-only      register the scenario's teams and exit
            """;
    private static final double ROAD_KMH = 55;
    private static final double OFF_ROAD_KMH = 40;
    private static final double AIR_KMH = 200;

    private final Vertx vertx;
    private final MusterApi api;
    private final double speed;
    private final Random random;
    private final Roads roads;
    private final Scenario scenario;
    private final Map<String, Moving> moving = new HashMap<>();
    private final DeviceLink devices;
    private final Set<String> busy = new HashSet<>();
    private double simSeconds;

    /** A team on its way: its path, how far along, what it does next. */
    private static final class Moving {
        final String teamId;
        final String assignmentId;
        final double kmh;
        Earth.Path path;
        double along;
        String phase;           // DISPATCHED, EN_ROUTE, ON_SCENE, RETURNING
        double phaseUntil;      // simulated seconds
        boolean positionChanged;

        Moving(String teamId, String assignmentId, double kmh, Earth.Path path, double departAt) {
            this.teamId = teamId;
            this.assignmentId = assignmentId;
            this.kmh = kmh;
            this.path = path;
            this.phase = "DISPATCHED";
            this.phaseUntil = departAt;
        }
    }

    Simulator(Vertx vertx, MusterApi api, DeviceLink devices, Scenario scenario, double speed, long seed) {
        this.vertx = vertx;
        this.api = api;
        this.devices = devices;
        this.speed = speed;
        this.random = new Random(seed);
        this.scenario = scenario;
        this.roads = scenario.roads();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
                opts.put(args[i].substring(2), flag ? "true" : args[++i]);
            }
        }
        if (opts.containsKey("help")) {
            System.out.print(USAGE);
            return;
        }
        String scenarioName = opts.getOrDefault("scenario", Scenario.NAMES.get(0));
        if (!Scenario.NAMES.contains(scenarioName)) {
            System.err.println("unknown scenario: " + scenarioName);
            System.err.print(USAGE);
            System.exit(2);
        }
        URI server = URI.create(opts.getOrDefault("server", "http://localhost:8080"));
        double speed = Double.parseDouble(opts.getOrDefault("speed", "20"));
        long seed = Long.parseLong(opts.getOrDefault("seed", "2022"));
        Vertx vertx = Vertx.vertx();
        String token = opts.get("token");
        if (token == null) {
            Path dataDir = Path.of(opts.getOrDefault("data-dir", System.getenv().getOrDefault("MUSTER_DATA_DIR", "data")));
            token = waitForSecret(vertx, dataDir);
        }
        MusterApi api = new MusterApi(vertx, server, token);
        Simulator sim = new Simulator(vertx, api, new DeviceLink(vertx, server, token), Scenario.named(scenarioName, seed),
                speed, seed);
        boolean seedOnly = opts.containsKey("seed-only");
        api.awaitReady(180_000)
                .compose(v -> sim.seed())
                .onSuccess(v -> {
                    if (seedOnly) {
                        vertx.close();
                    } else {
                        sim.play();
                    }
                })
                .onFailure(e -> {
                    LOG.error("simulator stopped: {}", e.getMessage());
                    vertx.close();
                    System.exit(1);
                });
    }

    /** The server writes its secret on its first start; a demo started together with it waits for the file. */
    private static String waitForSecret(Vertx vertx, Path dataDir) throws Exception {
        Path file = dataDir.resolve("secrets").resolve("jwt-secret");
        for (int i = 0; i < 180 && !file.toFile().exists(); i++) {
            Thread.sleep(1000);
        }
        return MusterApi.adminTokenFrom(vertx, dataDir, "muster", "muster");
    }

    /** Registers the scenario's teams once (a regional centre's batch push, idempotent). */
    Future<Void> seed() {
        return api.get("/api/v1/teams/" + scenario.marker()).compose(existing -> {
            if (existing != null) {
                LOG.info("demo teams already present; playing on");
                return Future.succeededFuture();
            }
            List<JsonObject> teams = scenario.teams();
            Future<Void> chain = Future.succeededFuture();
            for (int i = 0; i < teams.size(); i += 200) {
                JsonArray items = new JsonArray();
                teams.subList(i, Math.min(teams.size(), i + 200)).forEach(t -> items.add(new JsonObject().put("op", "upsert")
                        .put("team", t.copy().put("position", TeamPositions.at(t.getJsonObject("home"), Instant.now())))));
                String key = "demo-seed-" + scenario.key() + "-" + i;
                chain = chain.compose(v -> api.batch(items, key)).map(r -> {
                    if (r.getInteger("failed") > 0) {
                        LOG.warn("some demo teams were refused: {}", r.encode());
                    }
                    return null;
                });
            }
            // every team carries a Beidou vehicle terminal that streams its positions over /ws/device
            for (JsonObject t : teams) {
                String id = t.getString("id");
                chain = chain.compose(v -> api.send(HttpMethod.PUT, "/api/v1/devices/" + deviceOf(id), new JsonObject()
                        .put("teamId", id).put("protocol", "STREAM").put("primary", true).put("name", "北斗车载终端"))).mapEmpty();
            }
            return chain.onSuccess(v -> LOG.info("demo teams registered with their terminals [count: {}]", teams.size()));
        });
    }

    /** Runs the script and moves the teams, one tick per wall second, until stopped. */
    void play() {
        LOG.info("playing the {} scenario at {}x", scenario.name(), speed);
        vertx.setPeriodic(1000, t -> tick());
    }

    private void tick() {
        simSeconds += speed;
        for (Scenario.Step step : scenario.due(simSeconds)) {
            run(step);
        }
        for (Moving m : new ArrayList<>(moving.values())) {
            advance(m);
        }
    }

    private void run(Scenario.Step step) {
        api.get("/api/v1/incidents/" + step.incident().getString("id")).compose(existing -> existing != null
                        ? Future.succeededFuture(existing)
                        : api.post("/api/v1/incidents", step.incident(), "demo-" + step.incident().getString("id")))
                .compose(incident -> {
                    LOG.info("incident [id: {}, title: {}]", incident.getString("id"), incident.getString("title"));
                    return dispatchFor(incident, step.teams());
                })
                .onFailure(e -> LOG.warn("scenario step failed: {}", e.getMessage()));
    }

    /**
     * The dispatcher's choice: for each requirement, the nearest available teams that have the capability, until the
     * quantity is covered (or the step's team budget is spent).
     */
    private Future<Void> dispatchFor(JsonObject incident, int budget) {
        double ilon = incident.getJsonObject("location").getJsonArray("coordinates").getDouble(0);
        double ilat = incident.getJsonObject("location").getJsonArray("coordinates").getDouble(1);
        return api.get("/api/v1/teams?status=AVAILABLE&limit=1000").compose(page -> {
            List<JsonObject> available = new ArrayList<>();
            page.getJsonArray("items").forEach(o -> available.add((JsonObject) o));
            available.removeIf(t -> busy.contains(t.getString("id")));
            available.sort((x, y) -> Double.compare(distanceTo(x, ilon, ilat), distanceTo(y, ilon, ilat)));
            Set<String> chosen = new java.util.LinkedHashSet<>();
            for (Object r : incident.getJsonArray("requirements")) {
                JsonObject req = (JsonObject) r;
                String cap = req.getString("capabilityCode");
                double need = req.getDouble("quantity");
                for (JsonObject t : available) {
                    if (need <= 0 || chosen.size() >= budget) {
                        break;
                    }
                    JsonObject c = t.getJsonObject("capabilities").getJsonObject(cap);
                    if (c != null && !chosen.contains(t.getString("id"))) {
                        chosen.add(t.getString("id"));
                        need -= c.getDouble("capacity");
                    }
                }
            }
            if (chosen.isEmpty()) {
                return Future.succeededFuture();
            }
            busy.addAll(chosen);
            JsonObject body = new JsonObject().put("teamIds", new JsonArray(new ArrayList<>(chosen)))
                    .put("note", "demo dispatcher: nearest teams for the response plan");
            return api.post("/api/v1/incidents/" + incident.getString("id") + "/assignments", body,
                    "demo-dispatch-" + incident.getString("id")).map(r -> {
                Map<String, JsonObject> byId = new HashMap<>();
                available.forEach(t -> byId.put(t.getString("id"), t));
                for (Object o : r.getJsonArray("assignments")) {
                    JsonObject a = (JsonObject) o;
                    start(byId.get(a.getString("teamId")), a.getString("id"), ilon, ilat);
                }
                LOG.info("dispatched [incident: {}, teams: {}]", incident.getString("id"), chosen.size());
                return null;
            });
        });
    }

    private static double distanceTo(JsonObject team, double lon, double lat) {
        JsonObject p = team.getJsonObject("position") != null ? team.getJsonObject("position") : team.getJsonObject("home");
        return Earth.distance(p.getJsonArray("coordinates").getDouble(0), p.getJsonArray("coordinates").getDouble(1), lon, lat);
    }

    private void start(JsonObject team, String assignmentId, double lon, double lat) {
        JsonObject p = team.getJsonObject("position") != null ? team.getJsonObject("position") : team.getJsonObject("home");
        double tlon = p.getJsonArray("coordinates").getDouble(0);
        double tlat = p.getJsonArray("coordinates").getDouble(1);
        String transport = team.getString("transport");
        Earth.Path path = "AIR".equals(transport)
                ? new Earth.Path(List.of(new double[] {tlon, tlat}, new double[] {lon, lat}))
                : roads.route(tlon, tlat, lon, lat);
        double kmh = switch (transport) {
            case "AIR" -> AIR_KMH;
            case "OFF_ROAD" -> OFF_ROAD_KMH;
            default -> ROAD_KMH;
        };
        // mobilisation: 3 to 12 simulated minutes before the team rolls out
        moving.put(team.getString("id"), new Moving(team.getString("id"), assignmentId, kmh, path,
                simSeconds + 180 + random.nextInt(540)));
    }

    static String deviceOf(String teamId) {
        return "bd-" + teamId;
    }

    private void advance(Moving m) {
        switch (m.phase) {
            case "DISPATCHED" -> {
                if (simSeconds >= m.phaseUntil) {
                    move(m, "EN_ROUTE");
                }
            }
            case "EN_ROUTE", "RETURNING" -> {
                m.along += m.kmh / 3.6 * speed;
                double[] at = m.path.at(m.along);
                devices.send(deviceOf(m.teamId), at[0], at[1], (float) (m.kmh / 3.6), (float) at[2]);
                if (m.along >= m.path.length()) {
                    if (m.phase.equals("EN_ROUTE")) {
                        move(m, "ON_SCENE");
                        m.phaseUntil = simSeconds + 1800 + random.nextInt(3600);
                    } else {
                        move(m, "RELEASED");
                        moving.remove(m.teamId);
                        busy.remove(m.teamId);
                    }
                }
            }
            case "ON_SCENE" -> {
                if (simSeconds >= m.phaseUntil) {
                    move(m, "RETURNING");
                    m.path = m.path.reversed();
                    m.along = 0;
                }
            }
            default -> {
                // nothing to do
            }
        }
    }

    private void move(Moving m, String status) {
        if (!status.equals("RELEASED")) {
            m.phase = status;
        }
        api.send(HttpMethod.PATCH, "/api/v1/assignments/" + m.assignmentId, new JsonObject().put("status", status))
                .onSuccess(r -> {
                    if (r.statusCode() >= 400) {
                        LOG.warn("assignment {} -> {} refused: {}", m.assignmentId, status, r.bodyAsString());
                    }
                })
                .onFailure(e -> LOG.warn("assignment {} -> {} failed: {}", m.assignmentId, status, e.getMessage()));
    }
}
