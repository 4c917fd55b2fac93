package org.muster.server.events;

import io.vertx.core.Future;
import org.muster.protocol.v1.Actor;
import org.muster.protocol.v1.ErrorCode;
import org.muster.protocol.v1.Team;
import org.muster.protocol.v1.TeamRegistered;
import org.muster.protocol.v1.TeamRemoved;
import org.muster.protocol.v1.TeamStatus;
import org.muster.protocol.v1.TeamStatusChanged;
import org.muster.protocol.v1.TeamUpdated;
import org.muster.server.live.LivePicture;
import org.muster.server.store.StoreTransaction;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;

/**
 * Commands on teams: register, replace (create or update), update from the current state, remove. Each runs inside
 * a store transaction that the caller opened (see {@link CommandRunner}); the team's row is locked first, so commands
 * on one team run one after another across the whole cluster.
 *
 * <p>A command's draft comes from a codec that already checked shapes and ranges; here are the rules that need the
 * current state or the catalogue. Status changes allowed here are those outside dispatch (AVAILABLE, OUT_OF_SERVICE,
 * UNREACHABLE, for a team that is not committed to an incident); dispatch moves the rest.
 */
public final class TeamCommands {
    private final LivePicture live;
    private final Clock clock;

    public TeamCommands(LivePicture live, Clock clock) {
        this.live = live;
        this.clock = clock;
    }

    /** What a command did: the resulting team, whether it was created, whether anything changed. */
    public record Outcome(Team team, boolean created, boolean changed) {
    }

    /** POST: creates a team; an id already in use is a conflict. */
    public Future<Outcome> register(StoreTransaction tx, Actor actor, Team draft) {
        String id = draft.getId().isEmpty() ? Ids.next("t", clock) : draft.getId();
        return tx.team(id, true).compose(stored -> {
            if (stored.exists()) {
                return Future.failedFuture(Rejection.conflict("team " + id + " exists already; use PUT to replace it"));
            }
            return create(tx, actor, draft.toBuilder().setId(id).build(), stored.version());
        });
    }

    /** PUT: creates or replaces the team with this id. */
    public Future<Outcome> replace(StoreTransaction tx, Actor actor, String id, Team draft, OptionalLong ifMatch) {
        return tx.team(id, true).compose(stored -> {
            checkIfMatch(ifMatch, stored.version(), stored.exists());
            Team withId = draft.toBuilder().setId(id).build();
            if (!stored.exists()) {
                return create(tx, actor, withId, stored.version());
            }
            return change(tx, actor, stored.value().get(), withId);
        });
    }

    /** PATCH: the draft is made from the current team (e.g. a JSON merge patch applied to it). */
    public Future<Outcome> update(StoreTransaction tx, Actor actor, String id, UnaryOperator<Team> draftFromCurrent,
                                  OptionalLong ifMatch) {
        return tx.team(id, true).compose(stored -> {
            Team current = stored.value().orElseThrow(() -> Rejection.notFound("team", id));
            checkIfMatch(ifMatch, stored.version(), true);
            return change(tx, actor, current, draftFromCurrent.apply(current).toBuilder().setId(id).build());
        });
    }

    /** DELETE: a team committed to an incident cannot be removed until released. */
    public Future<Outcome> remove(StoreTransaction tx, Actor actor, String id, OptionalLong ifMatch) {
        return tx.team(id, true).compose(stored -> {
            Team current = stored.value().orElseThrow(() -> Rejection.notFound("team", id));
            checkIfMatch(ifMatch, stored.version(), true);
            Authority.checkRegion(actor, current.getRegionCode(), "team " + id);
            if (!current.getIncidentId().isEmpty()) {
                throw Rejection.conflict("team " + id + " is assigned to incident " + current.getIncidentId()
                        + "; release it before removing the team");
            }
            long now = clock.millis();
            Team tombstone = current.toBuilder().setDeleted(true).setVersion(stored.version() + 1).setUpdatedMs(now).build();
            return tx.deleteTeam(tombstone)
                    .compose(v -> tx.append(Events.envelope(actor, now, id, null)
                            .setTeamRemoved(TeamRemoved.newBuilder().setTeam(tombstone)).build()))
                    .map(e -> new Outcome(tombstone, false, true));
        });
    }

    private Future<Outcome> create(StoreTransaction tx, Actor actor, Team draft, long lastVersion) {
        Authority.checkRegion(actor, draft.getRegionCode(), "team " + draft.getId());
        long now = clock.millis();
        Team.Builder b = draft.toBuilder()
                .clearIncidentId().clearAssignmentId().setDeleted(false)
                .setVersion(lastVersion + 1).setUpdatedMs(now).setStatusSinceMs(now);
        if (b.getStatus() == TeamStatus.TEAM_STATUS_UNSPECIFIED) {
            b.setStatus(TeamStatus.TEAM_STATUS_AVAILABLE);
        }
        if (!TeamRules.INITIAL.contains(b.getStatus())) {
            throw Rejection.invalid("status", "a team starts AVAILABLE, OUT_OF_SERVICE or UNREACHABLE; "
                    + "dispatch statuses are set by assignments");
        }
        Team team = TeamRules.withCapabilities(b.build(), live::equipmentType, live::capability);
        return tx.putTeam(team)
                .compose(v -> tx.append(Events.envelope(actor, now, team.getId(), null)
                        .setTeamRegistered(TeamRegistered.newBuilder().setTeam(team)).build()))
                .map(e -> new Outcome(team, true, true));
    }

    private Future<Outcome> change(StoreTransaction tx, Actor actor, Team current, Team draft) {
        Authority.checkRegion(actor, current.getRegionCode(), "team " + current.getId());
        Authority.checkRegion(actor, draft.getRegionCode(), "the team's new region");
        long now = clock.millis();
        // Fields the server owns are kept from the current state whatever the draft says.
        Team.Builder b = draft.toBuilder()
                .setIncidentId(current.getIncidentId()).setAssignmentId(current.getAssignmentId())
                .setVersion(current.getVersion()).setUpdatedMs(current.getUpdatedMs())
                .setStatusSinceMs(current.getStatusSinceMs()).setDeleted(false);
        if (b.getStatus() == TeamStatus.TEAM_STATUS_UNSPECIFIED) {
            b.setStatus(current.getStatus());
        }
        if (!draft.hasPosition() && current.hasPosition()) {
            b.setPosition(current.getPosition());
        } else if (draft.hasPosition() && current.hasPosition()
                && draft.getPosition().getTimeMs() < current.getPosition().getTimeMs()) {
            // The live position only moves forward in device time.
            b.setPosition(current.getPosition());
        }
        TeamStatus from = current.getStatus();
        TeamStatus to = b.getStatus();
        Future<Void> statusAllowed = Future.succeededFuture();
        if (from != to) {
            b.setStatusSinceMs(now);
            statusAllowed = current.getAssignmentId().isEmpty()
                    ? Future.succeededFuture(TeamRules.checkUnassignedStatus(current, to))
                    : tx.assignment(current.getAssignmentId(), false).map(a -> TeamRules.checkAssignedStatus(current, to,
                    a.value().map(x -> DispatchCommands.teamStatus(x.getStatus())).orElse(from)));
        }
        return statusAllowed.compose(ok -> store(tx, actor, current, b, from, now));
    }

    private Future<Outcome> store(StoreTransaction tx, Actor actor, Team current, Team.Builder b, TeamStatus from, long now) {
        Team candidate = TeamRules.withCapabilities(b.build(), live::equipmentType, live::capability);
        List<String> changed = Changes.fields(current, candidate);
        if (changed.isEmpty()) {
            return Future.succeededFuture(new Outcome(current, false, false));
        }
        Team team = candidate.toBuilder().setVersion(current.getVersion() + 1).setUpdatedMs(now).build();
        var event = Events.envelope(actor, now, team.getId(), null);
        if (changed.equals(List.of("status"))) {
            event.setTeamStatusChanged(TeamStatusChanged.newBuilder().setTeam(team).setPrevious(from));
        } else {
            event.setTeamUpdated(TeamUpdated.newBuilder().setTeam(team).addAllChanged(changed));
        }
        return tx.putTeam(team).compose(v -> tx.append(event.build())).map(e -> new Outcome(team, false, true));
    }


    static void checkIfMatch(OptionalLong ifMatch, long version, boolean exists) {
        if (ifMatch.isPresent() && (!exists || ifMatch.getAsLong() != version)) {
            throw new Rejection(ErrorCode.ERROR_CODE_PRECONDITION_FAILED, "If-Match " + ifMatch.getAsLong()
                    + " does not match the current version " + (exists ? version : "(none)"));
        }
    }
}
