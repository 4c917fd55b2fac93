package org.muster.server.push;

import com.google.protobuf.InvalidProtocolBufferException;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import org.muster.protocol.v1.Alert;
import org.muster.protocol.v1.Assignment;
import org.muster.protocol.v1.ClientMessage;
import org.muster.protocol.v1.ErrorCode;
import org.muster.protocol.v1.GeoPoint;
import org.muster.protocol.v1.Incident;
import org.muster.protocol.v1.Pong;
import org.muster.protocol.v1.Resume;
import org.muster.protocol.v1.ServerMessage;
import org.muster.protocol.v1.Snapshot;
import org.muster.protocol.v1.Subscribe;
import org.muster.protocol.v1.Team;
import org.muster.server.auth.Principal;
import org.muster.server.events.Rejection;
import org.muster.server.live.LivePicture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The consoles of one event loop: their sessions, what they are interested in, and a short tick (tens of
 * milliseconds) that matches the changes of the live picture against the sessions that could want them (an
 * {@link InterestIndex} of boxes, regions and incidents) and sends each console one frame with all its new deltas. A console that cannot keep up (its socket's write queue is full) is not written to: its
 * waiting position changes coalesce, and if it stays behind too long, or too many other changes wait, it gets an
 * Error SLOW_CONSUMER and is closed. Nobody else waits for it.
 *
 * <p>Threading: everything runs on this hub's context; the live picture hands changes over through a queue.
 */
public final class ConsoleHub {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleHub.class);

    /** Limits and timings of console streams. */
    public record Limits(Duration flush, Duration heartbeat, Duration idleTimeout, Duration resumeWindow, int retainedDeltas,
                         int maxPendingChanges, Duration slowConsumerGrace, int messagesPerSecond, int writeQueueBytes) {
    }

    private final Context context;
    private final LivePicture live;
    private final ConsoleHubs hubs;
    private final Clock clock;
    private final Limits limits;
    private final org.muster.server.replay.Consultations replays;
    private final ConcurrentLinkedQueue<Change> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inboxSize = new AtomicInteger();
    private final Map<String, ConsoleSession> sessions = new LinkedHashMap<>();
    private final InterestIndex.Marks marks = new InterestIndex.Marks();
    private final InterestIndex index = new InterestIndex(marks);
    /**
     * The sessions or an interest changed since the index was built: every change to {@link #sessions} and every
     * {@code resetTo} of a session sets it. Without it, each tick would compare all sessions with the index (a
     * thousand cold objects fifty times a second).
     */
    private boolean indexStale = true;
    /** Sessions that subscribed since the last tick: their snapshots are built together at the next one. */
    private final List<ConsoleSession> snapshotsDue = new ArrayList<>();
    private final Counter slowClosed;
    private final Counter framesSent;
    private final Counter bytesSent;
    private final Counter resumed;
    private final Counter resynced;
    private volatile int attached;
    private long timer = -1;

    public ConsoleHub(Context context, LivePicture live, ConsoleHubs hubs, Clock clock, Limits limits, MeterRegistry metrics,
                      org.muster.server.replay.Consultations replays) {
        this.replays = replays;
        this.context = context;
        this.live = live;
        this.hubs = hubs;
        this.clock = clock;
        this.limits = limits;
        this.slowClosed = Counter.builder("muster.console.slow.closed").description("consoles closed for falling behind").register(metrics);
        this.framesSent = Counter.builder("muster.console.frames").description("frames sent to consoles").register(metrics);
        this.bytesSent = Counter.builder("muster.console.bytes").description("bytes sent to consoles").register(metrics);
        this.resumed = Counter.builder("muster.console.resumed").description("streams resumed with exactly the missed deltas").register(metrics);
        this.resynced = Counter.builder("muster.console.resynced").description("resumes answered with a fresh snapshot").register(metrics);
    }

    public void start() {
        hubs.add(this);
        timer = context.owner().setPeriodic(limits.flush().toMillis(), t -> tick());
    }

    public void stop() {
        hubs.remove(this);
        if (timer >= 0) {
            context.owner().cancelTimer(timer);
        }
        for (ConsoleSession s : sessions.values()) {
            hubs.sessions.remove(s.epoch);
            close(s, (short) 1001, "server shutting down", Level.INFO, "the member is stopping", false);
        }
        sessions.clear();
        indexStale = true;
    }

    int connections() {
        return attached;
    }

    /** Changes a hub may hold before it gives up on its streams (see {@link #offer}). */
    static final int INBOX_LIMIT = 1_000_000;
    /** Changes matched per tick, so that one tick never holds the event loop for long. */
    static final int MAX_CHANGES_PER_TICK = 50_000;
    private volatile boolean overloaded;

    /**
     * From the live context: a change for the consoles of this hub. Bounded: a hub that falls more than
     * {@link #INBOX_LIMIT} changes behind drops nothing silently; it ends every stream it serves with
     * UNAVAILABLE (close 1013), and the consoles subscribe again and get a complete snapshot.
     */
    void offer(Change c) {
        if (overloaded) {
            return;
        }
        if (inboxSize.get() >= INBOX_LIMIT) {
            overloaded = true;
            return;
        }
        inboxSize.incrementAndGet();
        inbox.add(c);
    }

    /** On this hub's context: the inbox overflowed; every stream here is ended so that no console misses a change. */
    private void shedStreams() {
        LOG.warn("console hub overloaded: ending its {} streams; consoles subscribe again [inboxLimit: {}]",
                sessions.size(), INBOX_LIMIT);
        int dropped = 0;
        while (inbox.poll() != null) {
            dropped++;
        }
        inboxSize.addAndGet(-dropped);
        for (ConsoleSession s : new java.util.ArrayList<>(sessions.values())) {
            if (s.socket != null) {
                send(s, Frames.error(0, ErrorCode.ERROR_CODE_UNAVAILABLE, "the server fell behind; subscribe again", null));
                close(s, (short) 1013, "overloaded", Level.WARN, "the hub's inbox overflowed", true);
            } else {
                forget(s);
            }
        }
        overloaded = false;
    }

    /** A new console connection, already authenticated and authorised; called on this hub's context. */
    public void accept(ServerWebSocket ws, Principal principal) {
        ConsoleSession s = new ConsoleSession(UUID.randomUUID().toString(), principal, limits.retainedDeltas(), clock.millis());
        attach(s, ws);
        rebind(s);
    }

    /** Points the socket's handlers at the session that now serves it (it changes on resume). */
    private void rebind(ConsoleSession s) {
        ServerWebSocket ws = s.socket;
        if (ws == null) {
            return;
        }
        if (s.rate == null) {
            s.rate = Bucket.builder().addLimit(Bandwidth.builder().capacity(2L * limits.messagesPerSecond())
                    .refillGreedy(limits.messagesPerSecond(), Duration.ofSeconds(1)).build()).build();
        }
        ws.binaryMessageHandler(buf -> {
            if (!s.rate.tryConsume(1)) {
                send(s, Frames.error(0, ErrorCode.ERROR_CODE_RATE_LIMITED,
                        "more than " + limits.messagesPerSecond() + " messages per second", null));
                close(s, (short) 1008, "rate limit", Level.WARN, "more than " + limits.messagesPerSecond()
                        + " messages per second", true);
                return;
            }
            ConsoleSession now = onMessage(s, buf);
            if (now != s) {
                rebind(now);
            }
        });
        ws.textMessageHandler(text -> send(s, Frames.error(0, ErrorCode.ERROR_CODE_MALFORMED_REQUEST,
                "send binary frames, each one muster.v1.ClientMessage", null)));
        ws.exceptionHandler(e -> LOG.debug("console socket error [epoch: {}]", s.epoch, e));
        ws.closeHandler(v -> {
            if (s.socket == ws) {
                // not closed by this hub (its closes detach first): by the console, the network, or Vert.x itself
                LOG.info("console connection closed [epoch: {}, subject: {}, status: {}, reason: {}]", s.epoch,
                        s.principal.subject(), ws.closeStatusCode(), ws.closeReason());
            }
            detach(s, ws);
        });
    }

    private void forget(ConsoleSession s) {
        sessions.remove(s.epoch);
        hubs.sessions.remove(s.epoch, s);
        indexStale = true;
    }

    private void attach(ConsoleSession s, ServerWebSocket ws) {
        ws.setWriteQueueMaxSize(limits.writeQueueBytes());
        s.owner = this;
        s.socket = ws;
        s.detachedAtMs = 0;
        s.lastClientMessageMs = clock.millis();
        sessions.put(s.epoch, s);
        hubs.sessions.put(s.epoch, s);
        indexStale = true;
        attached++;
    }

    private void detach(ConsoleSession s, ServerWebSocket ws) {
        if (s.socket == ws && s.replayId != null && replays != null) {
            replays.driver().leave(s.replayId, s.viewer);
            s.replayId = null;
        }
        if (s.socket == ws) {
            s.socket = null;
            s.detachedAtMs = clock.millis();
            attached--;
        }
    }

    private ConsoleSession onMessage(ConsoleSession s, Buffer buf) {
        s.lastClientMessageMs = clock.millis();
        ClientMessage m;
        try {
            m = ClientMessage.parseFrom(buf.getBytes());
        } catch (InvalidProtocolBufferException e) {
            send(s, Frames.error(0, ErrorCode.ERROR_CODE_MALFORMED_REQUEST, "not a muster.v1.ClientMessage", null));
            return s;
        }
        try {
            return switch (m.getKindCase()) {
                case SUBSCRIBE -> {
                    subscribe(s, m.getRequestId(), Interest.of(m.getSubscribe()).within(s.principal.regions()), false);
                    yield s;
                }
                case UNSUBSCRIBE -> {
                    s.resetTo(Interest.NOTHING);
                    indexStale = true;
                    yield s;
                }
                case RESUME -> resume(s, m.getRequestId(), m.getResume());
                case PING -> {
                    send(s, Frames.of(ServerMessage.newBuilder().setRequestId(m.getRequestId()).setPong(Pong.newBuilder()
                            .setClientTimeMs(m.getPing().getClientTimeMs()).setServerTimeMs(clock.millis())).build()));
                    yield s;
                }
                case REPLAY_JOIN -> {
                    joinReplay(s, m.getRequestId(), m.getReplayJoin().getReplayId());
                    yield s;
                }
                case REPLAY_CONTROL -> {
                    controlReplay(s, m.getRequestId(), m.getReplayControl());
                    yield s;
                }
                default -> {
                    send(s, Frames.error(m.getRequestId(), ErrorCode.ERROR_CODE_MALFORMED_REQUEST, "empty or unknown message", null));
                    yield s;
                }
            };
        } catch (Rejection r) {
            send(s, Frames.error(m.getRequestId(), r.code(), r.getMessage(), r.field()));
            return s;
        }
    }

    private void joinReplay(ConsoleSession s, long requestId, String replayId) {
        if (replays == null) {
            send(s, Frames.error(requestId, ErrorCode.ERROR_CODE_UNAVAILABLE, "consultation sessions are not served here", null));
            return;
        }
        if (s.replayId != null) {
            replays.driver().leave(s.replayId, s.viewer);
        }
        ConsoleSession session = s;
        s.replayId = replayId;
        s.viewer = new org.muster.server.replay.ReplayViewer() {
            @Override
            public String participant() {
                return session.principal.subject();
            }

            @Override
            public void send(ServerMessage message) {
                context.runOnContext(v -> ConsoleHub.this.send(session, Frames.of(message)));
            }

            @Override
            public boolean open() {
                return session.socket != null && replayId.equals(session.replayId);
            }

            @Override
            public boolean writable() {
                ServerWebSocket ws = session.socket;
                return ws != null && !ws.writeQueueFull();
            }
        };
        replays.driver().join(replayId, s.viewer).onFailure(e -> context.runOnContext(v -> {
            s.replayId = null;
            reject(s, requestId, e);
        }));
    }

    private void controlReplay(ConsoleSession s, long requestId, org.muster.protocol.v1.ReplayControl c) {
        if (replays == null || s.replayId == null || !s.replayId.equals(c.getReplayId())) {
            send(s, Frames.error(requestId, ErrorCode.ERROR_CODE_VALIDATION_FAILED, "join consultation session "
                    + c.getReplayId() + " first", "replay_control.replay_id"));
            return;
        }
        String who = s.principal.subject();
        io.vertx.core.Future<?> done = switch (c.getActionCase()) {
            case PLAY -> replays.driver().control(c.getReplayId(), org.muster.server.replay.ControlReplay.Action.PLAY, who, 0, null);
            case PAUSE -> replays.driver().control(c.getReplayId(), org.muster.server.replay.ControlReplay.Action.PAUSE, who, 0, null);
            case SEEK -> replays.driver().control(c.getReplayId(), org.muster.server.replay.ControlReplay.Action.SEEK, who, c.getSeek().getTimeMs(), null);
            case SPEED -> replays.driver().control(c.getReplayId(), org.muster.server.replay.ControlReplay.Action.SPEED, who, c.getSpeed().getSpeed(), null);
            case HAND_OVER -> replays.driver().control(c.getReplayId(), org.muster.server.replay.ControlReplay.Action.HAND_OVER, who, 0,
                    c.getHandOver().getToParticipant());
            case NOTE -> replays.note(s.principal.actor(""), c.getReplayId(), c.getNote());
            default -> io.vertx.core.Future.failedFuture(new Rejection(ErrorCode.ERROR_CODE_MALFORMED_REQUEST, "no action"));
        };
        done.onFailure(e -> context.runOnContext(v -> reject(s, requestId, e)));
    }

    private void reject(ConsoleSession s, long requestId, Throwable e) {
        if (e instanceof Rejection r) {
            send(s, Frames.error(requestId, r.code(), r.getMessage(), r.field()));
        } else {
            LOG.warn("console request failed", e);
            send(s, Frames.error(requestId, ErrorCode.ERROR_CODE_INTERNAL, "the request failed; try again", null));
        }
    }

    /**
     * Replaces the interest; the snapshot of it follows at the next tick (within {@code console.flush.ms}), as of
     * the session's sequence number then. A Subscribe replaced by another before that is answered by the later one's
     * snapshot only.
     */
    private void subscribe(ConsoleSession s, long requestId, Interest interest, boolean resync) {
        s.resetTo(interest);
        indexStale = true;
        s.snapshotResync = s.snapshotDue ? s.snapshotResync || resync : resync;
        s.snapshotRequestId = requestId;
        if (!s.snapshotDue) {
            s.snapshotDue = true;
            snapshotsDue.add(s);
        }
    }

    /**
     * Continues an earlier stream of this member with exactly the deltas the console missed, if they are all still
     * retained; otherwise a fresh snapshot (flagged resync) of the interest it names. A stream held by another event
     * loop of this member is handed over first.
     */
    private ConsoleSession resume(ConsoleSession fresh, long requestId, Resume r) {
        ConsoleSession old = hubs.sessions.get(r.getEpoch());
        if (old != null && old != fresh && old.owner == this && old.socket != null
                && old.principal.subject().equals(fresh.principal.subject())) {
            // the console reconnected before its old connection was seen to close (a half-open link): drop that one
            close(old, (short) 1001, "resumed on another connection", Level.INFO, "epoch " + fresh.epoch
                    + " resumes this stream", false);
        }
        if (old != null && old != fresh && old.owner != this && old.owner != null) {
            old.owner.handOver(old, this, fresh, requestId, r);
            return fresh;
        }
        if (old != null && old != fresh && old.socket == null && old.principal.subject().equals(fresh.principal.subject())) {
            List<Change> missed = old.since(r.getSeq());
            if (missed != null) {
                ServerWebSocket ws = fresh.socket;
                forget(fresh);
                attached--;
                attach(old, ws);
                if (!missed.isEmpty()) {
                    send(old, Frames.deltas(old.epoch, missed, r.getSeq() + 1));
                }
                resumed.increment();
                return old;
            }
        }
        resynced.increment();
        subscribe(fresh, requestId, r.hasSubscribe() ? Interest.of(r.getSubscribe()).within(fresh.principal.regions()) : Interest.NOTHING, true);
        return fresh;
    }

    /** On this hub's context: gives a detached session to the hub where its console reconnected. */
    private void handOver(ConsoleSession s, ConsoleHub to, ConsoleSession fresh, long requestId, Resume r) {
        context.runOnContext(v -> {
            if (sessions.get(s.epoch) == s && s.socket == null) {
                sessions.remove(s.epoch);
                indexStale = true;
                s.owner = to;
                to.context.runOnContext(w -> {
                    to.sessions.put(s.epoch, s);
                    to.indexStale = true;
                    to.continueResume(fresh, requestId, r);
                });
            } else {
                to.context.runOnContext(w -> to.continueResume(fresh, requestId, r));
            }
        });
    }

    private void continueResume(ConsoleSession fresh, long requestId, Resume r) {
        if (fresh.socket == null) {
            return; // the console went away meanwhile
        }
        ConsoleSession result = resume(fresh, requestId, r);
        fresh.socket.binaryMessageHandler(null);
        rebind(result);
    }

    /**
     * On this hub's context, at the start of a tick: the snapshots of every session that subscribed since the last
     * one, built in one pass over the live picture (each entity tested, through an {@link InterestIndex} of those
     * sessions, only against the sessions that could want it) instead of a pass per session: a thousand consoles
     * connecting at once, as after a member fails, cost a few passes rather than a thousand.
     */
    private void sendDueSnapshots() {
        if (snapshotsDue.isEmpty()) {
            return;
        }
        List<ConsoleSession> due = new ArrayList<>(snapshotsDue.size());
        List<ConsoleSession> wanting = new ArrayList<>();
        long now = clock.millis();
        for (ConsoleSession s : snapshotsDue) {
            if (s.snapshotDue && s.socket != null && sessions.get(s.epoch) == s) {
                due.add(s);
                s.snapshot = Snapshot.newBuilder().setEpoch(s.epoch).setSeq(s.seq()).setResync(s.snapshotResync)
                        .setServerTimeMs(now);
                if (!s.interest.isEmpty()) {
                    wanting.add(s);
                }
            }
            s.snapshotDue = false;
        }
        snapshotsDue.clear();
        if (!wanting.isEmpty()) {
            InterestIndex want = new InterestIndex(marks);
            want.refresh(wanting);
            fill(want);
        }
        for (ConsoleSession s : due) {
            Snapshot.Builder b = s.snapshot;
            s.snapshot = null;
            send(s, Frames.of(ServerMessage.newBuilder().setRequestId(s.snapshotRequestId).setSnapshot(b).build()));
        }
    }

    /** Adds every entity of the live picture to the snapshots of the sessions in {@code want} whose interest it matches. */
    private void fill(InterestIndex want) {
        Map<String, Incident> incidents = new java.util.HashMap<>();
        for (Incident i : live.incidents()) {
            incidents.put(i.getId(), i);
            want.forEachMatch(i.getRegionCode(), i.getLocation().getLon(), i.getLocation().getLat(), new String[] {i.getId()},
                    s -> s.snapshot.addIncidents(i));
        }
        String[] none = new String[0];
        for (Team stored : live.teams()) {
            // the place first, the team with its live position built only for the teams that match
            GeoPoint p = live.position(stored.getId())
                    .filter(x -> !stored.hasPosition() || x.getTimeMs() > stored.getPosition().getTimeMs())
                    .map(org.muster.protocol.v1.Position::getPoint)
                    .orElse(stored.hasPosition() ? stored.getPosition().getPoint() : stored.getHome());
            Team[] built = {null};
            want.forEachMatch(stored.getRegionCode(), p.getLon(), p.getLat(),
                    stored.getIncidentId().isEmpty() ? none : new String[] {stored.getIncidentId()}, s -> {
                        if (built[0] == null) {
                            built[0] = live.withPosition(stored);
                        }
                        s.snapshot.addTeams(built[0]);
                    });
        }
        for (Assignment a : live.assignments()) {
            Incident i = incidents.get(a.getIncidentId());
            want.forEachMatch(a.getIncidentRegionCode(), i == null ? Double.NaN : i.getLocation().getLon(),
                    i == null ? Double.NaN : i.getLocation().getLat(), new String[] {a.getIncidentId()},
                    s -> s.snapshot.addAssignments(a));
        }
        for (Alert al : live.alerts()) {
            Incident i = incidents.get(al.getIncidentId());
            want.forEachMatch(al.getRegionCode(), i == null ? Double.NaN : i.getLocation().getLon(),
                    i == null ? Double.NaN : i.getLocation().getLat(), new String[] {al.getIncidentId()},
                    s -> s.snapshot.addAlerts(al));
        }
    }

    private void tick() {
        long now = clock.millis();
        if (overloaded) {
            shedStreams();
        }
        sendDueSnapshots();
        if (indexStale) {
            index.refresh(sessions.values());
            indexStale = false;
        }
        Change c;
        int taken = 0;
        while (taken++ < MAX_CHANGES_PER_TICK && (c = inbox.poll()) != null) {
            inboxSize.decrementAndGet();
            Change change = c;
            index.forEachMatch(change, s -> s.enqueue(change, now));
        }
        long cutoff = now - limits.resumeWindow().toMillis();
        Iterator<ConsoleSession> it = sessions.values().iterator();
        while (it.hasNext()) {
            ConsoleSession s = it.next();
            if (s.socket == null) {
                // detached: kept for a resume within the window, accumulating what it misses, within limits
                if (s.detachedAtMs < cutoff || s.pendingOthers() > limits.maxPendingChanges()) {
                    it.remove();
                    hubs.sessions.remove(s.epoch, s);
                    indexStale = true;
                }
                continue;
            }
            s.trimHistory(cutoff);
            if (now - s.lastClientMessageMs > limits.idleTimeout().toMillis()) {
                send(s, Frames.error(0, ErrorCode.ERROR_CODE_UNAVAILABLE, "idle for "
                        + limits.idleTimeout().toSeconds() + " s; send Ping to stay connected", null));
                close(s, (short) 1001, "idle", Level.INFO, "no message for " + (now - s.lastClientMessageMs) + " ms", false);
                continue;
            }
            if (s.hasPending()) {
                if (s.socket.isClosed()) {
                    continue; // its close handler detaches it; nothing more to write
                }
                if (s.socket.writeQueueFull()) {
                    boolean tooLong = now - s.pendingSinceMs() > limits.slowConsumerGrace().toMillis();
                    if (tooLong || s.pendingOthers() > limits.maxPendingChanges()) {
                        slowClosed.increment();
                        s.socket.writeFrame(io.vertx.core.http.WebSocketFrame.binaryFrame(Frames.error(0,
                                ErrorCode.ERROR_CODE_SLOW_CONSUMER, "the console fell behind the stream for too long; "
                                        + "reconnect and resume or subscribe again", null), true));
                        close(s, (short) 1008, "slow consumer", Level.INFO, "waiting: " + s.pendingOthers()
                                + ", behindMs: " + (now - s.pendingSinceMs()), false);
                        // forgotten through the iterator: removing from the map under it would throw and end the
                        // tick for every console after this one
                        it.remove();
                        hubs.sessions.remove(s.epoch, s);
                        indexStale = true;
                    }
                    continue;
                }
                send(s, s.takePending(now));
                s.lastHeartbeatMs = now;
            } else if (now - s.lastHeartbeatMs >= limits.heartbeat().toMillis()) {
                send(s, Frames.heartbeat(s.epoch, s.seq(), now));
                s.lastHeartbeatMs = now;
            }
        }
    }

    private void send(ConsoleSession s, Buffer frame) {
        if (s.socket != null) {
            s.socket.writeBinaryMessage(frame);
            framesSent.increment();
            bytesSent.increment(frame.length());
        }
    }

    /**
     * Ends a console's connection from the server's side: always with a status and a reason the console can act on
     * (never a bare 1000), logged once here with the stream's epoch and what made the hub close it.
     */
    private void close(ConsoleSession s, short code, String reason, Level level, String why, boolean forget) {
        ServerWebSocket ws = s.socket;
        if (ws != null) {
            LOG.atLevel(level).log("closing a console [epoch: {}, subject: {}, status: {}, reason: {}, why: {}]", s.epoch,
                    s.principal.subject(), code, reason, why);
            detach(s, ws);
            ws.close(code, reason);
        }
        if (forget) {
            forget(s);
        }
    }
}
