package org.muster.server.match;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import net.sf.geographiclib.Geodesic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.muster.server.support.TestMember;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recommendations through the HTTP API of a real member: teams and incidents made through the API, answers read
 * from the member's own index. Each test works in its own province, and asks within 400 km, so tests do not see
 * each other's teams.
 */
class RecommendationsApiTest {
    private static TestMember m;

    @BeforeAll
    static void start() {
        m = TestMember.single();
    }

    @AfterAll
    static void stop() {
        m.close();
    }

    private static String team(double lon, double lat, String transport, Map<String, Integer> equipment) {
        String id = "T-" + UUID.randomUUID().toString().substring(0, 8);
        JsonArray items = new JsonArray();
        equipment.forEach((code, n) -> items.add(new JsonObject().put("typeCode", code).put("quantity", n)));
        JsonObject t = new JsonObject().put("id", id).put("name", "队 " + id).put("tier", "LOCAL_PROFESSIONAL")
                .put("regionCode", "510100").put("staffing", 20).put("transport", transport)
                .put("home", point(lon, lat))
                .put("position", point(lon, lat).put("time", Instant.now().toString()))
                .put("equipment", items);
        HttpResponse<Buffer> r = m.post("/api/v1/teams", t);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
        return id;
    }

    private static JsonObject point(double lon, double lat) {
        return new JsonObject().put("type", "Point").put("coordinates", new JsonArray().add(lon).add(lat));
    }

    private static String incident(double lon, double lat, JsonArray requirements, JsonArray blocked) {
        JsonObject i = new JsonObject().put("type", "FLOOD").put("severity", "II").put("regionCode", "510100")
                .put("location", point(lon, lat)).put("requirements", requirements);
        if (blocked != null) {
            i.put("blockedAreas", blocked);
        }
        HttpResponse<Buffer> r = m.post("/api/v1/incidents", i);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
        return r.bodyAsJsonObject().getString("id");
    }

    private static JsonObject need(String code, double quantity) {
        return new JsonObject().put("capabilityCode", code).put("quantity", quantity);
    }

    private static JsonObject recommend(String incident, String query) {
        HttpResponse<Buffer> r = m.get("/api/v1/incidents/" + incident + "/recommendations?maxDistanceKm=400" + query);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonObject();
    }

    /** Waits for the index to take a change made through the API (it follows the live picture asynchronously). */
    private static JsonObject eventually(Supplier<JsonObject> ask, java.util.function.Predicate<JsonObject> until) {
        JsonObject last = null;
        for (int i = 0; i < 100; i++) {
            last = ask.get();
            if (until.test(last)) {
                return last;
            }
            sleep(50);
        }
        return last;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> ids(JsonArray a) {
        return a.stream().map(o -> ((JsonObject) o).getString("teamId")).toList();
    }

    private static double km(double lon1, double lat1, double lon2, double lat2) {
        return Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2).s12 / 1000;
    }

    @Test
    void nearestEquippedTeamsPerRequirementAndOneSetThatCoversEverything() {
        double lon = 104.06;
        double lat = 30.57; // Chengdu
        String pump1000Near = team(104.16, 30.57, "ROAD", Map.of("2020102", 1));      // ~10 km, 1000 m3/h
        String pump3000Mid = team(104.06, 31.02, "ROAD", Map.of("2020101", 1));       // ~50 km, 3000 m3/h
        String pump3000Far = team(105.80, 30.57, "ROAD", Map.of("2020101", 1));       // ~167 km
        String radarNear = team(104.06, 30.75, "ROAD", Map.of("2010102", 1));         // ~20 km, 1 radar
        String radarTwo = team(103.06, 30.57, "ROAD", Map.of("2010102", 2));          // ~96 km, 2 radars
        team(104.07, 30.58, "ROAD", Map.of("1010101", 3));                            // tents only: never a candidate
        String incident = incident(lon, lat, new JsonArray().add(need("PUMPING", 3000)).add(need("LIFE_DETECTION_RADAR", 2))
                .add(need("DIVING_SETS", 1)), null);

        JsonObject r = eventually(() -> recommend(incident, "&limit=5"),
                x -> x.getJsonArray("requirements").getJsonObject(0).getJsonArray("candidates").size() >= 3
                        && x.getJsonArray("requirements").getJsonObject(1).getJsonArray("candidates").size() >= 2);
        assertThat(r.getLong("tookMicros")).isNotNull().isGreaterThanOrEqualTo(0);

        JsonObject pumping = r.getJsonArray("requirements").getJsonObject(0);
        assertThat(pumping.getString("capabilityCode")).isEqualTo("PUMPING");
        JsonArray pumps = pumping.getJsonArray("candidates");
        assertThat(ids(pumps)).containsExactly(pump1000Near, pump3000Mid, pump3000Far);
        JsonObject first = pumps.getJsonObject(0);
        assertThat(first.getLong("distanceMeters") / 1000.0).isCloseTo(km(104.16, 30.57, lon, lat), org.assertj.core.data.Offset.offset(0.01));
        assertThat(first.getDouble("capacity")).isEqualTo(1000.0);
        assertThat(first.getLong("etaSeconds")).isPositive();
        assertThat(first.getJsonArray("covers").getList()).containsExactly("PUMPING");
        assertThat(pumping.getBoolean("covered")).isTrue();

        JsonObject radar = r.getJsonArray("requirements").getJsonObject(1);
        assertThat(ids(radar.getJsonArray("candidates"))).containsExactly(radarNear, radarTwo);
        assertThat(radar.getBoolean("covered")).isTrue();

        JsonObject dogs = r.getJsonArray("requirements").getJsonObject(2);
        assertThat(dogs.getBoolean("covered")).isFalse();
        assertThat(dogs.getString("uncoveredReason")).isEqualTo("NO_CANDIDATES");
        assertThat(dogs.getJsonArray("candidates")).isEmpty();

        // one set: enough pumping (1000 + 3000 or 3000) and two radars, as early as possible
        List<String> proposed = ids(r.getJsonObject("proposal").getJsonArray("teams"));
        assertThat(proposed).contains(pump3000Mid).doesNotContain(pump3000Far);
        assertThat(proposed).containsAnyOf(radarTwo);
        assertThat(r.getJsonObject("proposal").getJsonArray("uncovered").getJsonObject(0).getString("reason"))
                .isEqualTo("NO_CANDIDATES");
        assertThat(r.getBoolean("allCovered")).isFalse();
    }

    @Test
    void aDispatchedTeamIsNoLongerACandidateAndAMovedTeamIsMeasuredWhereItIsNow() {
        double lon = 113.62;
        double lat = 34.75; // Zhengzhou
        String only = team(113.72, 34.75, "ROAD", Map.of("2020103", 1));
        String incident = incident(lon, lat, new JsonArray().add(need("PUMPING", 500)), null);
        JsonObject before = eventually(() -> recommend(incident, ""),
                x -> x.getJsonArray("requirements").getJsonObject(0).getBoolean("covered"));
        long d1 = before.getJsonArray("requirements").getJsonObject(0).getJsonArray("candidates").getJsonObject(0)
                .getLong("distanceMeters");

        HttpResponse<Buffer> moved = m.send(HttpMethod.PATCH, "/api/v1/teams/" + only, new JsonObject()
                .put("position", point(113.92, 34.75).put("time", Instant.now().toString())), Map.of("Content-Type", "application/merge-patch+json"));
        assertThat(moved.statusCode()).as(moved.bodyAsString()).isEqualTo(200);
        JsonObject after = eventually(() -> recommend(incident, ""), x -> x.getJsonArray("requirements").getJsonObject(0)
                .getJsonArray("candidates").getJsonObject(0).getLong("distanceMeters") > d1 + 10_000);
        assertThat(after.getJsonArray("requirements").getJsonObject(0).getJsonArray("candidates").getJsonObject(0)
                .getLong("distanceMeters") / 1000.0).isCloseTo(km(113.92, 34.75, lon, lat), org.assertj.core.data.Offset.offset(0.01));

        HttpResponse<Buffer> d = m.post("/api/v1/incidents/" + incident + "/assignments", new JsonObject().put("teamIds", new JsonArray().add(only)));
        assertThat(d.statusCode()).as(d.bodyAsString()).isEqualTo(201);
        JsonObject committed = eventually(() -> recommend(incident, ""),
                x -> !x.getJsonArray("requirements").getJsonObject(0).getBoolean("covered"));
        JsonObject req = committed.getJsonArray("requirements").getJsonObject(0);
        assertThat(req.getJsonArray("candidates")).isEmpty();
        assertThat(req.getString("uncoveredReason")).isEqualTo("ALL_COMMITTED");
    }

    @Test
    void blockedAreasSlowOrRuleOutRoadTeamsButNotHelicopters() {
        double lon = 126.63;
        double lat = 45.75; // Harbin
        String road = team(126.63, 46.25, "ROAD", Map.of("2010102", 1));   // 55 km north
        String air = team(126.63, 46.75, "AIR", Map.of("2010102", 1));     // 111 km north
        JsonArray wall = new JsonArray().add(new JsonObject().put("id", "bridge-out").put("reason", "松花江大桥中断")
                .put("area", new JsonObject().put("type", "Polygon").put("coordinates", new JsonArray().add(new JsonArray()
                        .add(new JsonArray().add(126.0).add(46.0)).add(new JsonArray().add(127.3).add(46.0))
                        .add(new JsonArray().add(127.3).add(46.1)).add(new JsonArray().add(126.0).add(46.1))
                        .add(new JsonArray().add(126.0).add(46.0))))));
        JsonArray needs = new JsonArray().add(need("LIFE_DETECTION_RADAR", 1));
        String open = incident(lon, lat, needs, null);
        String cut = incident(lon, lat, needs, wall);

        JsonObject free = eventually(() -> recommend(open, ""), x -> x.getJsonArray("requirements").getJsonObject(0)
                .getJsonArray("candidates").size() == 2);
        JsonObject blocked = recommend(cut, "");
        Map<String, JsonObject> freeById = byId(free.getJsonArray("requirements").getJsonObject(0).getJsonArray("candidates"));
        Map<String, JsonObject> blockedById = byId(blocked.getJsonArray("requirements").getJsonObject(0).getJsonArray("candidates"));
        assertThat(freeById).containsKeys(road, air);
        assertThat(blockedById.get(air).getLong("etaSeconds")).isEqualTo(freeById.get(air).getLong("etaSeconds"));
        if (blockedById.containsKey(road)) {
            assertThat(blockedById.get(road).getLong("etaSeconds")).isGreaterThan(freeById.get(road).getLong("etaSeconds"));
            assertThat(blockedById.get(road).getString("note")).contains("bridge-out");
        }
    }

    private static Map<String, JsonObject> byId(JsonArray a) {
        Map<String, JsonObject> out = new java.util.HashMap<>();
        a.forEach(o -> out.put(((JsonObject) o).getString("teamId"), (JsonObject) o));
        return out;
    }

    @Test
    void requirementsCanBeOverriddenForOneQuestionWithoutChangingTheIncident() {
        String incident = incident(87.62, 43.82, new JsonArray().add(need("PUMPING", 100)), null);
        team(87.72, 43.82, "ROAD", Map.of("2010401", 2)); // two dogs, Urumqi
        JsonObject asked = eventually(() -> {
            HttpResponse<Buffer> r = m.post("/api/v1/incidents/" + incident + "/recommendations",
                    new JsonObject().put("requirements", new JsonArray().add(need("SEARCH_DOGS", 2))).put("limit", 3)
                            .put("maxDistanceKm", 100));
            assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
            return r.bodyAsJsonObject();
        }, x -> x.getJsonArray("requirements").getJsonObject(0).getBoolean("covered"));
        assertThat(asked.getJsonArray("requirements").getJsonObject(0).getString("capabilityCode")).isEqualTo("SEARCH_DOGS");
        assertThat(asked.getBoolean("requirementsOverridden")).isTrue();
        JsonObject incidentNow = m.get("/api/v1/incidents/" + incident).bodyAsJsonObject();
        assertThat(incidentNow.getJsonArray("requirements").getJsonObject(0).getString("capabilityCode")).isEqualTo("PUMPING");
    }

    @Test
    void badQuestionsGetProblems() {
        String incident = incident(87.62, 43.82, new JsonArray().add(need("PUMPING", 100)), null);
        HttpResponse<Buffer> r = m.get("/api/v1/incidents/" + incident + "/recommendations?limit=0");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.getHeader("Content-Type")).startsWith("application/problem+json");
        assertThat(r.bodyAsJsonObject().getString("field")).isEqualTo("limit");
        assertThat(m.get("/api/v1/incidents/" + incident + "/recommendations?maxDistanceKm=abc").statusCode()).isEqualTo(400);
        assertThat(m.get("/api/v1/incidents/nope/recommendations").statusCode()).isEqualTo(404);
        HttpResponse<Buffer> extra = m.post("/api/v1/incidents/" + incident + "/recommendations", new JsonObject().put("sortBy", "x"));
        assertThat(extra.statusCode()).isEqualTo(400);
        HttpResponse<Buffer> badCode = m.post("/api/v1/incidents/" + incident + "/recommendations",
                new JsonObject().put("requirements", new JsonArray().add(need("no such", 1))));
        assertThat(badCode.statusCode()).isEqualTo(400);
    }
}
