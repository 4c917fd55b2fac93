package org.muster.server.replay;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.muster.protocol.v1.ErrorCode;
import org.muster.protocol.v1.Incident;
import org.muster.protocol.v1.ReplayMode;
import org.muster.protocol.v1.ReplayState;
import org.muster.server.events.Ids;
import org.muster.server.events.Rejection;
import org.muster.server.live.LiveMaps;
import org.muster.server.live.LivePicture;
import org.muster.server.live.Stages;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Consultation sessions (会商研判): a replay of an incident's timeline that several people watch together. The shared
 * state (where the playhead is, playing or paused, speed, who controls it, who takes part) lives in the cluster, so
 * participants may be connected to any member; each member plays the frames for its own participants from it.
 * Thread-safe.
 */
public final class ReplaySessions {
    private final HazelcastInstance hz;
    private final Vertx vertx;
    private final LivePicture live;
    private final Clock clock;

    public ReplaySessions(HazelcastInstance hz, Vertx vertx, LivePicture live, Clock clock) {
        this.hz = hz;
        this.vertx = vertx;
        this.live = live;
        this.clock = clock;
    }

    private IMap<String, ReplayState> map() {
        return hz.getMap(LiveMaps.REPLAYS);
    }

    /**
     * Opens a session over {@code [fromMs, toMs]} of the incident (defaults: from its report to now), paused at the
     * start, controlled by whoever opened it.
     */
    public Future<ReplayState> open(String subject, String incidentId, Long fromMs, Long toMs) {
        // the incident as its owner holds it: one reported a moment ago through another member is found
        return live.incident(incidentId).compose(found -> {
            Incident incident = found.orElseThrow(() -> Rejection.notFound("incident", incidentId));
            long now = clock.millis();
            long from = fromMs != null ? fromMs : incident.getReportedMs();
            long to = toMs != null ? toMs : now;
            if (from >= to) {
                throw Rejection.invalid("to", "must be after from");
            }
            ReplayState s = ReplayState.newBuilder().setReplayId(Ids.next("r", clock)).setIncidentId(incidentId)
                    .setFromMs(from).setToMs(to).setPositionMs(from).setAnchorWallMs(now).setMode(ReplayMode.REPLAY_MODE_PAUSED)
                    .setSpeed(60).setController(subject).setCreatedBy(subject).setVersion(1)
                    .setExpiresMs(now + ControlReplay.IDLE_EXPIRY_MS).build();
            return Stages.onContext(map().setAsync(s.getReplayId(), s, ControlReplay.IDLE_EXPIRY_MS + 60_000,
                    TimeUnit.MILLISECONDS), vertx.getOrCreateContext()).map(v -> s);
        });
    }

    public Future<Optional<ReplayState>> get(String replayId) {
        return Stages.onContext(map().getAsync(replayId), vertx.getOrCreateContext()).map(Optional::ofNullable);
    }

    Future<ReplayState> control(String replayId, ControlReplay.Action action, String participant, double number, String text) {
        return Stages.onContext(map().submitToKey(replayId,
                        new ControlReplay(action, participant, number, text, clock.millis())), vertx.getOrCreateContext())
                .compose(result -> {
                    if (!result.isEmpty()) {
                        int colon = result.indexOf(':');
                        return Future.failedFuture(new Rejection(ErrorCode.valueOf("ERROR_CODE_" + result.substring(0, colon)),
                                result.substring(colon + 1)));
                    }
                    return get(replayId).map(o -> o.orElseThrow(() -> Rejection.notFound("consultation session", replayId)));
                });
    }

    long now() {
        return clock.millis();
    }
}
