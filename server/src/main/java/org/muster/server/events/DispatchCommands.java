package org.muster.server.events;

import io.vertx.core.Future;
import org.muster.protocol.v1.Actor;
import org.muster.protocol.v1.Assignment;
import org.muster.protocol.v1.AssignmentStatus;
import org.muster.protocol.v1.AssignmentStatusChanged;
import org.muster.protocol.v1.ErrorCode;
import org.muster.protocol.v1.Incident;
import org.muster.protocol.v1.IncidentStatus;
import org.muster.protocol.v1.IncidentStatusChanged;
import org.muster.protocol.v1.Team;
import org.muster.protocol.v1.TeamDispatched;
import org.muster.protocol.v1.TeamStatus;
import org.muster.server.store.StoreTransaction;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * Dispatch: sending teams to an incident, moving an assignment through its statuses, and reassigning a team to
 * another incident. Runs inside the caller's store transaction: the incident and every team are locked (teams in id
 * order, so that two dispatches of overlapping teams cannot deadlock), a team must be AVAILABLE in the store, and a
 * dispatch of several teams is all or nothing. The team's status follows its assignment.
 */
public final class DispatchCommands {
    /** Statuses in which an assignment holds its team. */
    public static final Set<AssignmentStatus> ACTIVE = EnumSet.of(AssignmentStatus.ASSIGNMENT_STATUS_DISPATCHED,
            AssignmentStatus.ASSIGNMENT_STATUS_EN_ROUTE, AssignmentStatus.ASSIGNMENT_STATUS_ON_SCENE,
            AssignmentStatus.ASSIGNMENT_STATUS_RETURNING);

    /** The assignment state machine; every status not listed as a source is final. */
    static final Map<AssignmentStatus, Set<AssignmentStatus>> NEXT = Map.of(
            AssignmentStatus.ASSIGNMENT_STATUS_DISPATCHED, EnumSet.of(AssignmentStatus.ASSIGNMENT_STATUS_EN_ROUTE,
                    AssignmentStatus.ASSIGNMENT_STATUS_CANCELLED, AssignmentStatus.ASSIGNMENT_STATUS_RELEASED),
            AssignmentStatus.ASSIGNMENT_STATUS_EN_ROUTE, EnumSet.of(AssignmentStatus.ASSIGNMENT_STATUS_ON_SCENE,
                    AssignmentStatus.ASSIGNMENT_STATUS_RETURNING, AssignmentStatus.ASSIGNMENT_STATUS_CANCELLED,
                    AssignmentStatus.ASSIGNMENT_STATUS_RELEASED),
            AssignmentStatus.ASSIGNMENT_STATUS_ON_SCENE, EnumSet.of(AssignmentStatus.ASSIGNMENT_STATUS_RETURNING,
                    AssignmentStatus.ASSIGNMENT_STATUS_RELEASED),
            AssignmentStatus.ASSIGNMENT_STATUS_RETURNING, EnumSet.of(AssignmentStatus.ASSIGNMENT_STATUS_RELEASED));

    private final Clock clock;

    public DispatchCommands(Clock clock) {
        this.clock = clock;
    }

    /** What a dispatch made. */
    public record Dispatched(Incident incident, List<Assignment> assignments) {
    }

    /** What a move made: the assignment and its team after it. */
    public record Moved(Assignment assignment, Team team) {
    }

    /** The team status that goes with an assignment status (AVAILABLE once it has ended). */
    public static TeamStatus teamStatus(AssignmentStatus s) {
        return switch (s) {
            case ASSIGNMENT_STATUS_DISPATCHED -> TeamStatus.TEAM_STATUS_DISPATCHED;
            case ASSIGNMENT_STATUS_EN_ROUTE -> TeamStatus.TEAM_STATUS_EN_ROUTE;
            case ASSIGNMENT_STATUS_ON_SCENE -> TeamStatus.TEAM_STATUS_ON_SCENE;
            case ASSIGNMENT_STATUS_RETURNING -> TeamStatus.TEAM_STATUS_RETURNING;
            default -> TeamStatus.TEAM_STATUS_AVAILABLE;
        };
    }

    /**
     * Dispatches teams to an incident: all of them, or none. A team that is not AVAILABLE fails the whole request
     * with TEAM_NOT_AVAILABLE naming the team, its status and where it is committed.
     */
    public Future<Dispatched> dispatch(StoreTransaction tx, Actor actor, String incidentId, List<String> teamIds, String note) {
        long now = clock.millis();
        return tx.incident(incidentId, true).compose(stored -> {
            Incident incident = stored.value().orElseThrow(() -> Rejection.notFound("incident", incidentId));
            Authority.checkRegion(actor, incident.getRegionCode(), "incident " + incidentId);
            if (incident.getStatus() == IncidentStatus.INCIDENT_STATUS_CLOSED) {
                throw Rejection.conflict("incident " + incidentId + " is closed; report a new incident");
            }
            List<Assignment> made = new ArrayList<>();
            Future<Void> chain = Future.succeededFuture();
            for (String teamId : new TreeSet<>(teamIds)) {
                chain = chain.compose(v -> tx.team(teamId, true)).compose(t -> {
                    Team team = t.value().orElseThrow(() -> Rejection.notFound("team", teamId));
                    if (team.getStatus() != TeamStatus.TEAM_STATUS_AVAILABLE || !team.getAssignmentId().isEmpty()) {
                        throw notAvailable(team);
                    }
                    Assignment a = newAssignment(actor, incident, team, now);
                    made.add(a);
                    Team moved = assign(team, a, now);
                    return tx.putAssignment(a).compose(x -> tx.putTeam(moved))
                            .compose(x -> tx.append(Events.envelope(actor, now, teamId, incidentId)
                                    .setTeamDispatched(TeamDispatched.newBuilder().setAssignment(a).setTeam(moved).setNote(note))
                                    .build()))
                            .mapEmpty();
                });
            }
            return chain.compose(v -> advanceIncident(tx, actor, incident, IncidentStatus.INCIDENT_STATUS_DISPATCHING, now))
                    .map(inc -> new Dispatched(inc, made));
        });
    }

    /** Moves an assignment on (EN_ROUTE, ON_SCENE, RETURNING, RELEASED, CANCELLED); the team follows. */
    public Future<Moved> move(StoreTransaction tx, Actor actor, String assignmentId, AssignmentStatus to, String note,
                              OptionalLong ifMatch) {
        long now = clock.millis();
        return tx.assignment(assignmentId, true).compose(stored -> {
            Assignment a = stored.value().orElseThrow(() -> Rejection.notFound("assignment", assignmentId));
            TeamCommands.checkIfMatch(ifMatch, stored.version(), true);
            AssignmentStatus from = a.getStatus();
            if (from == to) {
                return tx.team(a.getTeamId(), false).map(t -> new Moved(a, t.value().orElseThrow()));
            }
            Set<AssignmentStatus> allowed = NEXT.getOrDefault(from, Set.of());
            if (!allowed.contains(to)) {
                throw new Rejection(ErrorCode.ERROR_CODE_INVALID_TRANSITION, "assignment " + name(from) + " -> " + name(to)
                        + " is not allowed; from " + name(from) + " an assignment may go to "
                        + (allowed.isEmpty() ? "nothing (it has ended)" : allowed.stream().map(DispatchCommands::name).sorted().toList()),
                        "status");
            }
            return tx.team(a.getTeamId(), true).compose(t -> {
                Team team = t.value().orElseThrow(() -> new IllegalStateException("assignment " + assignmentId + " without its team"));
                if (!Authority.covers(actor, team.getRegionCode()) && !Authority.covers(actor, a.getIncidentRegionCode())) {
                    Authority.checkRegion(actor, a.getIncidentRegionCode(), "assignment " + assignmentId);
                }
                Assignment next = a.toBuilder().setStatus(to).setStatusSinceMs(now).setUpdatedMs(now)
                        .setVersion(a.getVersion() + 1).build();
                Team movedTeam = ACTIVE.contains(to)
                        ? withStatus(team, teamStatus(to), now)
                        : release(team, now);
                return tx.putAssignment(next).compose(x -> tx.putTeam(movedTeam))
                        .compose(x -> tx.append(Events.envelope(actor, now, team.getId(), a.getIncidentId())
                                .setAssignmentStatusChanged(AssignmentStatusChanged.newBuilder().setAssignment(next)
                                        .setPrevious(from).setTeam(movedTeam).setNote(note)).build()))
                        .compose(x -> to == AssignmentStatus.ASSIGNMENT_STATUS_ON_SCENE
                                ? tx.incident(a.getIncidentId(), true).compose(inc -> advanceIncident(tx, actor,
                                inc.value().orElseThrow(), IncidentStatus.INCIDENT_STATUS_ACTIVE, now)).mapEmpty()
                                : Future.succeededFuture())
                        .map(x -> new Moved(next, movedTeam));
            });
        });
    }

    /**
     * Sends a committed team to another incident: its assignment ends (RELEASED, pointing at the new one) and a new
     * assignment begins, in one transaction, without the team passing through AVAILABLE.
     */
    public Future<Moved> reassign(StoreTransaction tx, Actor actor, String assignmentId, String incidentId, String note) {
        long now = clock.millis();
        return tx.assignment(assignmentId, true).compose(stored -> {
            Assignment old = stored.value().orElseThrow(() -> Rejection.notFound("assignment", assignmentId));
            if (!ACTIVE.contains(old.getStatus())) {
                throw new Rejection(ErrorCode.ERROR_CODE_INVALID_TRANSITION, "assignment " + assignmentId + " has ended ("
                        + name(old.getStatus()) + "); dispatch the team anew", "status");
            }
            if (old.getIncidentId().equals(incidentId)) {
                throw Rejection.invalid("incidentId", "the team is already assigned to incident " + incidentId);
            }
            return tx.incident(incidentId, true).compose(i -> {
                Incident incident = i.value().orElseThrow(() -> Rejection.notFound("incident", incidentId));
                Authority.checkRegion(actor, incident.getRegionCode(), "incident " + incidentId);
                if (incident.getStatus() == IncidentStatus.INCIDENT_STATUS_CLOSED) {
                    throw Rejection.conflict("incident " + incidentId + " is closed");
                }
                return tx.team(old.getTeamId(), true).compose(t -> {
                    Team team = t.value().orElseThrow();
                    Assignment fresh = newAssignment(actor, incident, team, now);
                    Assignment ended = old.toBuilder().setStatus(AssignmentStatus.ASSIGNMENT_STATUS_RELEASED)
                            .setStatusSinceMs(now).setUpdatedMs(now).setVersion(old.getVersion() + 1)
                            .setReassignedTo(fresh.getId()).build();
                    Team moved = assign(team, fresh, now);
                    return tx.putAssignment(ended).compose(x -> tx.putAssignment(fresh)).compose(x -> tx.putTeam(moved))
                            .compose(x -> tx.append(Events.envelope(actor, now, team.getId(), old.getIncidentId())
                                    .setAssignmentStatusChanged(AssignmentStatusChanged.newBuilder().setAssignment(ended)
                                            .setPrevious(old.getStatus()).setTeam(moved).setNote("reassigned to " + incidentId)).build()))
                            .compose(x -> tx.append(Events.envelope(actor, now, team.getId(), incidentId)
                                    .setTeamDispatched(TeamDispatched.newBuilder().setAssignment(fresh).setTeam(moved).setNote(note)).build()))
                            .compose(x -> advanceIncident(tx, actor, incident, IncidentStatus.INCIDENT_STATUS_DISPATCHING, now))
                            .map(x -> new Moved(fresh, moved));
                });
            });
        });
    }

    private Assignment newAssignment(Actor actor, Incident incident, Team team, long now) {
        return Assignment.newBuilder()
                .setId(Ids.next("a", clock))
                .setIncidentId(incident.getId()).setTeamId(team.getId())
                .setStatus(AssignmentStatus.ASSIGNMENT_STATUS_DISPATCHED)
                .setDispatchedMs(now).setDispatchedBy(actor.getSubject())
                .setTeamRegionCode(team.getRegionCode()).setIncidentRegionCode(incident.getRegionCode())
                .setMutualAid(mutualAid(team.getRegionCode(), incident.getRegionCode()))
                .setUpdatedMs(now).setStatusSinceMs(now).setVersion(1)
                .build();
    }

    /**
     * Mutual aid: the team belongs to another prefecture-level region (the first four digits of GB/T 2260) than the
     * incident, so its own area lends it out. Recorded on the assignment for the after-action report.
     */
    static boolean mutualAid(String teamRegion, String incidentRegion) {
        return teamRegion.length() < 4 || incidentRegion.length() < 4
                || !teamRegion.substring(0, 4).equals(incidentRegion.substring(0, 4));
    }

    private static Team assign(Team team, Assignment a, long now) {
        return team.toBuilder().setStatus(TeamStatus.TEAM_STATUS_DISPATCHED).setStatusSinceMs(now)
                .setIncidentId(a.getIncidentId()).setAssignmentId(a.getId())
                .setVersion(team.getVersion() + 1).setUpdatedMs(now).build();
    }

    private static Team withStatus(Team team, TeamStatus status, long now) {
        return team.toBuilder().setStatus(status).setStatusSinceMs(now)
                .setVersion(team.getVersion() + 1).setUpdatedMs(now).build();
    }

    private static Team release(Team team, long now) {
        return team.toBuilder().setStatus(TeamStatus.TEAM_STATUS_AVAILABLE).setStatusSinceMs(now)
                .clearIncidentId().clearAssignmentId()
                .setVersion(team.getVersion() + 1).setUpdatedMs(now).build();
    }

    /** Moves the incident forward to {@code to} if it is behind it (the first dispatch, the first arrival). */
    private Future<Incident> advanceIncident(StoreTransaction tx, Actor actor, Incident incident, IncidentStatus to, long now) {
        if (incident.getStatus().getNumber() >= to.getNumber()) {
            return Future.succeededFuture(incident);
        }
        Incident next = incident.toBuilder().setStatus(to).setStatusSinceMs(now).setUpdatedMs(now)
                .setVersion(incident.getVersion() + 1).build();
        return tx.putIncident(next).compose(x -> tx.append(Events.envelope(actor, now, null, incident.getId())
                        .setIncidentStatusChanged(IncidentStatusChanged.newBuilder().setIncident(next)
                                .setPrevious(incident.getStatus()).setReason("dispatch")).build()))
                .map(next);
    }

    static Rejection notAvailable(Team team) {
        String where = team.getIncidentId().isEmpty() ? "" : " (assigned to incident " + team.getIncidentId() + ")";
        return new Rejection(ErrorCode.ERROR_CODE_TEAM_NOT_AVAILABLE, "team " + team.getId() + " is "
                + team.getStatus().name().substring("TEAM_STATUS_".length()) + " since "
                + Instant.ofEpochMilli(team.getStatusSinceMs()) + where + "; only AVAILABLE teams can be dispatched", "teamIds");
    }

    static String name(AssignmentStatus s) {
        return s.name().substring("ASSIGNMENT_STATUS_".length());
    }
}
