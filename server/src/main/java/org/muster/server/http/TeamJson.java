package org.muster.server.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.muster.protocol.v1.EquipmentItem;
import org.muster.protocol.v1.Position;
import org.muster.protocol.v1.PositionSource;
import org.muster.protocol.v1.Team;
import org.muster.protocol.v1.TeamStatus;
import org.muster.protocol.v1.TeamTier;
import org.muster.protocol.v1.Transport;
import org.muster.server.events.Rejection;

import java.time.Instant;
import java.util.Set;

/** The JSON representation of a team in the REST API (docs/openapi.yaml, schema Team). */
final class TeamJson {
    static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._:-]{0,63}";
    static final String REGION_PATTERN = "\\d{6}";
    /** Fields the server derives or owns: accepted in a body (so GET, edit, PUT works) and ignored. */
    private static final Set<String> READ_ONLY = Set.of("capabilities", "version", "updatedAt", "statusSince",
            "incidentId", "assignmentId");
    private static final Set<String> KNOWN = Set.of("id", "name", "tier", "regionCode", "status", "transport",
            "staffing", "home", "position", "equipment", "skills", "organisation", "contact",
            "capabilities", "version", "updatedAt", "statusSince", "incidentId", "assignmentId");
    private static final Set<String> POSITION_MEMBERS = Set.of("time", "accuracy", "speed", "heading", "altitude",
            "source", "deviceId", "receivedAt");

    private TeamJson() {
    }

    /** A complete team as sent with POST or PUT (or a merged PATCH). Shapes and ranges only; rules are the commands'. */
    static Team read(JsonObject body, long nowMs) {
        JsonReader r = JsonReader.of(body).only(KNOWN);
        Team.Builder b = Team.newBuilder();
        r.optMatching("id", ID_PATTERN, "1 to 64 letters, digits or . _ : - (starting with a letter or digit)").ifPresent(b::setId);
        b.setName(nonBlank(r, "name", 200));
        b.setTier(r.enumValue(TeamTier.class, "tier"));
        b.setRegionCode(r.matching("regionCode", REGION_PATTERN, "a six-digit GB/T 2260 region code"));
        r.optEnum(TeamStatus.class, "status").ifPresent(b::setStatus);
        b.setTransport(r.optEnum(Transport.class, "transport").orElse(Transport.TRANSPORT_ROAD));
        r.optLong("staffing", 0, 100_000).ifPresent(s -> b.setStaffing(s.intValue()));
        b.setHome(GeoJson.point(r.object("home"), Set.of()));
        r.optObject("position").ifPresent(p -> b.setPosition(position(p, nowMs)));
        b.addAllEquipment(r.objects("equipment", 500, (e, i) -> {
            e.only(Set.of("typeCode", "quantity", "name"));
            return EquipmentItem.newBuilder()
                    .setTypeCode(e.matching("typeCode", "\\d{7}", "a seven-digit equipment type code"))
                    .setQuantity(e.integer("quantity", 1, 100_000))
                    .build();
        }));
        b.addAllSkills(r.strings("skills", 100, 64));
        r.optString("organisation", 200).ifPresent(b::setOrganisation);
        r.optString("contact", 200).ifPresent(b::setContact);
        return b.build();
    }

    private static String nonBlank(JsonReader r, String name, int max) {
        String s = r.string(name, max);
        if (s.isBlank()) {
            throw Rejection.invalid(r.field(name), "must not be blank");
        }
        return s.strip();
    }

    /** A position typed in or pushed by a regional centre: a GeoJSON Point with the fix's time. */
    static Position position(JsonReader p, long nowMs) {
        Position.Builder b = Position.newBuilder().setPoint(GeoJson.point(p, POSITION_MEMBERS));
        long time = p.optTime("time").orElseThrow(() -> Rejection.invalid(p.field("time"), "is required: when the fix was taken"));
        if (time > nowMs + 300_000) {
            throw Rejection.invalid(p.field("time"), "lies more than five minutes in the future");
        }
        b.setTimeMs(time);
        p.optDouble("accuracy", 0, 100_000).ifPresent(a -> b.setAccuracyM(a.floatValue()));
        p.optDouble("speed", 0, 400).ifPresent(s -> b.setSpeedMps(s.floatValue()));
        p.optDouble("heading", 0, 360).ifPresent(h -> b.setHeadingDeg(h.floatValue()));
        p.optDouble("altitude", -500, 10_000).ifPresent(a -> b.setAltitudeM(a.floatValue()));
        b.setSource(PositionSource.POSITION_SOURCE_MANUAL).setReceivedMs(nowMs);
        return b.build();
    }

    static JsonObject write(Team t) {
        JsonObject o = new JsonObject()
                .put("id", t.getId())
                .put("name", t.getName())
                .put("tier", Enums.name(t.getTier()))
                .put("regionCode", t.getRegionCode())
                .put("status", Enums.name(t.getStatus()))
                .put("statusSince", time(t.getStatusSinceMs()))
                .put("transport", Enums.name(t.getTransport()))
                .put("staffing", t.getStaffing())
                .put("home", GeoJson.point(t.getHome()))
                .put("position", t.hasPosition() ? position(t.getPosition()) : null);
        JsonArray equipment = new JsonArray();
        t.getEquipmentList().forEach(e -> equipment.add(new JsonObject().put("typeCode", e.getTypeCode()).put("quantity", e.getQuantity())));
        o.put("equipment", equipment);
        o.put("skills", new JsonArray(t.getSkillsList()));
        JsonObject caps = new JsonObject();
        t.getCapabilitiesList().forEach(c -> caps.put(c.getCode(), new JsonObject().put("capacity", c.getCapacity()).put("unit", c.getUnit())));
        o.put("capabilities", caps);
        o.put("organisation", t.getOrganisation().isEmpty() ? null : t.getOrganisation());
        o.put("contact", t.getContact().isEmpty() ? null : t.getContact());
        o.put("incidentId", t.getIncidentId().isEmpty() ? null : t.getIncidentId());
        o.put("assignmentId", t.getAssignmentId().isEmpty() ? null : t.getAssignmentId());
        o.put("version", t.getVersion());
        o.put("updatedAt", time(t.getUpdatedMs()));
        return o;
    }

    static JsonObject position(Position p) {
        JsonObject o = GeoJson.point(p.getPoint()).put("time", time(p.getTimeMs()));
        if (p.hasAccuracyM()) {
            o.put("accuracy", (double) p.getAccuracyM());
        }
        if (p.hasSpeedMps()) {
            o.put("speed", (double) p.getSpeedMps());
        }
        if (p.hasHeadingDeg()) {
            o.put("heading", (double) p.getHeadingDeg());
        }
        if (p.hasAltitudeM()) {
            o.put("altitude", (double) p.getAltitudeM());
        }
        o.put("source", Enums.name(p.getSource()));
        if (!p.getDeviceId().isEmpty()) {
            o.put("deviceId", p.getDeviceId());
        }
        if (p.getReceivedMs() > 0) {
            o.put("receivedAt", time(p.getReceivedMs()));
        }
        return o;
    }

    static String time(long ms) {
        return ms == 0 ? null : Instant.ofEpochMilli(ms).toString();
    }
}
