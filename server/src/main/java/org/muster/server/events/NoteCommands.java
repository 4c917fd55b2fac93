package org.muster.server.events;

import io.vertx.core.Future;
import org.muster.protocol.v1.Actor;
import org.muster.protocol.v1.GeoPoint;
import org.muster.protocol.v1.NoteAdded;
import org.muster.protocol.v1.TimelineEvent;
import org.muster.server.store.StoreTransaction;

import java.time.Clock;

/**
 * Notes and judgments of a consultation (会商研判): pinned to a moment of the incident (and optionally a place), kept in
 * the incident's timeline like every command, so that later replays and the live timeline show them.
 */
public final class NoteCommands {
    private final Clock clock;

    public NoteCommands(Clock clock) {
        this.clock = clock;
    }

    public Future<TimelineEvent> add(StoreTransaction tx, Actor actor, String incidentId, String text, long atMs,
                                     GeoPoint location, String replayId, boolean judgment) {
        long now = clock.millis();
        if (text == null || text.isBlank() || text.length() > 4000) {
            throw Rejection.invalid("text", "a note has 1 to 4000 characters");
        }
        return tx.incident(incidentId, false).compose(stored -> {
            stored.value().orElseThrow(() -> Rejection.notFound("incident", incidentId));
            NoteAdded.Builder n = NoteAdded.newBuilder().setNoteId(Ids.next("n", clock)).setText(text.strip())
                    .setAtMs(atMs > 0 ? atMs : now).setJudgment(judgment);
            if (location != null) {
                n.setLocation(location);
            }
            if (replayId != null) {
                n.setReplayId(replayId);
            }
            return tx.append(Events.envelope(actor, now, null, incidentId).setNoteAdded(n).build());
        });
    }
}
