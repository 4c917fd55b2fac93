package org.muster.server.push;

import io.vertx.core.http.ServerWebSocket;
import org.muster.server.auth.Principal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One console's stream: its epoch, the last sequence number given, its interest, what is waiting to be sent, and what
 * was sent recently (so that a console that reconnects within the retained window gets exactly what it missed).
 *
 * <p>Sequence numbers are given when changes are framed, one per delta, without gaps. Waiting position changes of
 * one entity coalesce (only the latest is sent) while the console cannot keep up; all other changes are kept in order.
 *
 * <p>Threading: owned by one hub and touched only on its context; handed between hubs on resume.
 */
final class ConsoleSession {
    final String epoch;
    final Principal principal;
    private long seq;
    Interest interest = Interest.NOTHING;
    ServerWebSocket socket;
    /** The hub that holds this session now. */
    volatile ConsoleHub owner;
    /** The consultation session this console has joined, if any, and how the replay driver reaches it. */
    String replayId;
    org.muster.server.replay.ReplayViewer viewer;
    /** Messages per second this console may send. */
    io.github.bucket4j.Bucket rate;
    long detachedAtMs;
    long lastClientMessageMs;
    long lastHeartbeatMs;
    /** The last change the hub's {@link InterestIndex} tested this session against (each is tested once). */
    long matchStamp;
    /** A snapshot is to be sent at the hub's next tick, answering this request, flagged resync or not. */
    boolean snapshotDue;
    long snapshotRequestId;
    boolean snapshotResync;
    /** The snapshot being built, during a tick only. */
    org.muster.protocol.v1.Snapshot.Builder snapshot;

    /** Waiting moves up to this many are found by a scan; beyond, through {@link #pendingMoves}. */
    static final int SCAN_MOVES = 16;

    private final List<Change> pending = new ArrayList<>();
    /** Where each waiting move's entity sits in {@link #pending}; kept only while more than SCAN_MOVES wait. */
    private final Map<String, Integer> pendingMoves = new HashMap<>();
    private int pendingMoveCount;
    private int pendingOthers;
    private long pendingSinceMs;

    /** Slots a ring starts with; it doubles when full, up to the retained-deltas limit. */
    static final int INITIAL_HISTORY = 256;

    // the retained window: seqs and changes sent, oldest first, as a ring that grows to at most maxHistory slots
    // (a console that receives few deltas never holds the full 20 bytes x limit)
    private final int maxHistory;
    private long[] historySeq;
    private long[] historyAt;
    private Change[] history;
    private int historyStart;
    private int historySize;

    ConsoleSession(String epoch, Principal principal, int retainedDeltas, long nowMs) {
        this.epoch = epoch;
        this.principal = principal;
        this.maxHistory = retainedDeltas;
        int initial = Math.min(retainedDeltas, INITIAL_HISTORY);
        this.historySeq = new long[initial];
        this.historyAt = new long[initial];
        this.history = new Change[initial];
        this.lastClientMessageMs = nowMs;
        this.lastHeartbeatMs = nowMs;
    }

    long seq() {
        return seq;
    }

    boolean attached() {
        return socket != null;
    }

    /** Queues a change that matches the interest; a move replaces a waiting move of the same entity. */
    void enqueue(Change c, long nowMs) {
        if (pending.isEmpty()) {
            pendingSinceMs = nowMs;
        }
        if (c.movement()) {
            // A console that keeps up has a few changes waiting at a tick: a scan is cheaper than a hash map, which
            // is only built once many moves wait (a console falling behind).
            int at = waitingMove(c.key());
            if (at >= 0) {
                pending.set(at, c);
                return;
            }
            pendingMoveCount++;
            if (pendingMoveCount > SCAN_MOVES) {
                if (pendingMoves.isEmpty()) {
                    for (int i = 0; i < pending.size(); i++) {
                        Change w = pending.get(i);
                        if (w.movement()) {
                            pendingMoves.put(w.key(), i);
                        }
                    }
                }
                pendingMoves.put(c.key(), pending.size());
            }
        } else {
            pendingOthers++;
        }
        pending.add(c);
    }

    /** The index in {@link #pending} of a waiting move of this entity, or -1. */
    private int waitingMove(String key) {
        if (pendingMoveCount > SCAN_MOVES) {
            Integer at = pendingMoves.get(key);
            return at == null ? -1 : at;
        }
        for (int i = pending.size() - 1; i >= 0; i--) {
            Change w = pending.get(i);
            if (w.movement() && w.key().equals(key)) {
                return i;
            }
        }
        return -1;
    }

    boolean hasPending() {
        return !pending.isEmpty();
    }

    /** Changes that can never be dropped, waiting. */
    int pendingOthers() {
        return pendingOthers;
    }

    long pendingSinceMs() {
        return pendingSinceMs;
    }

    /** Gives the waiting changes their sequence numbers, remembers them as sent, and returns them as one frame. */
    io.vertx.core.buffer.Buffer takePending(long nowMs) {
        io.vertx.core.buffer.Buffer frame = Frames.deltas(epoch, pending, seq + 1);
        for (Change c : pending) {
            seq++;
            remember(seq, c, nowMs);
        }
        clearPending();
        return frame;
    }

    void clearPending() {
        pending.clear();
        pendingMoves.clear();
        pendingMoveCount = 0;
        pendingOthers = 0;
    }

    /** A snapshot supersedes everything before it: nothing waits, nothing before it can be resumed into. */
    void resetTo(Interest next) {
        interest = next;
        clearPending();
        historyStart = 0;
        historySize = 0;
    }

    private void remember(long s, Change c, long nowMs) {
        if (historySize == history.length && history.length < maxHistory) {
            grow();
        }
        int cap = history.length;
        if (cap == 0) {
            return;
        }
        int slot = (historyStart + historySize) % cap;
        if (historySize == cap) {
            historyStart = (historyStart + 1) % cap;
        } else {
            historySize++;
        }
        historySeq[slot] = s;
        historyAt[slot] = nowMs;
        history[slot] = c;
    }

    /** Doubles the ring (up to maxHistory), its entries moved to the front, oldest first. */
    private void grow() {
        int cap = Math.min(maxHistory, Math.max(1, history.length * 2));
        long[] seqs = new long[cap];
        long[] ats = new long[cap];
        Change[] changes = new Change[cap];
        for (int i = 0; i < historySize; i++) {
            int slot = (historyStart + i) % history.length;
            seqs[i] = historySeq[slot];
            ats[i] = historyAt[slot];
            changes[i] = history[slot];
        }
        historySeq = seqs;
        historyAt = ats;
        history = changes;
        historyStart = 0;
    }

    /** Slots the ring has now (for tests). */
    int historyCapacity() {
        return history.length;
    }

    /** Forgets what was sent before {@code cutoffMs}. */
    void trimHistory(long cutoffMs) {
        while (historySize > 0 && historyAt[historyStart] < cutoffMs) {
            history[historyStart] = null;
            historyStart = (historyStart + 1) % history.length;
            historySize--;
        }
    }

    /**
     * The changes sent after {@code lastApplied}, in order (their seqs are {@code lastApplied + 1} onwards: seqs are
     * given without gaps), or null when they are no longer all retained (the console then gets a fresh snapshot).
     */
    List<Change> since(long lastApplied) {
        if (lastApplied > seq) {
            return null;
        }
        if (lastApplied == seq) {
            return List.of();
        }
        if (historySize == 0 || historySeq[historyStart] > lastApplied + 1) {
            return null;
        }
        List<Change> out = new ArrayList<>();
        for (int i = 0; i < historySize; i++) {
            int slot = (historyStart + i) % history.length;
            if (historySeq[slot] > lastApplied) {
                out.add(history[slot]);
            }
        }
        return out;
    }
}
