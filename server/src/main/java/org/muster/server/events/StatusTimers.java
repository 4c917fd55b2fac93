package org.muster.server.events;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.muster.protocol.v1.Actor;
import org.muster.protocol.v1.Alert;
import org.muster.protocol.v1.AlertKind;
import org.muster.protocol.v1.Assignment;
import org.muster.protocol.v1.AssignmentStatus;
import org.muster.protocol.v1.Team;
import org.muster.server.live.LivePicture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Status timers: every few seconds each member looks at the assignments whose keys it owns (so that exactly one
 * member watches each, and another takes over when it leaves) and raises or resolves alerts:
 * <ul>
 * <li>STATUS_OVERDUE: dispatched for longer than {@code dispatchedLimit} and not yet en route;</li>
 * <li>POSITION_STALE: a committed team that has sent no position for {@code staleLimit} (counted from dispatch when
 * its last fix is older).</li>
 * </ul>
 * Alerts go through the store like every command and reach consoles through the live picture.
 */
public final class StatusTimers extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(StatusTimers.class);
    private static final Actor SYSTEM = Actor.newBuilder().setSubject("status-timers").setRole("system").setOrigin("timer").build();

    private final LivePicture live;
    private final CommandRunner runner;
    private final AlertCommands alerts;
    private final Clock clock;
    private final Duration dispatchedLimit;
    private final Duration staleLimit;
    private final Duration every;
    private boolean running;

    public StatusTimers(LivePicture live, CommandRunner runner, AlertCommands alerts, Clock clock,
                        Duration dispatchedLimit, Duration staleLimit, Duration every) {
        this.live = live;
        this.runner = runner;
        this.alerts = alerts;
        this.clock = clock;
        this.dispatchedLimit = dispatchedLimit;
        this.staleLimit = staleLimit;
        this.every = every;
    }

    @Override
    public Future<?> start() {
        vertx.setPeriodic(every.toMillis(), t -> {
            if (!running && live.ready()) {
                running = true;
                check().onComplete(ar -> {
                    running = false;
                    if (ar.failed()) {
                        LOG.warn("status timers failed a round", ar.cause());
                    }
                });
            }
        });
        return Future.succeededFuture();
    }

    /** One round over the owned assignments and open alerts; public for tests. */
    public Future<Void> check() {
        long now = clock.millis();
        List<Future<?>> work = new ArrayList<>();
        for (Assignment a : live.assignments()) {
            if (!DispatchCommands.ACTIVE.contains(a.getStatus()) || !live.ownsKey(a.getId())) {
                continue;
            }
            boolean overdue = a.getStatus() == AssignmentStatus.ASSIGNMENT_STATUS_DISPATCHED
                    && now - a.getStatusSinceMs() > dispatchedLimit.toMillis();
            if (overdue && !open(a, AlertKind.ALERT_KIND_STATUS_OVERDUE)) {
                long minutes = Duration.ofMillis(now - a.getStatusSinceMs()).toMinutes();
                work.add(runner.run(tx -> alerts.raise(tx, SYSTEM, a, AlertKind.ALERT_KIND_STATUS_OVERDUE,
                        "team " + a.getTeamId() + " dispatched " + minutes + " min ago and not yet en route")));
            }
            long silent = silentFor(a, now);
            if (silent > staleLimit.toMillis() && !open(a, AlertKind.ALERT_KIND_POSITION_STALE)) {
                boolean never = live.localTeam(a.getTeamId()).filter(Team::hasPosition).isEmpty();
                String age = (never ? "no position since dispatch " : "last position ") + Duration.ofMillis(silent).toMinutes() + " min ago";
                work.add(runner.run(tx -> alerts.raise(tx, SYSTEM, a, AlertKind.ALERT_KIND_POSITION_STALE,
                        "team " + a.getTeamId() + " committed to incident " + a.getIncidentId() + ": " + age)));
            }
        }
        for (Alert al : live.alerts()) {
            if (al.getResolvedMs() != 0 || !live.ownsKey(al.getAssignmentId())) {
                continue;
            }
            if (!stillHolds(al, now)) {
                work.add(runner.run(tx -> alerts.resolve(tx, SYSTEM, al.getAssignmentId(), al.getKind())));
            }
        }
        return Future.join(work).mapEmpty();
    }

    /** How long a committed team has sent no position: since its last fix, or since dispatch if that is later. */
    private long silentFor(Assignment a, long now) {
        long lastFix = live.localTeam(a.getTeamId()).filter(Team::hasPosition).map(t -> t.getPosition().getTimeMs()).orElse(0L);
        return now - Math.max(lastFix, a.getDispatchedMs());
    }

    private boolean open(Assignment a, AlertKind kind) {
        return live.alerts().stream().anyMatch(al -> al.getAssignmentId().equals(a.getId()) && al.getKind() == kind
                && al.getResolvedMs() == 0);
    }

    private boolean stillHolds(Alert al, long now) {
        Optional<Assignment> a = live.localAssignment(al.getAssignmentId());
        if (a.isEmpty() || !DispatchCommands.ACTIVE.contains(a.get().getStatus())) {
            return false;
        }
        return switch (al.getKind()) {
            case ALERT_KIND_STATUS_OVERDUE -> a.get().getStatus() == AssignmentStatus.ASSIGNMENT_STATUS_DISPATCHED;
            case ALERT_KIND_POSITION_STALE -> silentFor(a.get(), now) > staleLimit.toMillis();
            default -> true;
        };
    }
}
