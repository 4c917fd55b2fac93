package org.muster.server.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.muster.protocol.v1.BlockedArea;
import org.muster.protocol.v1.Incident;
import org.muster.protocol.v1.IncidentStatus;
import org.muster.protocol.v1.IncidentType;
import org.muster.protocol.v1.Severity;
import org.muster.server.events.Rejection;

import java.util.Set;

/** The JSON representation of an incident in the REST API (docs/openapi.yaml, schema Incident). */
final class IncidentJson {
    private static final Set<String> KNOWN = Set.of("id", "type", "severity", "title", "description", "location", "area",
            "status", "regionCode", "requirements", "requirementsOverridden", "blockedAreas", "reportedAt",
            "reportedBy", "updatedAt", "statusSince", "version");

    private IncidentJson() {
    }

    /**
     * An incident as sent with POST (or a merged PATCH). Requirements sent explicitly override the response plan's;
     * without them, or with {@code "requirementsOverridden": false}, the plan's apply.
     */
    static Incident read(JsonObject body) {
        JsonReader r = JsonReader.of(body).only(KNOWN);
        Incident.Builder b = Incident.newBuilder();
        r.optMatching("id", TeamJson.ID_PATTERN, "1 to 64 letters, digits or . _ : -").ifPresent(b::setId);
        b.setType(r.enumValue(IncidentType.class, "type"));
        b.setSeverity(r.enumValue(Severity.class, "severity"));
        r.optString("title", 200).map(String::strip).ifPresent(b::setTitle);
        r.optString("description", 10_000).ifPresent(b::setDescription);
        b.setLocation(GeoJson.point(r.object("location"), Set.of()));
        r.optObject("area").ifPresent(a -> b.setArea(GeoJson.polygon(a)));
        r.optEnum(IncidentStatus.class, "status").ifPresent(b::setStatus);
        b.setRegionCode(r.matching("regionCode", TeamJson.REGION_PATTERN, "a six-digit GB/T 2260 region code"));
        boolean overridden = r.optBoolean("requirementsOverridden").orElse(r.has("requirements"));
        if (overridden) {
            b.addAllRequirements(CatalogueJson.requirements(r, "requirements"));
            b.setRequirementsOverridden(true);
        }
        b.addAllBlockedAreas(r.objects("blockedAreas", 200, (a, i) -> {
            a.only(Set.of("id", "area", "reason", "since"));
            BlockedArea.Builder ba = BlockedArea.newBuilder()
                    .setId(a.optMatching("id", TeamJson.ID_PATTERN, "an id").orElse("b" + (i + 1)))
                    .setArea(GeoJson.polygon(a.object("area")));
            a.optString("reason", 500).ifPresent(ba::setReason);
            a.optTime("since").ifPresent(ba::setSinceMs);
            return ba.build();
        }));
        long ids = b.getBlockedAreasList().stream().map(BlockedArea::getId).distinct().count();
        if (ids != b.getBlockedAreasCount()) {
            throw Rejection.invalid("blockedAreas", "ids must be unique within the incident");
        }
        r.optTime("reportedAt").ifPresent(b::setReportedMs);
        return b.build();
    }

    static JsonObject write(Incident i) {
        JsonArray blocked = new JsonArray();
        i.getBlockedAreasList().forEach(a -> blocked.add(new JsonObject()
                .put("id", a.getId())
                .put("area", GeoJson.polygon(a.getArea()))
                .put("reason", a.getReason().isEmpty() ? null : a.getReason())
                .put("since", TeamJson.time(a.getSinceMs()))));
        return new JsonObject()
                .put("id", i.getId())
                .put("type", Enums.name(i.getType()))
                .put("severity", Enums.name(i.getSeverity()))
                .put("title", i.getTitle())
                .put("description", i.getDescription().isEmpty() ? null : i.getDescription())
                .put("location", GeoJson.point(i.getLocation()))
                .put("area", i.hasArea() ? GeoJson.polygon(i.getArea()) : null)
                .put("status", Enums.name(i.getStatus()))
                .put("statusSince", TeamJson.time(i.getStatusSinceMs()))
                .put("regionCode", i.getRegionCode())
                .put("requirements", CatalogueJson.requirements(i.getRequirementsList()))
                .put("requirementsOverridden", i.getRequirementsOverridden())
                .put("blockedAreas", blocked)
                .put("reportedAt", TeamJson.time(i.getReportedMs()))
                .put("reportedBy", i.getReportedBy())
                .put("updatedAt", TeamJson.time(i.getUpdatedMs()))
                .put("version", i.getVersion());
    }
}
