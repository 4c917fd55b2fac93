package org.muster.server.http;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.muster.protocol.v1.BlockedArea;
import org.muster.protocol.v1.ErrorCode;
import org.muster.protocol.v1.GeoPoint;
import org.muster.protocol.v1.Incident;
import org.muster.protocol.v1.IncidentType;
import org.muster.protocol.v1.Severity;
import org.muster.protocol.v1.Team;
import org.muster.protocol.v1.TeamTier;
import org.muster.server.events.Rejection;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the readers of JSON request bodies: {@link TeamJson}, {@link IncidentJson}, {@link CatalogueJson},
 * {@link JsonReader} and {@link MergePatch}. A body is decoded as the server does ({@link DecodeException}: a 400);
 * a reader then gives a result or a {@link Rejection} (a 400 problem+json). Any other exception is a bug, and so is a
 * reader that changes its input or answers the same body differently twice. In a normal build (no
 * {@code JAZZER_FUZZ}) Jazzer replays the committed inputs under {@code JsonBodyFuzzTestInputs/}; with
 * {@code JAZZER_FUZZ=1} it searches for new ones.
 */
class JsonBodyFuzzTest {
    private static final long NOW_MS = 1_715_495_280_000L;
    private static final JsonObject TEAM = new JsonObject("""
            {"id":"SC-1","name":"四川 森林消防","tier":"LOCAL_PROFESSIONAL","regionCode":"510100","status":"AVAILABLE",
             "transport":"ROAD","staffing":12,"home":{"type":"Point","coordinates":[104.06,30.67]},
             "position":{"type":"Point","coordinates":[104.07,30.66],"time":"2024-05-12T06:27:00Z","accuracy":4.5},
             "equipment":[{"typeCode":"2030101","quantity":4}],"skills":["FOREST_FIREFIGHTING"]}""");
    private static final JsonObject INCIDENT = new JsonObject("""
            {"id":"inc-1","type":"FLOOD","severity":"II","title":"flood","regionCode":"510100",
             "location":{"type":"Point","coordinates":[104.06,30.67]},
             "area":{"type":"Polygon","coordinates":[[[104,30],[105,30],[105,31],[104,31],[104,30]]]},
             "requirements":[{"capabilityCode":"WATER_RESCUE","quantity":2,"arriveWithinS":3600}],
             "blockedAreas":[{"id":"b1","area":{"type":"Polygon","coordinates":[[[104,30],[104.1,30],[104.1,30.1],[104,30]]]}}]}""");

    @FuzzTest(maxDuration = "60s")
    void teamBodyIsReadOrRejected(byte[] bytes) {
        JsonObject body = body(bytes);
        if (body == null) {
            return;
        }
        Object outcome = readTwice(body, () -> TeamJson.read(body, NOW_MS));
        if (outcome instanceof Team t) {
            assertSaneTeam(t, body);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void incidentBodyIsReadOrRejected(byte[] bytes) {
        JsonObject body = body(bytes);
        if (body == null) {
            return;
        }
        Object outcome = readTwice(body, () -> IncidentJson.read(body));
        if (outcome instanceof Incident i) {
            assertSaneIncident(i);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void catalogueBodyIsReadOrRejected(byte[] bytes) {
        JsonObject body = body(bytes);
        if (body == null) {
            return;
        }
        readTwice(body, () -> CatalogueJson.capability(body));
        readTwice(body, () -> CatalogueJson.equipmentType(body));
        readTwice(body, () -> CatalogueJson.responsePlan(body));
    }

    /**
     * Every accessor of {@link JsonReader} on every member of the body (and on a missing one): a value or a
     * rejection, and an integer that is accepted is the number that was sent.
     */
    @FuzzTest(maxDuration = "60s")
    void everyJsonReaderAccessorReadsOrRejects(byte[] bytes) {
        JsonObject body = body(bytes);
        if (body == null) {
            return;
        }
        List<String> names = new ArrayList<>(body.fieldNames().stream().limit(16).toList());
        names.add("missing");
        for (String name : names) {
            JsonReader r = new JsonReader(body, "body");
            readTwice(body, () -> r.optString(name, 64));
            readTwice(body, () -> r.optMatching(name, TeamJson.ID_PATTERN, "an id"));
            readTwice(body, () -> r.optEnum(Severity.class, name));
            readTwice(body, () -> r.optDouble(name, -180, 180));
            readTwice(body, () -> r.optBoolean(name));
            readTwice(body, () -> r.optTime(name));
            readTwice(body, () -> r.optObject(name).map(JsonReader::raw));
            readTwice(body, () -> r.optArray(name, 8));
            readTwice(body, () -> r.strings(name, 8, 16));
            readTwice(body, () -> r.objects(name, 8, (o, i) -> o.raw()));
            readTwice(body, () -> GeoJson.point(r.object(name), java.util.Set.of()));
            readTwice(body, () -> GeoJson.polygon(r.object(name)));
            for (long[] range : new long[][]{{0, 100_000}, {1, 100_000}, {0, 30L * 86_400}, {-500, 500}}) {
                Object outcome = readTwice(body, () -> r.optLong(name, range[0], range[1]));
                if (outcome instanceof Optional<?> o && o.isPresent()) {
                    long l = (Long) o.get();
                    assertThat(l).isBetween(range[0], range[1]);
                    assertThat(new BigDecimal(body.getValue(name).toString()))
                            .as("the integer accepted for %s is the one sent", name).isEqualByComparingTo(BigDecimal.valueOf(l));
                }
            }
        }
    }

    /**
     * A PATCH body merged into a stored team and incident, as the endpoints do: the target is not changed, merging
     * twice is merging once (RFC 7396), and the merged body is read or rejected like any other.
     */
    @FuzzTest(maxDuration = "60s")
    void mergePatchedBodyIsReadOrRejected(byte[] bytes) {
        JsonObject patch = body(bytes);
        if (patch == null) {
            return;
        }
        JsonObject patchBefore = patch.copy();
        for (JsonObject target : List.of(TEAM, INCIDENT)) {
            JsonObject targetBefore = target.copy();
            JsonObject merged = MergePatch.apply(target, patch);
            assertThat(target).as("the target is not changed").isEqualTo(targetBefore);
            assertThat(patch).as("the patch is not changed").isEqualTo(patchBefore);
            assertThat(MergePatch.apply(merged, patch)).as("merging is idempotent").isEqualTo(merged);
            for (String key : patch.fieldNames()) {
                Object v = patch.getValue(key);
                if (v == null) {
                    assertThat(merged.containsKey(key)).as("null removes %s", key).isFalse();
                } else if (!(v instanceof JsonObject)) {
                    assertThat(merged.getValue(key)).isEqualTo(v);
                }
            }
        }
        Object team = readTwice(patch, () -> TeamJson.read(MergePatch.apply(TEAM, patch), NOW_MS));
        if (team instanceof Team t) {
            assertSaneTeam(t, MergePatch.apply(TEAM, patch));
        }
        Object incident = readTwice(patch, () -> IncidentJson.read(MergePatch.apply(INCIDENT, patch)));
        if (incident instanceof Incident i) {
            assertSaneIncident(i);
        }
    }

    /** The body as the server decodes it, or null when it is not a JSON object (a 400 before any reader runs). */
    private static JsonObject body(byte[] bytes) {
        try {
            return new JsonObject(Buffer.buffer(bytes));
        } catch (DecodeException e) {
            assertThat(e.getMessage()).isNotBlank();
            return null;
        }
    }

    /**
     * Runs a reader twice on the same body: the result (or the rejection) both times, and the body unchanged. Any
     * exception other than {@link Rejection} escapes and fails the test with its stack trace.
     */
    private static Object readTwice(JsonObject body, Supplier<?> read) {
        JsonObject before = body.copy();
        Object first = outcome(read);
        assertThat(body).as("a reader does not change its input").isEqualTo(before);
        Object second = outcome(read);
        if (first instanceof Rejection r) {
            assertThat(second).isInstanceOfSatisfying(Rejection.class, again -> {
                assertThat(again.getMessage()).isEqualTo(r.getMessage());
                assertThat(again.field()).isEqualTo(r.field());
            });
        } else {
            assertThat(second).as("reading is deterministic").isEqualTo(first);
        }
        return first;
    }

    private static Object outcome(Supplier<?> read) {
        try {
            return read.get();
        } catch (Rejection r) {
            assertThat(r.getMessage()).isNotBlank();
            assertThat(r.code()).isEqualTo(ErrorCode.ERROR_CODE_VALIDATION_FAILED);
            assertThat(r.getMessage()).startsWith(r.field() + ": ");
            return r;
        }
    }

    private static void assertSaneTeam(Team t, JsonObject body) {
        assertThat(t.getName()).isNotBlank().isEqualTo(t.getName().strip());
        assertThat(t.getTier()).isNotIn(TeamTier.TEAM_TIER_UNSPECIFIED, TeamTier.UNRECOGNIZED);
        assertThat(t.getRegionCode()).matches(TeamJson.REGION_PATTERN);
        assertSane(t.getHome());
        if (t.hasPosition()) {
            assertSane(t.getPosition().getPoint());
            assertThat(t.getPosition().getTimeMs()).isLessThanOrEqualTo(NOW_MS + 300_000);
        }
        assertThat(t.getStaffing()).isBetween(0, 100_000);
        if (body.getValue("staffing") instanceof Number n) {
            assertThat(new BigDecimal(n.toString())).as("the staffing accepted is the one sent")
                    .isEqualByComparingTo(BigDecimal.valueOf(t.getStaffing()));
        }
        t.getEquipmentList().forEach(e -> {
            assertThat(e.getTypeCode()).matches("\\d{7}");
            assertThat(e.getQuantity()).isBetween(1, 100_000);
        });
    }

    private static void assertSaneIncident(Incident i) {
        assertThat(i.getType()).isNotIn(IncidentType.INCIDENT_TYPE_UNSPECIFIED, IncidentType.UNRECOGNIZED);
        assertThat(i.getSeverity()).isNotIn(Severity.SEVERITY_UNSPECIFIED, Severity.UNRECOGNIZED);
        assertThat(i.getRegionCode()).matches(TeamJson.REGION_PATTERN);
        assertSane(i.getLocation());
        if (i.hasArea()) {
            i.getArea().getShell().getPointsList().forEach(JsonBodyFuzzTest::assertSane);
        }
        assertThat(i.getBlockedAreasList().stream().map(BlockedArea::getId).filter(Objects::nonNull).distinct().count())
                .isEqualTo(i.getBlockedAreasCount());
        i.getRequirementsList().forEach(q -> {
            assertThat(q.getCapabilityCode()).matches(CatalogueJson.CODE_PATTERN);
            assertThat(q.getQuantity()).isBetween(0.000001, 1e9);
            assertThat(q.getArriveWithinS()).isBetween(0, 30 * 86_400);
        });
    }

    private static void assertSane(GeoPoint p) {
        assertThat(p.getLat()).isBetween(-90.0, 90.0);
        assertThat(p.getLon()).isBetween(-180.0, 180.0);
    }
}
