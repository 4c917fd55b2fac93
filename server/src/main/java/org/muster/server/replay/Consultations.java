package org.muster.server.replay;

import io.vertx.core.Future;
import org.muster.protocol.v1.GeoPoint;
import org.muster.protocol.v1.ReplayState;
import org.muster.protocol.v1.Snapshot;
import org.muster.server.store.LocationHistory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.muster.protocol.v1.Actor;
import org.muster.protocol.v1.ReplayNote;
import org.muster.protocol.v1.TimelineEvent;
import org.muster.server.events.CommandRunner;
import org.muster.server.events.NoteCommands;
import org.muster.server.events.Rejection;

/**
 * What consoles do in consultation sessions: join and control them (through this member's {@link ReplayDriver}), and
 * record notes and judgments pinned to the moment the replay shows. Thread-safe.
 */
public final class Consultations {
    private final ReplaySessions sessions;
    private final ReplayDriver driver;
    private final CommandRunner runner;
    private final NoteCommands notes;
    private final IncidentHistory history;
    private final LocationHistory positions;

    public Consultations(ReplaySessions sessions, ReplayDriver driver, CommandRunner runner, NoteCommands notes,
                         IncidentHistory history, LocationHistory positions) {
        this.sessions = sessions;
        this.driver = driver;
        this.runner = runner;
        this.notes = notes;
        this.history = history;
        this.positions = positions;
    }

    /** Opens a session over the incident's time (see {@link ReplaySessions#open}). */
    public Future<ReplayState> open(String subject, String incidentId, Long fromMs, Long toMs) {
        return sessions.open(subject, incidentId, fromMs, toMs);
    }

    public Future<Optional<ReplayState>> session(String replayId) {
        return sessions.get(replayId);
    }

    /** Every event of the incident, in order; fails with not-found for an incident without any. */
    public Future<List<TimelineEvent>> events(String incidentId) {
        return history.events(incidentId).map(events -> {
            if (events.isEmpty()) {
                throw Rejection.notFound("incident", incidentId);
            }
            return events;
        });
    }

    /** The incident, its teams, assignments and open alerts as they were at {@code atMs}. */
    public Future<Snapshot> stateAt(String incidentId, long atMs) {
        return events(incidentId).compose(events -> history.at(events, atMs));
    }

    /** A note about the incident outside any session (the live timeline), pinned to a time and optionally a place. */
    public Future<TimelineEvent> note(Actor actor, String incidentId, String text, long atMs, GeoPoint location,
                                      boolean judgment) {
        return runner.run(tx -> notes.add(tx, actor, incidentId, text, atMs, location, null, judgment));
    }

    /** The tracks of every team ever assigned to the incident between two times, per team in time order. */
    public Future<Map<String, List<LocationHistory.StoredFix>>> tracks(List<TimelineEvent> events, Instant from, Instant to,
                                                                      int limit) {
        List<String> teams = new ArrayList<>(IncidentHistory.involvedTeams(events));
        if (teams.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        return positions.teamsBetween(teams, from, to, limit).map(fixes -> {
            Map<String, List<LocationHistory.StoredFix>> byTeam = new TreeMap<>();
            fixes.forEach(f -> byTeam.computeIfAbsent(f.teamId(), k -> new ArrayList<>()).add(f));
            return byTeam;
        });
    }

    public ReplayDriver driver() {
        return driver;
    }

    /** A note made in the session, about the moment its playhead shows now. */
    public Future<TimelineEvent> note(Actor actor, String replayId, ReplayNote note) {
        return sessions.get(replayId).compose(s -> {
            var state = s.orElseThrow(() -> Rejection.notFound("consultation session", replayId));
            long at = ControlReplay.position(state, sessions.now());
            return runner.run(tx -> notes.add(tx, actor, state.getIncidentId(), note.getText(), at,
                    note.hasLocation() ? note.getLocation() : null, replayId, note.getJudgment()));
        });
    }
}
