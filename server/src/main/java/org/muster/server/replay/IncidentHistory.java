package org.muster.server.replay;

import io.vertx.core.Future;
import org.muster.protocol.v1.Alert;
import org.muster.protocol.v1.Assignment;
import org.muster.protocol.v1.GeoPoint;
import org.muster.protocol.v1.Incident;
import org.muster.protocol.v1.Position;
import org.muster.protocol.v1.PositionSource;
import org.muster.protocol.v1.Snapshot;
import org.muster.protocol.v1.Team;
import org.muster.protocol.v1.TimelineEvent;
import org.muster.server.events.Rejection;
import org.muster.server.store.EventStore;
import org.muster.server.store.LocationHistory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An incident as it was at any moment: folded from the timeline (every event carries the state after it) and the
 * location history. The state at T is the incident, its assignments and the alerts open at T, and the teams that were
 * ever assigned to it with their status at T and their last position at or before T (within six hours).
 *
 * <p>Stateless apart from the stores; thread-safe.
 */
public final class IncidentHistory {
    /** A position older than this at T is not shown: the team was out of contact. */
    static final Duration POSITION_LOOKBACK = Duration.ofHours(6);
    private final EventStore store;
    private final LocationHistory history;

    public IncidentHistory(EventStore store, LocationHistory history) {
        this.store = store;
        this.history = history;
    }

    /** All events of the incident in order (a 24-hour incident has thousands, not millions). */
    public Future<List<TimelineEvent>> events(String incidentId) {
        return store.incidentTimeline(incidentId, Instant.EPOCH, Instant.parse("9999-12-31T00:00:00Z"), 0, 1_000_000);
    }

    /** The state at {@code atMs}, from events already read. */
    public Future<Snapshot> at(List<TimelineEvent> events, long atMs) {
        Folded f = fold(events, atMs);
        if (f.incident == null) {
            return Future.failedFuture(Rejection.invalid("at", "the incident was not yet reported at " + Instant.ofEpochMilli(atMs)));
        }
        List<String> teams = new ArrayList<>(involvedTeams(events));
        Instant at = Instant.ofEpochMilli(atMs);
        Future<List<TimelineEvent>> teamEvents = store.lastTeamEvents(teams, at);
        Future<List<LocationHistory.StoredFix>> fixes = history.latestAt(teams, at, POSITION_LOOKBACK);
        return Future.all(teamEvents, fixes).map(x -> {
            Map<String, Position> positions = new HashMap<>();
            for (LocationHistory.StoredFix fix : fixes.result()) {
                positions.put(fix.teamId(), position(fix));
            }
            Snapshot.Builder s = Snapshot.newBuilder().setServerTimeMs(atMs).addIncidents(f.incident)
                    .addAllAssignments(f.assignments.values());
            f.alerts.values().stream().filter(a -> a.getResolvedMs() == 0 || a.getResolvedMs() > atMs).forEach(s::addAlerts);
            for (TimelineEvent e : teamEvents.result()) {
                Team t = teamOf(e);
                if (t == null || t.getDeleted()) {
                    continue;
                }
                Position p = positions.get(t.getId());
                if (p != null && (!t.hasPosition() || p.getTimeMs() > t.getPosition().getTimeMs())) {
                    t = t.toBuilder().setPosition(p).build();
                } else if (t.hasPosition() && t.getPosition().getTimeMs() < atMs - POSITION_LOOKBACK.toMillis()) {
                    t = t.toBuilder().clearPosition().build();
                }
                s.addTeams(t);
            }
            return s.build();
        });
    }

    /** The teams that were ever assigned to the incident. */
    static Set<String> involvedTeams(List<TimelineEvent> events) {
        Set<String> out = new LinkedHashSet<>();
        for (TimelineEvent e : events) {
            if (e.hasTeamDispatched()) {
                out.add(e.getTeamDispatched().getAssignment().getTeamId());
            } else if (e.hasAssignmentStatusChanged()) {
                out.add(e.getAssignmentStatusChanged().getAssignment().getTeamId());
            }
        }
        return out;
    }

    /** What the incident's own events say at {@code atMs}. Notes count by the time they are about. */
    static Folded fold(List<TimelineEvent> events, long atMs) {
        Folded f = new Folded();
        for (TimelineEvent e : events) {
            long when = e.hasNoteAdded() && e.getNoteAdded().getAtMs() > 0 ? e.getNoteAdded().getAtMs() : e.getTimeMs();
            if (when > atMs) {
                continue;
            }
            switch (e.getPayloadCase()) {
                case INCIDENT_REPORTED -> f.incident = e.getIncidentReported().getIncident();
                case INCIDENT_UPDATED -> f.incident = e.getIncidentUpdated().getIncident();
                case INCIDENT_STATUS_CHANGED -> f.incident = e.getIncidentStatusChanged().getIncident();
                case TEAM_DISPATCHED -> f.assignments.put(e.getTeamDispatched().getAssignment().getId(), e.getTeamDispatched().getAssignment());
                case ASSIGNMENT_STATUS_CHANGED -> f.assignments.put(e.getAssignmentStatusChanged().getAssignment().getId(),
                        e.getAssignmentStatusChanged().getAssignment());
                case ALERT_RAISED -> f.alerts.put(e.getAlertRaised().getAlert().getId(), e.getAlertRaised().getAlert());
                case ALERT_ACKNOWLEDGED -> f.alerts.put(e.getAlertAcknowledged().getAlert().getId(), e.getAlertAcknowledged().getAlert());
                case ALERT_RESOLVED -> f.alerts.put(e.getAlertResolved().getAlert().getId(), e.getAlertResolved().getAlert());
                case NOTE_ADDED -> f.notes.add(e);
                default -> {
                    // other events do not change the incident's picture
                }
            }
        }
        return f;
    }

    static final class Folded {
        Incident incident;
        final Map<String, Assignment> assignments = new LinkedHashMap<>();
        final Map<String, Alert> alerts = new LinkedHashMap<>();
        final List<TimelineEvent> notes = new ArrayList<>();
    }

    static Team teamOf(TimelineEvent e) {
        return switch (e.getPayloadCase()) {
            case TEAM_REGISTERED -> e.getTeamRegistered().getTeam();
            case TEAM_UPDATED -> e.getTeamUpdated().getTeam();
            case TEAM_REMOVED -> e.getTeamRemoved().getTeam();
            case TEAM_STATUS_CHANGED -> e.getTeamStatusChanged().getTeam();
            case TEAM_DISPATCHED -> e.getTeamDispatched().getTeam();
            case ASSIGNMENT_STATUS_CHANGED -> e.getAssignmentStatusChanged().getTeam();
            default -> null;
        };
    }

    /** The stored fix as a live position (the same shape a device's fix takes on arrival). */
    static Position position(LocationHistory.StoredFix f) {
        PositionSource src = PositionSource.forNumber(f.source());
        return org.muster.server.ingest.PositionIngest.position(f.deviceId(), new org.muster.server.ingest.Fix(f.timeMs(),
                        f.lon(), f.lat(), f.accuracyM(), f.speedMps(), f.headingDeg(), f.altitudeM(), f.battery()),
                src == null ? PositionSource.POSITION_SOURCE_UNSPECIFIED : src, f.receivedMs());
    }
}
