package org.muster.server.events;

import org.muster.protocol.v1.Actor;
import org.muster.protocol.v1.TimelineEvent;

import java.util.UUID;

/** Builds timeline events with their envelope (id, time, actor, subject). */
final class Events {
    private Events() {
    }

    static TimelineEvent.Builder envelope(Actor actor, long nowMs, String teamId, String incidentId) {
        TimelineEvent.Builder b = TimelineEvent.newBuilder()
                .setId(UUID.randomUUID().toString())
                .setTimeMs(nowMs)
                .setActor(actor);
        if (teamId != null) {
            b.setTeamId(teamId);
        }
        if (incidentId != null) {
            b.setIncidentId(incidentId);
        }
        return b;
    }
}
