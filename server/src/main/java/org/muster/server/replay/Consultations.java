package org.muster.server.replay;

import io.vertx.core.Future;
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

    public Consultations(ReplaySessions sessions, ReplayDriver driver, CommandRunner runner, NoteCommands notes) {
        this.sessions = sessions;
        this.driver = driver;
        this.runner = runner;
        this.notes = notes;
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
