package org.muster.server.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.muster.protocol.v1.Alert;
import org.muster.protocol.v1.Assignment;
import org.muster.protocol.v1.Incident;
import org.muster.protocol.v1.Snapshot;
import org.muster.protocol.v1.Team;
import org.muster.server.live.LivePicture;

/**
 * The incident at a time as an Emergency Incident Data Object (NENA-STA-024, EIDO) in its JSON form: one incident
 * component, its location, one emergency resource component per team with its status and position at that time,
 * and the alerts open then as notes. Components refer to each other by {@code $id}.
 *
 * <p>The official EIDO JSON schema could not be fetched on the machines this was built on (no internet beyond Maven
 * Central); the document follows our reading of the standard's component model and is checked by a test against the
 * invariants we rely on. See docs/protocol.md.
 */
final class Eido {
    static final String VERSION = "NENA-STA-024.1a-2023";

    private Eido() {
    }

    static JsonObject write(Snapshot s, long atMs, LivePicture live) {
        Incident i = s.getIncidents(0);
        String at = TeamJson.time(atMs);
        String base = "urn:muster:eido:" + i.getId() + ":" + atMs;
        String locationId = base + ":location";
        JsonArray resources = new JsonArray();
        JsonArray locations = new JsonArray().add(new JsonObject()
                .put("$id", locationId)
                .put("componentIdentifier", locationId)
                .put("lastUpdateTimeStamp", TeamJson.time(i.getUpdatedMs()))
                .put("locationByValue", GeoJson.point(i.getLocation()))
                .put("locationArea", i.hasArea() ? GeoJson.polygon(i.getArea()) : null)
                .put("locationRegionCode", i.getRegionCode()));
        for (Team t : s.getTeamsList()) {
            String resId = base + ":resource:" + t.getId();
            String resLocation = null;
            if (t.hasPosition()) {
                resLocation = resId + ":location";
                locations.add(new JsonObject()
                        .put("$id", resLocation)
                        .put("componentIdentifier", resLocation)
                        .put("lastUpdateTimeStamp", TeamJson.time(t.getPosition().getTimeMs()))
                        .put("locationByValue", GeoJson.point(t.getPosition().getPoint())));
            }
            Assignment a = s.getAssignmentsList().stream().filter(x -> x.getTeamId().equals(t.getId())).findFirst().orElse(null);
            resources.add(new JsonObject()
                    .put("$id", resId)
                    .put("componentIdentifier", resId)
                    .put("resourceIdentifier", t.getId())
                    .put("resourceName", t.getName())
                    .put("resourceTypeText", Enums.name(t.getTier()))
                    .put("resourceStatusText", Enums.name(t.getStatus()))
                    .put("assignmentStatusText", a == null ? null : Enums.name(a.getStatus()))
                    .put("personnelCount", t.getStaffing())
                    .put("agencyText", t.getOrganisation().isEmpty() ? null : t.getOrganisation())
                    .put("locationReference", resLocation == null ? null : new JsonObject().put("$ref", resLocation)));
        }
        JsonArray notes = new JsonArray();
        for (Alert al : s.getAlertsList()) {
            notes.add(new JsonObject()
                    .put("$id", base + ":note:" + al.getId())
                    .put("noteDateTimeStamp", TeamJson.time(al.getRaisedMs()))
                    .put("noteText", al.getMessage())
                    .put("noteTypeText", "ALERT"));
        }
        JsonObject incident = new JsonObject()
                .put("$id", base + ":incident")
                .put("componentIdentifier", base + ":incident")
                .put("incidentTrackingIdentifier", i.getId())
                .put("lastUpdateTimeStamp", TeamJson.time(i.getUpdatedMs()))
                .put("incidentCreationTimeStamp", TeamJson.time(i.getReportedMs()))
                .put("incidentTypeCommonRegistryText", new JsonArray().add(Enums.name(i.getType())))
                .put("incidentStatusCommonRegistryText", new JsonArray().add(Enums.name(i.getStatus())))
                .put("incidentPriorityText", Enums.name(i.getSeverity()))
                .put("incidentTitle", i.getTitle())
                .put("incidentDescriptionText", i.getDescription().isEmpty() ? null : i.getDescription())
                .put("locationReference", new JsonObject().put("$ref", locationId))
                .put("emergencyResourceReference", new JsonArray(resources.stream()
                        .map(r -> new JsonObject().put("$ref", ((JsonObject) r).getString("$id"))).toList()));
        return new JsonObject()
                .put("$id", base)
                .put("eidoMessageIdentifier", base)
                .put("eidoVersion", VERSION)
                .put("lastUpdateTimeStamp", at)
                .put("sendingSystemText", "Muster")
                .put("incidentComponent", new JsonArray().add(incident))
                .put("locationComponent", locations)
                .put("emergencyResourceComponent", resources)
                .put("notesComponent", notes);
    }
}
