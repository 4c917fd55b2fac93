package org.muster.server.replay;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.muster.protocol.v1.Delta;
import org.muster.protocol.v1.Position;
import org.muster.protocol.v1.ReplayFrame;
import org.muster.protocol.v1.ReplayState;
import org.muster.protocol.v1.ServerMessage;
import org.muster.protocol.v1.TeamMoved;
import org.muster.protocol.v1.TimelineEvent;
import org.muster.server.events.Rejection;
import org.muster.server.live.LiveMaps;
import org.muster.server.store.LocationHistory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Plays consultation sessions for the participants connected to this member. From the shared state every member
 * computes the same playhead (position + (now - anchor) x speed), so participants on different members stay in step
 * within a frame. Every {@link #FRAME} the driver sends each playing session's new events and the teams' latest
 * positions in the window since its last frame; after a seek, a join, or a jump too long to send as deltas, it sends a
 * keyframe: the whole state at the playhead.
 *
 * <p>Threading: all session bookkeeping on this verticle's context; viewers are written to through their own hubs.
 */
public final class ReplayDriver extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(ReplayDriver.class);
    static final Duration FRAME = Duration.ofMillis(100);
    /** Incident time between two frames beyond which a keyframe is cheaper than the deltas. */
    static final long MAX_DELTA_WINDOW_MS = 30 * 60_000L;

    private final HazelcastInstance hz;
    private final ReplaySessions sessions;
    private final IncidentHistory history;
    private final LocationHistory positions;
    private final Timer seekTimer;
    private final Map<String, Playing> playing = new HashMap<>();
    private UUID listener;
    private final io.micrometer.core.instrument.Counter framesSkipped;

    /** One session played on this member. */
    /** A change of the shared state that moves the playhead further than this from where it would be is a seek. */
    static final long SEEK_TOLERANCE_MS = 100;

    private static final class Playing {
        final String replayId;
        final List<ReplayViewer> viewers = new CopyOnWriteArrayList<>();
        ReplayState state;
        List<TimelineEvent> events = List.of();
        List<String> teams = List.of();
        long sentUpTo = Long.MIN_VALUE;
        boolean busy;
        boolean keyframeDue = true;
        long eventsLoadedAt;
        /** Participants that could not take a frame: they get no deltas until a keyframe puts them back in step. */
        final java.util.Set<ReplayViewer> behind = new java.util.HashSet<>();

        Playing(String replayId) {
            this.replayId = replayId;
        }
    }

    public ReplayDriver(HazelcastInstance hz, ReplaySessions sessions, IncidentHistory history, LocationHistory positions,
                        MeterRegistry metrics) {
        this.hz = hz;
        this.sessions = sessions;
        this.history = history;
        this.positions = positions;
        this.seekTimer = Timer.builder("muster.replay.keyframe").description("time to build a replay keyframe (seek, join)")
                .publishPercentiles(0.5, 0.99).register(metrics);
        this.framesSkipped = io.micrometer.core.instrument.Counter.builder("muster.replay.frames.skipped")
                .description("replay frames not sent to a participant whose socket could not take them").register(metrics);
    }

    @Override
    public Future<?> start() {
        return vertx.executeBlocking(() -> {
            IMap<String, ReplayState> map = hz.getMap(LiveMaps.REPLAYS);
            listener = map.addEntryListener((EntryUpdatedListener<String, ReplayState>) this::changed, true);
            return null;
        }).onSuccess(x -> vertx.setPeriodic(FRAME.toMillis(), t -> tick()));
    }

    @Override
    public Future<?> stop() {
        if (listener != null) {
            hz.getMap(LiveMaps.REPLAYS).removeEntryListener(listener);
        }
        return Future.succeededFuture();
    }

    /** From Hazelcast's event thread: the shared state changed (a control, a join). */
    private void changed(EntryEvent<String, ReplayState> e) {
        ReplayState next = e.getValue();
        context.runOnContext(v -> {
            Playing p = playing.get(e.getKey());
            if (p == null || next == null) {
                return;
            }
            ReplayState before = p.state;
            p.state = next;
            long expected = before == null ? Long.MIN_VALUE : ControlReplay.position(before, sessions.now());
            long now = ControlReplay.position(next, sessions.now());
            broadcast(p, ServerMessage.newBuilder().setReplayState(next).build());
            if (before == null || Math.abs(now - expected) > SEEK_TOLERANCE_MS) {
                p.keyframeDue = true; // a seek: the playhead is not where playing would have put it
                if (!p.busy && !p.events.isEmpty()) {
                    keyframe(p, p.viewers); // now, not at the next tick
                }
            }
        });
    }

    /** A console joins a session (from its hub): it becomes a participant and gets the state and a keyframe. */
    public Future<ReplayState> join(String replayId, ReplayViewer viewer) {
        return sessions.control(replayId, ControlReplay.Action.JOIN, viewer.participant(), 0, null).compose(state -> {
            io.vertx.core.Promise<ReplayState> done = io.vertx.core.Promise.promise();
            context.runOnContext(v -> {
                Playing p = playing.computeIfAbsent(replayId, Playing::new);
                boolean fresh = p.state == null;
                p.state = state;
                p.viewers.add(viewer);
                viewer.send(ServerMessage.newBuilder().setReplayState(state).build());
                if (fresh) {
                    p.busy = true;
                    loadEvents(p).onComplete(ar -> {
                        p.busy = false;
                        if (ar.succeeded()) {
                            keyframe(p, p.viewers);
                        } else {
                            p.keyframeDue = true;
                        }
                        done.handle(ar.map(x -> state));
                    });
                } else if (p.sentUpTo == Long.MIN_VALUE) {
                    keyframe(p, List.of(viewer));
                    done.complete(state);
                } else {
                    // where the others are: they go on from there, and so does the newcomer
                    keyframeAt(p, List.of(viewer), p.sentUpTo, false);
                    done.complete(state);
                }
            });
            return done.future();
        });
    }

    public Future<ReplayState> control(String replayId, ControlReplay.Action action, String participant, double number, String text) {
        return sessions.control(replayId, action, participant, number, text);
    }

    /** A console left (closed, or joined another session). */
    public void leave(String replayId, ReplayViewer viewer) {
        context.runOnContext(v -> {
            Playing p = playing.get(replayId);
            if (p != null && p.viewers.remove(viewer)) {
                sessions.control(replayId, ControlReplay.Action.LEAVE, viewer.participant(), 0, null)
                        .onFailure(e -> LOG.debug("leave not recorded [replay: {}]", replayId));
                if (p.viewers.isEmpty()) {
                    playing.remove(replayId);
                }
            }
        });
    }

    private Future<Void> loadEvents(Playing p) {
        return history.events(p.state.getIncidentId()).map(events -> {
            p.events = events;
            p.teams = new ArrayList<>(IncidentHistory.involvedTeams(events));
            p.eventsLoadedAt = System.currentTimeMillis();
            return null;
        });
    }

    private void tick() {
        for (Playing p : new ArrayList<>(playing.values())) {
            p.viewers.removeIf(v -> !v.open());
            if (p.viewers.isEmpty()) {
                playing.remove(p.replayId);
                continue;
            }
            if (p.busy || p.state == null) {
                continue;
            }
            if (System.currentTimeMillis() - p.eventsLoadedAt > 5_000) {
                // notes made in the session (and anything committed since) join the replay
                p.busy = true;
                loadEvents(p).onComplete(ar -> p.busy = false);
                continue;
            }
            p.behind.retainAll(p.viewers);
            if (!p.behind.isEmpty() && !p.keyframeDue && p.sentUpTo != Long.MIN_VALUE) {
                List<ReplayViewer> ready = p.behind.stream().filter(ReplayViewer::writable).toList();
                if (!ready.isEmpty()) {
                    keyframeAt(p, ready, p.sentUpTo, false); // back in step with the others
                    continue;
                }
            }
            long at = ControlReplay.position(p.state, sessions.now());
            if (p.keyframeDue || at < p.sentUpTo || at - p.sentUpTo > MAX_DELTA_WINDOW_MS) {
                keyframe(p, p.viewers);
            } else if (at > p.sentUpTo) {
                deltas(p, p.sentUpTo, at);
            }
        }
    }

    /** A keyframe at the playhead; everyone's deltas continue from there. */
    private void keyframe(Playing p, List<ReplayViewer> to) {
        keyframeAt(p, to, ControlReplay.position(p.state, sessions.now()), true);
    }

    /**
     * The state at {@code at} to {@code to}; with {@code advance} the others' deltas continue from {@code at}, without
     * it {@code at} is where they already are (a newcomer or a participant catching up joins them there).
     */
    private void keyframeAt(Playing p, List<ReplayViewer> to, long at, boolean advance) {
        long started = System.nanoTime();
        p.busy = true;
        if (advance) {
            p.keyframeDue = false;
        }
        history.at(p.events, at).onComplete(ar -> {
            p.busy = false;
            seekTimer.record(Duration.ofNanos(System.nanoTime() - started));
            if (ar.failed()) {
                // before the incident was reported: an empty picture at that moment
                if (!(ar.cause() instanceof Rejection)) {
                    LOG.warn("replay keyframe failed [replay: {}]", p.replayId, ar.cause());
                }
                ServerMessage empty = ServerMessage.newBuilder().setReplayFrame(ReplayFrame.newBuilder()
                        .setReplayId(p.replayId).setTimeMs(at).setKeyframe(true)).build();
                to.forEach(v -> deliver(p, v, empty, true));
                if (advance) {
                    p.sentUpTo = at;
                }
                return;
            }
            // a keyframe carries the notes and judgments made about the time up to `at`, so that a participant who
            // seeks past them still reads them
            ReplayFrame.Builder frame = ReplayFrame.newBuilder().setReplayId(p.replayId).setTimeMs(at).setKeyframe(true)
                    .setState(ar.result());
            for (TimelineEvent e : p.events) {
                if (e.hasNoteAdded() && (e.getNoteAdded().getAtMs() > 0 ? e.getNoteAdded().getAtMs() : e.getTimeMs()) <= at) {
                    frame.addDeltas(Delta.newBuilder().setTimeMs(e.getTimeMs()).setEvent(e));
                }
            }
            ServerMessage m = ServerMessage.newBuilder().setReplayFrame(frame).build();
            to.forEach(v -> deliver(p, v, m, true));
            if (advance) {
                p.sentUpTo = at;
            }
        });
    }

    private void deltas(Playing p, long from, long to) {
        List<Delta> out = new ArrayList<>();
        for (TimelineEvent e : p.events) {
            long when = e.hasNoteAdded() && e.getNoteAdded().getAtMs() > 0 ? e.getNoteAdded().getAtMs() : e.getTimeMs();
            if (when > from && when <= to) {
                out.addAll(changesOf(e));
            }
        }
        p.busy = true;
        positions.teamsBetween(p.teams, Instant.ofEpochMilli(from), Instant.ofEpochMilli(to), 50_000).onComplete(ar -> {
            p.busy = false;
            if (ar.succeeded()) {
                Map<String, Position> latest = new LinkedHashMap<>();
                for (LocationHistory.StoredFix f : ar.result()) {
                    latest.put(f.teamId(), IncidentHistory.position(f));
                }
                latest.forEach((team, pos) -> out.add(Delta.newBuilder().setTimeMs(pos.getTimeMs())
                        .setTeamMoved(TeamMoved.newBuilder().setTeamId(team).setPosition(pos)).build()));
            }
            p.sentUpTo = to;
            ServerMessage m = ServerMessage.newBuilder().setReplayFrame(ReplayFrame.newBuilder().setReplayId(p.replayId)
                    .setTimeMs(to).addAllDeltas(out)).build();
            p.viewers.forEach(v -> deliver(p, v, m, false));
        });
    }

    /** The changes one event makes to the picture, as deltas (and the event itself for the timeline). */
    static List<Delta> changesOf(TimelineEvent e) {
        List<Delta> d = new ArrayList<>();
        Delta.Builder base = Delta.newBuilder().setTimeMs(e.getTimeMs());
        switch (e.getPayloadCase()) {
            case INCIDENT_REPORTED -> d.add(base.clone().setIncident(e.getIncidentReported().getIncident()).build());
            case INCIDENT_UPDATED -> d.add(base.clone().setIncident(e.getIncidentUpdated().getIncident()).build());
            case INCIDENT_STATUS_CHANGED -> d.add(base.clone().setIncident(e.getIncidentStatusChanged().getIncident()).build());
            case TEAM_DISPATCHED -> {
                d.add(base.clone().setTeam(e.getTeamDispatched().getTeam()).build());
                d.add(base.clone().setAssignment(e.getTeamDispatched().getAssignment()).build());
            }
            case ASSIGNMENT_STATUS_CHANGED -> {
                d.add(base.clone().setTeam(e.getAssignmentStatusChanged().getTeam()).build());
                d.add(base.clone().setAssignment(e.getAssignmentStatusChanged().getAssignment()).build());
            }
            case ALERT_RAISED -> d.add(base.clone().setAlert(e.getAlertRaised().getAlert()).build());
            case ALERT_ACKNOWLEDGED -> d.add(base.clone().setAlert(e.getAlertAcknowledged().getAlert()).build());
            case ALERT_RESOLVED -> d.add(base.clone().setAlert(e.getAlertResolved().getAlert()).build());
            default -> {
                // notes and the rest appear as timeline events only
            }
        }
        d.add(base.clone().setEvent(e).build());
        return d;
    }

    /** State changes go to everyone: small, rare, and what the participants see of each other. */
    private static void broadcast(Playing p, ServerMessage m) {
        p.viewers.forEach(v -> v.send(m));
    }

    /**
     * A frame to one participant, unless its socket cannot take it: frames do not pile up in a slow console's memory;
     * it is then behind, gets no deltas, and is put back in step by a keyframe ({@code resync}) once it can take one.
     */
    private void deliver(Playing p, ReplayViewer v, ServerMessage frame, boolean resync) {
        if (!v.writable()) {
            p.behind.add(v);
            framesSkipped.increment();
            return;
        }
        if (resync) {
            p.behind.remove(v);
        } else if (p.behind.contains(v)) {
            framesSkipped.increment();
            return;
        }
        v.send(frame);
    }

    /** Whether a session is played here at all (for tests and metrics). */
    public int playingHere() {
        return playing.size();
    }
}
