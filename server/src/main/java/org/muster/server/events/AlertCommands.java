package org.muster.server.events;

import io.vertx.core.Future;
import org.muster.protocol.v1.Actor;
import org.muster.protocol.v1.Alert;
import org.muster.protocol.v1.AlertAcknowledged;
import org.muster.protocol.v1.AlertKind;
import org.muster.protocol.v1.AlertRaised;
import org.muster.protocol.v1.AlertResolved;
import org.muster.protocol.v1.Assignment;
import org.muster.server.store.StoreTransaction;

import java.time.Clock;
import java.util.Optional;

/**
 * Alerts: raised by status timers, acknowledged by dispatchers, resolved when their condition ends. One open alert
 * per assignment and kind: raising it again changes nothing, so timers on a restarted member cannot duplicate them.
 */
public final class AlertCommands {
    private final Clock clock;

    public AlertCommands(Clock clock) {
        this.clock = clock;
    }

    /** Raises the alert unless one of this kind is open for the assignment; empty when nothing was raised. */
    public Future<Optional<Alert>> raise(StoreTransaction tx, Actor actor, Assignment a, AlertKind kind, String message) {
        long now = clock.millis();
        return tx.openAlert(a.getId(), kind.name()).compose(open -> {
            if (open.isPresent()) {
                return Future.succeededFuture(Optional.<Alert>empty());
            }
            Alert alert = Alert.newBuilder().setId(Ids.next("al", clock)).setKind(kind)
                    .setTeamId(a.getTeamId()).setIncidentId(a.getIncidentId()).setAssignmentId(a.getId())
                    .setRegionCode(a.getIncidentRegionCode())
                    .setMessage(message).setRaisedMs(now).setVersion(1).build();
            return tx.putAlert(alert)
                    .compose(v -> tx.append(Events.envelope(actor, now, a.getTeamId(), a.getIncidentId())
                            .setAlertRaised(AlertRaised.newBuilder().setAlert(alert)).build()))
                    .map(e -> Optional.of(alert));
        });
    }

    /** Resolves the open alert of this kind for the assignment, if any. */
    public Future<Optional<Alert>> resolve(StoreTransaction tx, Actor actor, String assignmentId, AlertKind kind) {
        long now = clock.millis();
        return tx.openAlert(assignmentId, kind.name()).compose(open -> {
            if (open.isEmpty()) {
                return Future.succeededFuture(Optional.<Alert>empty());
            }
            Alert resolved = open.get().toBuilder().setResolvedMs(now).setVersion(open.get().getVersion() + 1).build();
            return tx.putAlert(resolved)
                    .compose(v -> tx.append(Events.envelope(actor, now, resolved.getTeamId(), resolved.getIncidentId())
                            .setAlertResolved(AlertResolved.newBuilder().setAlert(resolved)).build()))
                    .map(e -> Optional.of(resolved));
        });
    }

    /** A dispatcher has seen the alert. Acknowledging twice changes nothing. */
    public Future<Alert> acknowledge(StoreTransaction tx, Actor actor, String alertId) {
        long now = clock.millis();
        return tx.alert(alertId, true).compose(stored -> {
            Alert a = stored.value().orElseThrow(() -> Rejection.notFound("alert", alertId));
            Authority.checkRegion(actor, a.getRegionCode(), "alert " + alertId);
            if (a.getAcknowledgedMs() != 0) {
                return Future.succeededFuture(a);
            }
            Alert acked = a.toBuilder().setAcknowledgedMs(now).setAcknowledgedBy(actor.getSubject())
                    .setVersion(a.getVersion() + 1).build();
            return tx.putAlert(acked)
                    .compose(v -> tx.append(Events.envelope(actor, now, a.getTeamId(), a.getIncidentId())
                            .setAlertAcknowledged(AlertAcknowledged.newBuilder().setAlert(acked)).build()))
                    .map(e -> acked);
        });
    }
}
