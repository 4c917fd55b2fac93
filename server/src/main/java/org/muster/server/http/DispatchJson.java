package org.muster.server.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.muster.protocol.v1.Alert;
import org.muster.protocol.v1.Assignment;
import org.muster.protocol.v1.TimelineEvent;

/** JSON of assignments, alerts and timeline events. */
final class DispatchJson {
    private DispatchJson() {
    }

    static JsonObject write(Assignment a) {
        return new JsonObject()
                .put("id", a.getId())
                .put("incidentId", a.getIncidentId())
                .put("teamId", a.getTeamId())
                .put("status", Enums.name(a.getStatus()))
                .put("statusSince", TeamJson.time(a.getStatusSinceMs()))
                .put("dispatchedAt", TeamJson.time(a.getDispatchedMs()))
                .put("dispatchedBy", a.getDispatchedBy())
                .put("mutualAid", a.getMutualAid())
                .put("teamRegionCode", a.getTeamRegionCode())
                .put("incidentRegionCode", a.getIncidentRegionCode())
                .put("reassignedTo", a.getReassignedTo().isEmpty() ? null : a.getReassignedTo())
                .put("version", a.getVersion())
                .put("updatedAt", TeamJson.time(a.getUpdatedMs()));
    }

    static JsonObject write(Alert a) {
        return new JsonObject()
                .put("id", a.getId())
                .put("kind", Enums.name(a.getKind()))
                .put("teamId", a.getTeamId())
                .put("incidentId", a.getIncidentId())
                .put("assignmentId", a.getAssignmentId())
                .put("regionCode", a.getRegionCode())
                .put("message", a.getMessage())
                .put("raisedAt", TeamJson.time(a.getRaisedMs()))
                .put("acknowledgedAt", TeamJson.time(a.getAcknowledgedMs()))
                .put("acknowledgedBy", a.getAcknowledgedBy().isEmpty() ? null : a.getAcknowledgedBy())
                .put("resolvedAt", TeamJson.time(a.getResolvedMs()))
                .put("version", a.getVersion());
    }

    /** An event of the timeline: its envelope, its type (the payload's name) and what it carries. */
    static JsonObject write(TimelineEvent e) {
        JsonObject data = new JsonObject();
        switch (e.getPayloadCase()) {
            case TEAM_REGISTERED -> data.put("team", TeamJson.write(e.getTeamRegistered().getTeam()));
            case TEAM_UPDATED -> data.put("team", TeamJson.write(e.getTeamUpdated().getTeam()))
                    .put("changed", new JsonArray(e.getTeamUpdated().getChangedList()));
            case TEAM_REMOVED -> data.put("team", TeamJson.write(e.getTeamRemoved().getTeam()));
            case TEAM_STATUS_CHANGED -> data.put("team", TeamJson.write(e.getTeamStatusChanged().getTeam()))
                    .put("previous", Enums.name(e.getTeamStatusChanged().getPrevious()));
            case INCIDENT_REPORTED -> data.put("incident", IncidentJson.write(e.getIncidentReported().getIncident()));
            case INCIDENT_UPDATED -> data.put("incident", IncidentJson.write(e.getIncidentUpdated().getIncident()))
                    .put("changed", new JsonArray(e.getIncidentUpdated().getChangedList()));
            case INCIDENT_STATUS_CHANGED -> data.put("incident", IncidentJson.write(e.getIncidentStatusChanged().getIncident()))
                    .put("previous", Enums.name(e.getIncidentStatusChanged().getPrevious()));
            case TEAM_DISPATCHED -> data.put("assignment", write(e.getTeamDispatched().getAssignment()))
                    .put("team", TeamJson.write(e.getTeamDispatched().getTeam()))
                    .put("note", blankToNull(e.getTeamDispatched().getNote()));
            case ASSIGNMENT_STATUS_CHANGED -> data.put("assignment", write(e.getAssignmentStatusChanged().getAssignment()))
                    .put("previous", Enums.name(e.getAssignmentStatusChanged().getPrevious()))
                    .put("team", TeamJson.write(e.getAssignmentStatusChanged().getTeam()))
                    .put("note", blankToNull(e.getAssignmentStatusChanged().getNote()));
            case ALERT_RAISED -> data.put("alert", write(e.getAlertRaised().getAlert()));
            case ALERT_ACKNOWLEDGED -> data.put("alert", write(e.getAlertAcknowledged().getAlert()));
            case ALERT_RESOLVED -> data.put("alert", write(e.getAlertResolved().getAlert()));
            case NOTE_ADDED -> {
                var n = e.getNoteAdded();
                data.put("noteId", n.getNoteId()).put("text", n.getText()).put("at", TeamJson.time(n.getAtMs()))
                        .put("location", n.hasLocation() ? GeoJson.point(n.getLocation()) : null)
                        .put("replayId", blankToNull(n.getReplayId())).put("judgment", n.getJudgment());
            }
            default -> {
                // catalogue and device events carry no incident; they do not appear in incident timelines
            }
        }
        return new JsonObject()
                .put("seq", e.getSeq())
                .put("id", e.getId())
                .put("time", TeamJson.time(e.getTimeMs()))
                .put("type", typeName(e))
                .put("actor", new JsonObject().put("subject", e.getActor().getSubject()).put("role", e.getActor().getRole())
                        .put("origin", e.getActor().getOrigin()))
                .put("incidentId", blankToNull(e.getIncidentId()))
                .put("teamId", blankToNull(e.getTeamId()))
                .put("data", data);
    }

    /** TEAM_DISPATCHED -> "TeamDispatched", the message's name. */
    static String typeName(TimelineEvent e) {
        var f = TimelineEvent.getDescriptor().findFieldByNumber(e.getPayloadCase().getNumber());
        return f == null ? "Unknown" : f.getMessageType().getName();
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
