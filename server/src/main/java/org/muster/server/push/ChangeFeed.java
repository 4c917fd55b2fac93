package org.muster.server.push;

import org.muster.protocol.v1.Alert;
import org.muster.protocol.v1.Assignment;
import org.muster.protocol.v1.Delta;
import org.muster.protocol.v1.GeoPoint;
import org.muster.protocol.v1.Incident;
import org.muster.protocol.v1.Team;
import org.muster.protocol.v1.TeamMoved;
import org.muster.server.live.LivePicture;

import java.time.Clock;

/**
 * Turns changes of the live picture into {@link Change}s for consoles and hands them to every hub of this member.
 * Every member's replica sees every change of the cluster, so a change accepted by any member reaches the consoles
 * on all of them, in the map's order per entity. Runs on the live picture's context.
 */
public final class ChangeFeed {
    private static final String[] NONE = new String[0];
    private final LivePicture live;
    private final ConsoleHubs hubs;
    private final Clock clock;

    public ChangeFeed(LivePicture live, ConsoleHubs hubs, Clock clock) {
        this.live = live;
        this.hubs = hubs;
        this.clock = clock;
    }

    /** Registers with the live picture; call before it is deployed. */
    public void attach() {
        live.observeTeams((key, now, before) -> hubs.publish(now == null ? teamRemoved(key, before)
                : team(live.withPosition(now), before == null ? null : live.withPosition(before))));
        live.observePositions((teamId, now, before) -> {
            if (now != null) {
                live.localTeam(teamId).ifPresent(t -> hubs.publish(moved(t, now)));
            }
        });
        live.observeIncidents((key, now, before) -> {
            if (now != null) {
                hubs.publish(incident(now));
            }
        });
        live.observeAssignments((key, now, before) -> {
            if (now != null) {
                hubs.publish(assignment(now, live.localIncident(now.getIncidentId()).orElse(null)));
            }
        });
        live.observeAlerts((key, now, before) -> {
            if (now != null) {
                hubs.publish(alert(now, live.localIncident(now.getIncidentId()).orElse(null)));
            }
        });
    }

    /** A team change: a pure move when only its position changed, the whole team otherwise. */
    Change team(Team t, Team before) {
        GeoPoint p = t.hasPosition() ? t.getPosition().getPoint() : t.getHome();
        String[] incidents = t.getIncidentId().isEmpty() ? NONE : new String[] {t.getIncidentId()};
        if (before != null && t.hasPosition() && onlyPositionChanged(before, t)) {
            byte[] enc = Change.encodeChange(Delta.newBuilder().setTeamMoved(TeamMoved.newBuilder()
                    .setTeamId(t.getId()).setPosition(t.getPosition())).build());
            return new Change("team:" + t.getId(), t.getRegionCode(), p.getLon(), p.getLat(), incidents, clock.millis(), true, enc);
        }
        byte[] enc = Change.encodeChange(Delta.newBuilder().setTeam(t).build());
        return new Change("team:" + t.getId(), t.getRegionCode(), p.getLon(), p.getLat(), incidents, clock.millis(), false, enc);
    }

    /** A team position from a device (the positions map), as a move. */
    Change moved(Team t, org.muster.protocol.v1.Position position) {
        String[] incidents = t.getIncidentId().isEmpty() ? NONE : new String[] {t.getIncidentId()};
        byte[] enc = Change.encodeChange(Delta.newBuilder().setTeamMoved(TeamMoved.newBuilder()
                .setTeamId(t.getId()).setPosition(position)).build());
        return new Change("team:" + t.getId(), t.getRegionCode(), position.getPoint().getLon(), position.getPoint().getLat(),
                incidents, clock.millis(), true, enc);
    }

    Change teamRemoved(String id, Team last) {
        byte[] enc = Change.encodeChange(Delta.newBuilder().setTeamRemoved(id).build());
        GeoPoint p = last == null ? null : last.hasPosition() ? last.getPosition().getPoint() : last.getHome();
        return new Change("team:" + id, last == null ? null : last.getRegionCode(), p == null ? Double.NaN : p.getLon(),
                p == null ? Double.NaN : p.getLat(), NONE, clock.millis(), false, enc);
    }

    Change incident(Incident i) {
        byte[] enc = Change.encodeChange(Delta.newBuilder().setIncident(i).build());
        return new Change("incident:" + i.getId(), i.getRegionCode(), i.getLocation().getLon(), i.getLocation().getLat(),
                new String[] {i.getId()}, clock.millis(), false, enc);
    }

    Change assignment(Assignment a, Incident incident) {
        byte[] enc = Change.encodeChange(Delta.newBuilder().setAssignment(a).build());
        return new Change("assignment:" + a.getId(), a.getIncidentRegionCode(),
                incident == null ? Double.NaN : incident.getLocation().getLon(),
                incident == null ? Double.NaN : incident.getLocation().getLat(),
                new String[] {a.getIncidentId()}, clock.millis(), false, enc);
    }

    Change alert(Alert a, Incident incident) {
        byte[] enc = Change.encodeChange(Delta.newBuilder().setAlert(a).build());
        return new Change("alert:" + a.getId(), a.getRegionCode(),
                incident == null ? Double.NaN : incident.getLocation().getLon(),
                incident == null ? Double.NaN : incident.getLocation().getLat(),
                new String[] {a.getIncidentId()}, clock.millis(), false, enc);
    }

    private static boolean onlyPositionChanged(Team before, Team after) {
        Team a = before.toBuilder().clearPosition().clearVersion().clearUpdatedMs().build();
        Team b = after.toBuilder().clearPosition().clearVersion().clearUpdatedMs().build();
        return a.equals(b);
    }
}
