package org.muster.ops.loadgen;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import org.muster.protocol.v1.BoundingBox;
import org.muster.protocol.v1.ClientMessage;
import org.muster.protocol.v1.Delta;
import org.muster.protocol.v1.Ping;
import org.muster.protocol.v1.Position;
import org.muster.protocol.v1.Resume;
import org.muster.protocol.v1.ServerMessage;
import org.muster.protocol.v1.Subscribe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A share of the /ws/console connections, on one event loop. Each console subscribes (everything, a bounding box, or
 * its tile's box), waits for its snapshot, then decodes every ServerMessage: it checks that every delta carries the
 * next seq of its stream (and heartbeats the last one), measures each position of this run's devices against the
 * clock of this machine, and remembers every non-position change it saw as {@code kind:id:version} so that the run
 * can check that no console missed one (and, with tiles, that none saw another tile's). A move of a team of another
 * tile is counted at once.
 *
 * <p>With resumes, some consoles drop their link during the window, stay away for a pause and send {@code Resume}
 * with the last seq they applied: the first answer must be the deltas from the next seq on (or a heartbeat of that
 * seq when nothing was missed) in the same epoch, and the seq and event checks above then cover what they missed.
 * A snapshot in answer is a resync, which the run reports as a loss. Moves the server accepted before the console
 * sent its Resume (the missed deltas, and the moves that waited for it while it was away, which follow at the next
 * flush) are counted as caught up and kept out of the latency figures, which would otherwise measure the pause.
 */
final class Consoles extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(Consoles.class);
    private static final long PING_MS = 15_000;
    /** Moves decoded more than this long after the server accepted them count as late in the per-second tally. */
    static final long LATE_MS = 50;
    static final String LATE_MOVES = "position: server accept -> console decode";

    private final URI server;
    private final String token;
    /** Whether the consoles offer permessage-deflate (browsers always do). */
    private final boolean deflate;
    private final int count;
    private final double connectsPerSecond;
    private final double[] bbox;
    private final Tiles tiles;
    private final Fleet fleet;
    private final int firstIndex;
    private final String teamPrefix;
    private final Window window;
    private final int resumes;
    private final long resumePauseMs;
    private int resumesStarted;
    final Stats stats = new Stats();
    final List<Console> consoles = new ArrayList<>();
    private final Promise<Void> ready = Promise.promise();
    private WebSocketClient client;
    private long pinger = -1;
    private volatile boolean stopping;

    /** One console's stream and what it saw. Touched only on this verticle's context. */
    static final class Console {
        final int index;
        /** The tile this console watches, -1 without tiles. */
        final int tile;
        WebSocket ws;
        String epoch;
        long seq = -1;
        boolean snapshot;
        boolean closed;
        String closeReason;
        long gaps;
        long bytesInWindow;
        long framesInWindow;
        long moves;
        long movesInWindow;
        long movesOutsideTile;
        long events;
        final Set<String> seen = new HashSet<>();
        /** Dropped by this run, waiting to resume. */
        boolean away;
        /** Resume sent, its answer not yet read. */
        boolean resuming;
        long resumeSentMs;

        Console(int index, int tile) {
            this.index = index;
            this.tile = tile;
        }

        /** True if this console must see a change of {@code tile} (-1: a change every console must see). */
        boolean expects(int changeTile) {
            return changeTile < 0 || changeTile == tile;
        }
    }

    /**
     * @param firstIndex the run-wide index of this share's first console (console i watches tile i mod G²)
     * @param bbox       the box every console subscribes to, or null
     * @param tiles      the tiles, or null (then {@code bbox} or everything)
     * @param deflate    offer permessage-deflate, as browsers do
     * @param resumes    how many of these consoles drop their link during the window and resume
     */
    Consoles(URI server, String token, int firstIndex, int count, double connectsPerSecond, double[] bbox, Tiles tiles,
             Fleet fleet, Window window, boolean deflate, int resumes, long resumePauseMs) {
        this.resumes = Math.min(resumes, count);
        this.resumePauseMs = resumePauseMs;
        this.deflate = deflate;
        this.server = server;
        this.token = token;
        this.firstIndex = firstIndex;
        this.count = count;
        this.connectsPerSecond = Math.max(1, connectsPerSecond);
        this.bbox = bbox;
        this.tiles = tiles;
        this.fleet = fleet;
        this.teamPrefix = fleet.teamIdPrefix();
        this.window = window;
    }

    /** Completes when every console has its snapshot (or has failed to connect). */
    Future<Void> ready() {
        return ready.future();
    }

    @Override
    public Future<?> start() {
        client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(count + 8)
                .setMaxFrameSize(1 << 20).setMaxMessageSize(256 << 20).setTryUsePerMessageCompression(deflate));
        for (int i = firstIndex; i < firstIndex + count; i++) {
            consoles.add(new Console(i, tiles == null ? -1 : tiles.ofConsole(i)));
        }
        if (count == 0) {
            ready.complete();
        }
        long interval = Math.max(1, (long) (1000 / connectsPerSecond));
        for (int i = 0; i < count; i++) {
            Console c = consoles.get(i);
            vertx.setTimer(1 + i * interval, t -> connect(c));
        }
        pinger = vertx.setPeriodic(PING_MS, t -> {
            for (Console c : consoles) {
                if (c.ws != null && !c.ws.isClosed()) {
                    c.ws.writeBinaryMessage(Buffer.buffer(ClientMessage.newBuilder()
                            .setPing(Ping.newBuilder().setClientTimeMs(System.currentTimeMillis())).build().toByteArray()));
                }
            }
        });
        if (resumes > 0) {
            vertx.setPeriodic(100, t -> dropDue());
        }
        return Future.succeededFuture();
    }

    /**
     * Drops the consoles whose turn has come: the resumes are spread evenly over the window, less the pause and two
     * seconds, so that each is back and checked before the window ends.
     */
    private void dropDue() {
        long now = System.currentTimeMillis();
        if (stopping || resumesStarted >= resumes || !window.contains(now)) {
            return;
        }
        long span = Math.max(1, window.endMs() - window.startMs() - resumePauseMs - 2000);
        long due = Math.min(resumes, (now - window.startMs()) * resumes / span + 1);
        while (resumesStarted < due) {
            drop(consoles.get((int) ((long) resumesStarted * count / resumes)));
            resumesStarted++;
        }
    }

    private void drop(Console c) {
        if (c.ws == null || c.ws.isClosed() || !c.snapshot || c.closed) {
            stats.count("console.resumes.skipped", 1);
            return;
        }
        WebSocket old = c.ws;
        c.ws = null;
        c.away = true;
        stats.count("console.resumes.started", 1);
        old.close((short) 1001, "the load generator drops this link to resume it");
        vertx.setTimer(Math.max(1, resumePauseMs), t -> connect(c));
    }

    private Subscribe.Builder subscription(Console c) {
        Subscribe.Builder s = Subscribe.newBuilder();
        double[] box = tiles != null ? tiles.box(c.tile) : bbox;
        if (box == null) {
            s.setEverything(true);
        } else {
            s.setBbox(BoundingBox.newBuilder().setMinLon(box[0]).setMinLat(box[1]).setMaxLon(box[2]).setMaxLat(box[3]));
        }
        return s;
    }

    @Override
    public Future<?> stop() {
        stopping = true;
        vertx.cancelTimer(pinger);
        List<Future<Void>> closed = new ArrayList<>();
        for (Console c : consoles) {
            if (c.ws != null && !c.ws.isClosed()) {
                closed.add(c.ws.close());
            }
        }
        return Future.join(closed).otherwiseEmpty();
    }

    /**
     * On this verticle's context: how many (console, event) pairs of {@code expected} (change -> the tile that must
     * see it, -1 for every console) are still unseen.
     */
    Future<Long> unseen(Map<String, Integer> expected) {
        Promise<Long> p = Promise.promise();
        context.runOnContext(v -> {
            long n = 0;
            for (Console c : consoles) {
                for (Map.Entry<String, Integer> e : expected.entrySet()) {
                    if (c.expects(e.getValue()) && !c.seen.contains(e.getKey())) {
                        n++;
                    }
                }
            }
            p.complete(n);
        });
        return p.future();
    }

    private void connect(Console c) {
        client.connect(new WebSocketConnectOptions().setHost(server.getHost()).setPort(MusterApi.port(server))
                        .setSsl("https".equals(server.getScheme())).setURI("/ws/console")
                        .addHeader("Authorization", "Bearer " + token))
                .onSuccess(ws -> {
                    if (stopping) {
                        ws.close();
                        return;
                    }
                    c.ws = ws;
                    ws.binaryMessageHandler(b -> receive(c, ws, b));
                    ws.closeHandler(v -> {
                        if (c.ws != ws) {
                            return; // a link this run dropped to resume it
                        }
                        if (!c.snapshot) {
                            settled();
                        }
                        if (!stopping) {
                            c.closed = true;
                            c.closeReason = ws.closeStatusCode() + " " + ws.closeReason();
                            stats.count("console.closed.by.server", 1);
                            LOG.warn("console closed [console: {}, status: {}, reason: {}]", c.index, ws.closeStatusCode(),
                                    ws.closeReason());
                        }
                    });
                    if (c.away) {
                        c.away = false;
                        c.resuming = true;
                        c.resumeSentMs = System.currentTimeMillis();
                        ws.writeBinaryMessage(Buffer.buffer(ClientMessage.newBuilder().setRequestId(2).setResume(
                                Resume.newBuilder().setEpoch(c.epoch).setSeq(c.seq).setSubscribe(subscription(c)))
                                .build().toByteArray()));
                    } else {
                        ws.writeBinaryMessage(Buffer.buffer(ClientMessage.newBuilder().setRequestId(1)
                                .setSubscribe(subscription(c)).build().toByteArray()));
                    }
                })
                .onFailure(e -> {
                    c.closed = true;
                    c.closeReason = "not connected: " + e.getMessage();
                    stats.count("console.connect.failed", 1);
                    LOG.warn("console not connected [console: {}]: {}", c.index, e.getMessage());
                    settled();
                });
    }

    private int settled;

    private void settled() {
        if (++settled == count) {
            ready.tryComplete();
        }
    }

    private void receive(Console c, WebSocket ws, Buffer frame) {
        if (c.ws != ws) {
            return; // still arriving on a link this run dropped: the resume must bring it again
        }
        long now = System.currentTimeMillis();
        boolean inWindow = window.contains(now);
        if (inWindow) {
            c.bytesInWindow += frame.length();
            c.framesInWindow++;
        }
        ServerMessage m;
        try {
            m = ServerMessage.parseFrom(frame.getBytes());
        } catch (Exception e) {
            stats.count("console.unreadable", 1);
            return;
        }
        if (c.resuming && m.getKindCase() != ServerMessage.KindCase.PONG) {
            c.resuming = false;
            resumed(c, m, now);
        }
        switch (m.getKindCase()) {
            case SNAPSHOT -> {
                c.epoch = m.getSnapshot().getEpoch();
                c.seq = m.getSnapshot().getSeq();
                stats.recordMillis("console snapshot size (KiB, not ms)", frame.length() / 1024);
                if (!c.snapshot) {
                    c.snapshot = true;
                    settled();
                } else if (!m.getSnapshot().getResync()) {
                    stats.count("console.snapshots.again", 1);
                }
            }
            case DELTAS -> {
                if (!m.getDeltas().getEpoch().equals(c.epoch)) {
                    stats.count("console.epoch.changed", 1);
                }
                for (Delta d : m.getDeltas().getDeltasList()) {
                    if (c.seq >= 0 && d.getSeq() != c.seq + 1) {
                        c.gaps++;
                        stats.count("console.seq.gaps", 1);
                        if (stats.counter("console.gaps.logged") < 5) {
                            stats.count("console.gaps.logged", 1);
                            LOG.warn("seq gap [console: {}, expected: {}, got: {}, deltas in frame: {}]", c.index, c.seq + 1,
                                    d.getSeq(), m.getDeltas().getDeltasCount());
                        }
                    }
                    c.seq = d.getSeq();
                    delta(c, d, now, inWindow);
                }
            }
            case HEARTBEAT -> {
                if (m.getHeartbeat().getSeq() != c.seq) {
                    c.gaps++;
                    stats.count("console.heartbeat.seq.mismatch", 1);
                    if (stats.counter("console.gaps.logged") < 5) {
                        stats.count("console.gaps.logged", 1);
                        LOG.warn("heartbeat seq differs [console: {}, last delta seq: {}, heartbeat seq: {}]", c.index, c.seq,
                                m.getHeartbeat().getSeq());
                    }
                }
            }
            case ERROR -> {
                stats.count("console.error." + m.getError().getCode().name().replace("ERROR_CODE_", ""), 1);
                LOG.warn("console error [console: {}]: {} {}", c.index, m.getError().getCode(), m.getError().getMessage());
            }
            case PONG -> stats.count("console.pongs", 1);
            default -> stats.count("console.other", 1);
        }
    }

    /** Checks and counts the first answer to a Resume: exact if it continues the stream from the next seq. */
    private void resumed(Console c, ServerMessage m, long now) {
        stats.recordMillis("console resume sent -> first answer", now - c.resumeSentMs);
        switch (m.getKindCase()) {
            case SNAPSHOT -> {
                stats.count("console.resumes.resynced", 1);
                LOG.warn("resume answered with a snapshot [console: {}, resync: {}]", c.index, m.getSnapshot().getResync());
                return;
            }
            case DELTAS -> {
                if (m.getDeltas().getEpoch().equals(c.epoch) && m.getDeltas().getDeltasCount() > 0
                        && m.getDeltas().getDeltas(0).getSeq() == c.seq + 1) {
                    stats.count("console.resumes.exact", 1);
                    stats.recordMillis("console resume: missed deltas in its answer (count, not ms)",
                            m.getDeltas().getDeltasCount());
                    return;
                }
            }
            case HEARTBEAT -> {
                if (m.getHeartbeat().getEpoch().equals(c.epoch) && m.getHeartbeat().getSeq() == c.seq) {
                    stats.count("console.resumes.exact", 1); // nothing was missed
                    return;
                }
            }
            default -> {
            }
        }
        stats.count("console.resumes.unexpected", 1);
        LOG.warn("resume answered with {} [console: {}]", m.getKindCase(), c.index);
    }

    private void delta(Console c, Delta d, long now, boolean inWindow) {
        switch (d.getChangeCase()) {
            case TEAM_MOVED -> {
                Position p = d.getTeamMoved().getPosition();
                c.moves++;
                if (tiles != null) {
                    int team = fleet.teamIndex(d.getTeamMoved().getTeamId());
                    if (team >= 0 && fleet.tileOf(team) != c.tile) {
                        // the server matched a move outside this console's box: its teams never leave their tiles
                        c.movesOutsideTile++;
                        stats.count("console.moves.outside.tile", 1);
                    }
                }
                if (!inWindow || !d.getTeamMoved().getTeamId().startsWith(teamPrefix)) {
                    return;
                }
                c.movesInWindow++;
                stats.count("console.moves", 1);
                if (p.getReceivedMs() < c.resumeSentMs) {
                    stats.count("console.moves.caught.up", 1);
                    return; // missed while away: its age is the pause, not the push
                }
                boolean jt808 = Character.isDigit(p.getDeviceId().isEmpty() ? 'x' : p.getDeviceId().charAt(0));
                if (!jt808) {
                    // JT/T 808 fix times have whole seconds only: no end-to-end figure from them
                    stats.recordMillis("position: device send -> console decode", now - p.getTimeMs());
                }
                stats.recordMillis("position: server accept -> console decode", now - p.getReceivedMs());
                stats.perSecond(LATE_MOVES, (int) ((now - window.startMs()) / 1000), now - p.getReceivedMs() > LATE_MS);
                stats.recordMillis("position: live change -> console decode", now - d.getTimeMs());
            }
            case TEAM -> seen(c, "team:" + d.getTeam().getId() + ":" + d.getTeam().getVersion(), inWindow);
            case ASSIGNMENT -> seen(c, "assignment:" + d.getAssignment().getId() + ":" + d.getAssignment().getVersion(), inWindow);
            case INCIDENT -> seen(c, "incident:" + d.getIncident().getId() + ":" + d.getIncident().getVersion(), inWindow);
            default -> {
                c.events++;
                stats.count("console.events.other", 1);
            }
        }
    }

    private void seen(Console c, String key, boolean inWindow) {
        c.events++;
        c.seen.add(key);
        if (inWindow) {
            stats.count("console.events", 1);
        }
    }
}
