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
    private final Duration unreachableLimit;
    private final TeamCommands teams;
    private boolean running;

    public StatusTimers(LivePicture live, CommandRunner runner, AlertCommands alerts, Clock clock,
                        Duration dispatchedLimit, Duration staleLimit, Duration every, Duration unreachableLimit,
                        TeamCommands teams) {
        this.unreachableLimit = unreachableLimit;
        this.teams = teams;
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
        if (!unreachableLimit.isZero()) {
            contact(now, work);
        }
        return Future.join(work).mapEmpty();
    }

    /**
     * Contact of teams that are not committed: an AVAILABLE team with a registered device whose freshest fix is older
     * than the limit is marked UNREACHABLE; an UNREACHABLE one whose device has sent a fix since is AVAILABLE again.
     * Teams without devices (positions typed in by centres) are left alone. Committed teams get POSITION_STALE alerts
     * instead. Each member checks the teams whose keys it owns; the command re-checks under the row lock.
     */
    private void contact(long now, List<Future<?>> work) {
        java.util.Set<String> tracked = new java.util.HashSet<>();
        for (org.muster.protocol.v1.Device d : live.devices()) {
            if (!d.getDeleted()) {
                tracked.add(d.getTeamId());
            }
        }
        for (Team stored : live.teams()) {
            if (stored.getDeleted() || !tracked.contains(stored.getId()) || !stored.getAssignmentId().isEmpty()
                    || !live.ownsKey(stored.getId())) {
                continue;
            }
            Team t = live.withPosition(stored);
            long lastFix = t.hasPosition() ? t.getPosition().getTimeMs() : 0;
            boolean silent = now - Math.max(lastFix, t.getStatusSinceMs()) > unreachableLimit.toMillis();
            if (t.getStatus() == org.muster.protocol.v1.TeamStatus.TEAM_STATUS_AVAILABLE && silent) {
                work.add(runner.run(tx -> teams.update(tx, SYSTEM, t.getId(), current ->
                        current.getStatus() == org.muster.protocol.v1.TeamStatus.TEAM_STATUS_AVAILABLE
                                ? current.toBuilder().setStatus(org.muster.protocol.v1.TeamStatus.TEAM_STATUS_UNREACHABLE).build()
                                : current, java.util.OptionalLong.empty())));
            } else if (t.getStatus() == org.muster.protocol.v1.TeamStatus.TEAM_STATUS_UNREACHABLE && lastFix > t.getStatusSinceMs()) {
                work.add(runner.run(tx -> teams.update(tx, SYSTEM, t.getId(), current ->
                        current.getStatus() == org.muster.protocol.v1.TeamStatus.TEAM_STATUS_UNREACHABLE
                                ? current.toBuilder().setStatus(org.muster.protocol.v1.TeamStatus.TEAM_STATUS_AVAILABLE).build()
                                : current, java.util.OptionalLong.empty())));
            }
        }
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
