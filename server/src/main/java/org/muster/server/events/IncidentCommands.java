package org.muster.server.events;

import io.vertx.core.Future;
import org.muster.protocol.v1.Actor;
import org.muster.protocol.v1.ErrorCode;
import org.muster.protocol.v1.Incident;
import org.muster.protocol.v1.IncidentReported;
import org.muster.protocol.v1.IncidentStatus;
import org.muster.protocol.v1.IncidentStatusChanged;
import org.muster.protocol.v1.IncidentType;
import org.muster.protocol.v1.IncidentUpdated;
import org.muster.protocol.v1.Requirement;
import org.muster.protocol.v1.ResponsePlan;
import org.muster.protocol.v1.Severity;
import org.muster.server.live.LivePicture;
import org.muster.server.store.StoreTransaction;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;

/**
 * Commands on incidents: report one, update it, move it through REPORTED -> DISPATCHING -> ACTIVE -> CONTAINED ->
 * CLOSED. Requirements come from the response plan of the incident's type and severity unless a dispatcher
 * overrides them; an override sticks until it is cleared. Runs inside the caller's store transaction.
 */
public final class IncidentCommands {
    private final LivePicture live;
    private final Clock clock;

    public IncidentCommands(LivePicture live, Clock clock) {
        this.live = live;
        this.clock = clock;
    }

    public record Outcome(Incident incident, boolean changed) {
    }

    /** The id of the response plan for a type and severity, e.g. "FLOOD-II". */
    public static String planId(IncidentType type, Severity severity) {
        return type.name().substring("INCIDENT_TYPE_".length()) + "-" + severity.name().substring("SEVERITY_".length());
    }

    /**
     * Reports a new incident. With no requirements in the draft they come from the response plan.
     *
     * @param draft validated shape; requirements_overridden set when the client sent requirements
     */
    public Future<Outcome> report(StoreTransaction tx, Actor actor, Incident draft) {
        long now = clock.millis();
        Authority.checkRegion(actor, draft.getRegionCode(), "the incident");
        String id = draft.getId().isEmpty() ? Ids.next("i", clock) : draft.getId();
        return tx.incident(id, true).compose(stored -> {
            if (stored.exists()) {
                throw Rejection.conflict("incident " + id + " exists already");
            }
            Incident.Builder b = draft.toBuilder().setId(id)
                    .setStatus(IncidentStatus.INCIDENT_STATUS_REPORTED)
                    .setVersion(stored.version() + 1).setUpdatedMs(now).setStatusSinceMs(now)
                    .setReportedBy(actor.getSubject());
            if (b.getReportedMs() == 0) {
                b.setReportedMs(now);
            }
            if (b.getReportedMs() > now + 300_000) {
                throw Rejection.invalid("reportedAt", "lies more than five minutes in the future");
            }
            if (!b.getRequirementsOverridden()) {
                b.clearRequirements().addAllRequirements(planRequirements(b.getType(), b.getSeverity()));
            }
            if (b.getTitle().isEmpty()) {
                b.setTitle(defaultTitle(b.getType(), b.getSeverity()));
            }
            Incident incident = b.build();
            return tx.putIncident(incident)
                    .compose(v -> tx.append(Events.envelope(actor, now, null, id)
                            .setIncidentReported(IncidentReported.newBuilder().setIncident(incident)).build()))
                    .map(e -> new Outcome(incident, true));
        });
    }

    /**
     * Updates an incident from its current state. A draft with requirements_overridden false and no requirements
     * returns to the plan's; a change of type or severity re-reads the plan unless requirements are overridden.
     */
    public Future<Outcome> update(StoreTransaction tx, Actor actor, String id, UnaryOperator<Incident> draftFromCurrent,
                                  OptionalLong ifMatch) {
        long now = clock.millis();
        return tx.incident(id, true).compose(stored -> {
            Incident current = stored.value().orElseThrow(() -> Rejection.notFound("incident", id));
            TeamCommands.checkIfMatch(ifMatch, stored.version(), true);
            Authority.checkRegion(actor, current.getRegionCode(), "incident " + id);
            Incident draft = draftFromCurrent.apply(current);
            Authority.checkRegion(actor, draft.getRegionCode(), "the incident's new region");
            Incident.Builder b = draft.toBuilder().setId(id)
                    .setVersion(current.getVersion()).setUpdatedMs(current.getUpdatedMs())
                    .setStatusSinceMs(current.getStatusSinceMs())
                    .setReportedMs(current.getReportedMs()).setReportedBy(current.getReportedBy());
            if (!b.getRequirementsOverridden()) {
                b.clearRequirements().addAllRequirements(planRequirements(b.getType(), b.getSeverity()));
            }
            IncidentStatus from = current.getStatus();
            IncidentStatus to = b.getStatus();
            if (from != to) {
                checkTransition(from, to);
                b.setStatusSinceMs(now);
            }
            Incident candidate = b.build();
            List<String> changed = Changes.fields(current, candidate);
            if (changed.isEmpty()) {
                return Future.succeededFuture(new Outcome(current, false));
            }
            Future<Void> closable = to != IncidentStatus.INCIDENT_STATUS_CLOSED || from == to ? Future.succeededFuture()
                    : tx.activeAssignments(id).compose(n -> n == 0 ? Future.<Void>succeededFuture()
                    : Future.failedFuture(new Rejection(ErrorCode.ERROR_CODE_INVALID_TRANSITION, "incident " + id
                    + " still holds " + n + " team(s); release or cancel their assignments before closing it", "status")));
            Incident incident = candidate.toBuilder().setVersion(current.getVersion() + 1).setUpdatedMs(now).build();
            var event = Events.envelope(actor, now, null, id);
            if (changed.equals(List.of("status"))) {
                event.setIncidentStatusChanged(IncidentStatusChanged.newBuilder().setIncident(incident).setPrevious(from));
            } else {
                event.setIncidentUpdated(IncidentUpdated.newBuilder().setIncident(incident).addAllChanged(changed));
            }
            return closable.compose(c -> tx.putIncident(incident)).compose(v -> tx.append(event.build()))
                    .map(e -> new Outcome(incident, true));
        });
    }

    /**
     * Forward moves are allowed (a step may be skipped when reality outran the console); CONTAINED may fall back to
     * ACTIVE (a flare-up); CLOSED is final: a new report opens a new incident.
     */
    static void checkTransition(IncidentStatus from, IncidentStatus to) {
        boolean ok = from != IncidentStatus.INCIDENT_STATUS_CLOSED
                && (to.getNumber() > from.getNumber()
                || (from == IncidentStatus.INCIDENT_STATUS_CONTAINED && to == IncidentStatus.INCIDENT_STATUS_ACTIVE));
        if (!ok) {
            throw new Rejection(ErrorCode.ERROR_CODE_INVALID_TRANSITION, "incident status " + name(from) + " -> "
                    + name(to) + " is not allowed: statuses move forward (REPORTED, DISPATCHING, ACTIVE, CONTAINED, "
                    + "CLOSED), CONTAINED may return to ACTIVE, CLOSED is final", "status");
        }
    }

    private static String name(IncidentStatus s) {
        return s.name().substring("INCIDENT_STATUS_".length());
    }

    private List<Requirement> planRequirements(IncidentType type, Severity severity) {
        return live.responsePlan(planId(type, severity)).map(ResponsePlan::getRequirementsList).orElse(List.of());
    }

    private String defaultTitle(IncidentType type, Severity severity) {
        return live.responsePlan(planId(type, severity)).map(ResponsePlan::getNameZh)
                .orElse(type.name().substring("INCIDENT_TYPE_".length()) + " " + severity.name().substring("SEVERITY_".length()));
    }
}
