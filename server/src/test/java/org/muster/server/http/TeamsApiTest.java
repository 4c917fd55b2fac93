package org.muster.server.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.muster.protocol.v1.EquipmentType;
import org.muster.server.support.TestMember;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The teams resource against a real member: real Hazelcast, real PostgreSQL. */
class TeamsApiTest {
    private static TestMember member;
    private static EquipmentType someType;

    @BeforeAll
    static void start() {
        member = TestMember.single();
        someType = BuiltInCatalogue.equipmentTypes().get(0);
    }

    @AfterAll
    static void stop() {
        member.close();
    }

    static JsonObject team(String id) {
        JsonObject t = new JsonObject()
                .put("name", "泸定县应急救援大队 " + id)
                .put("tier", "GRASSROOTS")
                .put("regionCode", "513322")
                .put("transport", "OFF_ROAD")
                .put("staffing", 25)
                .put("home", point(102.234, 29.914));
        return id == null ? t : t.put("id", id);
    }

    static JsonObject point(double lon, double lat) {
        return new JsonObject().put("type", "Point").put("coordinates", new JsonArray().add(lon).add(lat));
    }

    static String uid() {
        return "T-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private long events() {
        return member.count("SELECT count(*) FROM events");
    }

    private long teams() {
        return member.count("SELECT count(*) FROM teams");
    }

    private static void assertProblem(HttpResponse<Buffer> r, int status, String code) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
        JsonObject p = r.bodyAsJsonObject();
        assertThat(p.getString("code")).isEqualTo(code);
        assertThat(p.getInteger("status")).isEqualTo(status);
        assertThat(p.getString("detail")).isNotBlank();
        assertThat(p.encode()).doesNotContain("Exception").doesNotContain("at org.");
    }

    @Test
    void createdTeamIsReturnedByGetWithItsVersionAsETag() {
        String id = uid();
        HttpResponse<Buffer> created = member.post("/api/v1/teams", team(id));
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        assertThat(created.getHeader("Location")).isEqualTo("/api/v1/teams/" + id);
        assertThat(created.getHeader("ETag")).isEqualTo("\"1\"");

        HttpResponse<Buffer> got = member.get("/api/v1/teams/" + id);
        assertThat(got.statusCode()).isEqualTo(200);
        JsonObject t = got.bodyAsJsonObject();
        assertThat(t.getString("name")).isEqualTo("泸定县应急救援大队 " + id);
        assertThat(t.getString("status")).isEqualTo("AVAILABLE");
        assertThat(t.getJsonObject("home").getJsonArray("coordinates").getDouble(0)).isEqualTo(102.234);
        assertThat(t.getJsonObject("capabilities").getJsonObject("PERSONNEL").getDouble("capacity")).isEqualTo(25.0);
        assertThat(t.getLong("version")).isEqualTo(1L);
    }

    @Test
    void serverMakesAnIdWhenNoneIsGiven() {
        HttpResponse<Buffer> created = member.post("/api/v1/teams", team(null));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.bodyAsJsonObject().getString("id")).startsWith("t_").hasSize(18);
    }

    @Test
    void derivesCapabilitiesFromEquipmentQuantityTimesCapacity() {
        String id = uid();
        var cap = someType.getCapabilities(0);
        JsonObject body = team(id).put("equipment", new JsonArray().add(new JsonObject()
                .put("typeCode", someType.getCode()).put("quantity", 3)));
        HttpResponse<Buffer> created = member.post("/api/v1/teams", body);
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        JsonObject caps = created.bodyAsJsonObject().getJsonObject("capabilities");
        assertThat(caps.getJsonObject(cap.getCode()).getDouble("capacity")).isEqualTo(3 * cap.getCapacity());
        assertThat(caps.getJsonObject(cap.getCode()).getString("unit")).isNotBlank();
    }

    @Test
    void malformedJsonIs400AndStoresNothing() {
        long before = events();
        HttpResponse<Buffer> r = member.post("/api/v1/teams", "{\"name\": \"broken\", ");
        assertProblem(r, 400, "MALFORMED_REQUEST");
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void unknownEnumValueIs400NamingTheField() {
        long before = teams();
        HttpResponse<Buffer> r = member.post("/api/v1/teams", team(uid()).put("tier", "HEROES"));
        assertProblem(r, 400, "VALIDATION_FAILED");
        assertThat(r.bodyAsJsonObject().getString("field")).isEqualTo("tier");
        assertThat(teams()).isEqualTo(before);
    }

    @Test
    void longitude200Is400AndStoresNothing() {
        String id = uid();
        long before = events();
        HttpResponse<Buffer> r = member.post("/api/v1/teams", team(id).put("home", point(200, 29.9)));
        assertProblem(r, 400, "VALIDATION_FAILED");
        assertThat(r.bodyAsJsonObject().getString("field")).isEqualTo("home.coordinates[0]");
        assertThat(events()).isEqualTo(before);
        assertThat(member.get("/api/v1/teams/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void missingRequiredFieldIs400() {
        JsonObject body = team(uid());
        body.remove("name");
        HttpResponse<Buffer> r = member.post("/api/v1/teams", body);
        assertProblem(r, 400, "VALIDATION_FAILED");
        assertThat(r.bodyAsJsonObject().getString("field")).isEqualTo("name");
    }

    @Test
    void unknownFieldIs400RatherThanIgnored() {
        HttpResponse<Buffer> r = member.post("/api/v1/teams", team(uid()).put("staff", 30));
        assertProblem(r, 400, "VALIDATION_FAILED");
        assertThat(r.bodyAsJsonObject().getString("field")).isEqualTo("staff");
    }

    @Test
    void unknownEquipmentTypeIs400() {
        JsonObject body = team(uid()).put("equipment", new JsonArray().add(new JsonObject()
                .put("typeCode", "2999999").put("quantity", 1)));
        HttpResponse<Buffer> r = member.post("/api/v1/teams", body);
        assertProblem(r, 400, "VALIDATION_FAILED");
        assertThat(r.bodyAsJsonObject().getString("field")).isEqualTo("equipment[0].typeCode");
    }

    @Test
    void wrongContentTypeIs415() {
        HttpResponse<Buffer> r = member.send(HttpMethod.POST, "/api/v1/teams", team(uid()).encode(),
                Map.of("Content-Type", "text/plain"));
        assertProblem(r, 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void secondPostOfTheSameIdIs409() {
        String id = uid();
        assertThat(member.post("/api/v1/teams", team(id)).statusCode()).isEqualTo(201);
        assertProblem(member.post("/api/v1/teams", team(id)), 409, "CONFLICT");
    }

    @Test
    void putCreatesThenReplacesAndIfMatchGuardsAgainstLostUpdates() {
        String id = uid();
        HttpResponse<Buffer> created = member.send(HttpMethod.PUT, "/api/v1/teams/" + id, team(id), Map.of());
        assertThat(created.statusCode()).isEqualTo(201);
        HttpResponse<Buffer> replaced = member.send(HttpMethod.PUT, "/api/v1/teams/" + id,
                team(id).put("staffing", 30), Map.of("If-Match", "\"1\""));
        assertThat(replaced.statusCode()).as(replaced.bodyAsString()).isEqualTo(200);
        assertThat(replaced.bodyAsJsonObject().getLong("version")).isEqualTo(2L);
        HttpResponse<Buffer> stale = member.send(HttpMethod.PUT, "/api/v1/teams/" + id,
                team(id).put("staffing", 31), Map.of("If-Match", "\"1\""));
        assertProblem(stale, 412, "PRECONDITION_FAILED");
        assertThat(member.get("/api/v1/teams/" + id).bodyAsJsonObject().getInteger("staffing")).isEqualTo(30);
    }

    @Test
    void patchMovesStatusOutsideDispatchButNotIntoIt() {
        String id = uid();
        member.post("/api/v1/teams", team(id));
        HttpResponse<Buffer> out = member.send(HttpMethod.PATCH, "/api/v1/teams/" + id,
                new JsonObject().put("status", "OUT_OF_SERVICE"), Map.of("Content-Type", "application/merge-patch+json"));
        assertThat(out.statusCode()).as(out.bodyAsString()).isEqualTo(200);
        assertThat(out.bodyAsJsonObject().getString("status")).isEqualTo("OUT_OF_SERVICE");
        HttpResponse<Buffer> dispatched = member.send(HttpMethod.PATCH, "/api/v1/teams/" + id,
                new JsonObject().put("status", "EN_ROUTE"), Map.of());
        assertProblem(dispatched, 409, "INVALID_TRANSITION");
    }

    @Test
    void patchThatChangesNothingKeepsTheVersion() {
        String id = uid();
        member.post("/api/v1/teams", team(id));
        long before = events();
        HttpResponse<Buffer> same = member.send(HttpMethod.PATCH, "/api/v1/teams/" + id,
                new JsonObject().put("staffing", 25), Map.of());
        assertThat(same.statusCode()).isEqualTo(200);
        assertThat(same.bodyAsJsonObject().getLong("version")).isEqualTo(1L);
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void deletedTeamIsGoneAndCanBeCreatedAgainWithAHigherVersion() {
        String id = uid();
        member.post("/api/v1/teams", team(id));
        assertThat(member.send(HttpMethod.DELETE, "/api/v1/teams/" + id, null, Map.of()).statusCode()).isEqualTo(204);
        assertProblem(member.get("/api/v1/teams/" + id), 404, "NOT_FOUND");
        HttpResponse<Buffer> again = member.post("/api/v1/teams", team(id));
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(again.bodyAsJsonObject().getLong("version")).isEqualTo(3L);
    }

    @Test
    void idempotentPostIsAnsweredOnceAndStoredOnce() {
        String id = uid();
        String key = UUID.randomUUID().toString();
        long before = events();
        HttpResponse<Buffer> first = member.send(HttpMethod.POST, "/api/v1/teams", team(id), Map.of("Idempotency-Key", key));
        HttpResponse<Buffer> retry = member.send(HttpMethod.POST, "/api/v1/teams", team(id), Map.of("Idempotency-Key", key));
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.bodyAsString()).isEqualTo(first.bodyAsString());
        assertThat(retry.getHeader("Idempotent-Replayed")).isEqualTo("true");
        assertThat(events()).isEqualTo(before + 1);

        HttpResponse<Buffer> other = member.send(HttpMethod.POST, "/api/v1/teams", team(uid()), Map.of("Idempotency-Key", key));
        assertProblem(other, 422, "IDEMPOTENCY_KEY_REUSED");
    }

    @Test
    void batchAppliesEachItemAloneAndARetryWithTheSameKeyChangesNothing() {
        String a = uid();
        String b = uid();
        member.post("/api/v1/teams", team(b));
        JsonArray batch = new JsonArray()
                .add(new JsonObject().put("op", "upsert").put("team", team(a)))
                .add(new JsonObject().put("op", "status").put("id", b).put("status", "OUT_OF_SERVICE"))
                .add(new JsonObject().put("op", "upsert").put("team", team(uid()).put("home", point(181, 0))))
                .add(new JsonObject().put("op", "status").put("id", "T-none").put("status", "AVAILABLE"))
                .add(new JsonObject().put("op", "patch").put("id", a).put("changes", new JsonObject().put("staffing", 12)));
        String key = UUID.randomUUID().toString();
        HttpResponse<Buffer> first = member.send(HttpMethod.POST, "/api/v1/teams:batch", batch, Map.of("Idempotency-Key", key));
        assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(200);
        JsonObject result = first.bodyAsJsonObject();
        JsonArray results = result.getJsonArray("results");
        assertThat(results.getJsonObject(0).getInteger("status")).isEqualTo(201);
        assertThat(results.getJsonObject(1).getInteger("status")).isEqualTo(200);
        assertThat(results.getJsonObject(2).getInteger("status")).isEqualTo(400);
        assertThat(results.getJsonObject(2).getString("field")).isEqualTo("home.coordinates[0]");
        assertThat(results.getJsonObject(3).getInteger("status")).isEqualTo(404);
        assertThat(results.getJsonObject(4).getInteger("status")).isEqualTo(200);
        assertThat(result.getInteger("succeeded")).isEqualTo(3);
        assertThat(result.getInteger("failed")).isEqualTo(2);
        assertThat(member.get("/api/v1/teams/" + a).bodyAsJsonObject().getInteger("staffing")).isEqualTo(12);
        assertThat(member.get("/api/v1/teams/" + b).bodyAsJsonObject().getString("status")).isEqualTo("OUT_OF_SERVICE");

        long eventsBefore = events();
        HttpResponse<Buffer> retry = member.send(HttpMethod.POST, "/api/v1/teams:batch", batch, Map.of("Idempotency-Key", key));
        assertThat(retry.bodyAsJsonObject()).isEqualTo(result);
        assertThat(events()).isEqualTo(eventsBefore);
        assertThat(member.get("/api/v1/teams/" + a).bodyAsJsonObject().getLong("version")).isEqualTo(2L);
    }

    @Test
    void listFiltersByRegionStatusCapabilityAndBbox() {
        String near = uid();
        String far = uid();
        member.post("/api/v1/teams", team(near));
        member.post("/api/v1/teams", team(far).put("regionCode", "410100").put("home", point(113.62, 34.75)));
        await(() -> listIds("/api/v1/teams?region=510000&limit=1000").contains(near));
        assertThat(listIds("/api/v1/teams?region=510000&limit=1000")).contains(near).doesNotContain(far);
        assertThat(listIds("/api/v1/teams?region=410000&limit=1000")).contains(far).doesNotContain(near);
        assertThat(listIds("/api/v1/teams?bbox=101.5,29.2,102.6,30.3&limit=1000")).contains(near).doesNotContain(far);
        assertThat(listIds("/api/v1/teams?capability=PERSONNEL:20&status=AVAILABLE&limit=1000")).contains(near, far);
        assertThat(listIds("/api/v1/teams?capability=PERSONNEL:26&limit=1000")).doesNotContain(near, far);
        assertProblem(member.get("/api/v1/teams?status=SLEEPING"), 400, "VALIDATION_FAILED");
        assertProblem(member.get("/api/v1/teams?bbox=1,2,3"), 400, "VALIDATION_FAILED");
    }

    @Test
    void pagesFollowIdOrderWithACursor() {
        for (int i = 0; i < 5; i++) {
            member.post("/api/v1/teams", team("P-" + i).put("regionCode", "650100"));
        }
        await(() -> listIds("/api/v1/teams?region=650100").size() == 5);
        JsonObject page1 = member.get("/api/v1/teams?region=650100&limit=2").bodyAsJsonObject();
        assertThat(page1.getJsonArray("items")).hasSize(2);
        String next = page1.getString("next");
        JsonObject page2 = member.get("/api/v1/teams?region=650100&limit=2&cursor=" + next).bodyAsJsonObject();
        assertThat(page2.getJsonArray("items").getJsonObject(0).getString("id")).isEqualTo("P-2");
    }

    @Test
    void unknownRouteAndWrongMethodAreProblems() {
        assertProblem(member.get("/api/v1/nothing-here"), 404, "NOT_FOUND");
        assertProblem(member.send(HttpMethod.DELETE, "/api/v1/teams", null, Map.of()), 405, "METHOD_NOT_ALLOWED");
    }

    private static java.util.List<String> listIds(String path) {
        HttpResponse<Buffer> r = member.get(path);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonObject().getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("id")).toList();
    }

    /** The list reads this member's replica, which follows a write within milliseconds. */
    static void await(java.util.function.BooleanSupplier condition) {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
