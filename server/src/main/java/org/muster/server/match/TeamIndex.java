package org.muster.server.match;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.muster.geo.index.CapabilityVector;
import org.muster.geo.index.CapabilityVocabulary;
import org.muster.geo.index.MovingPointIndex;
import org.muster.geo.index.TeamPoint;
import org.muster.geo.match.EtaModel;
import org.muster.geo.match.MatchRequest;
import org.muster.geo.match.Matcher;
import org.muster.geo.match.Recommendation;
import org.muster.protocol.v1.Capability;
import org.muster.protocol.v1.Position;
import org.muster.protocol.v1.Team;
import org.muster.server.live.LivePicture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * This member's own spatial index of the teams, kept from its live-picture replica, so that a recommendation never
 * crosses the network.
 *
 * <p>Changes arrive from the replica's observers (teams and live positions) on the live picture's context, in the
 * map's order per key. The replica reconciles itself with the cluster at start, after a member leaves and after a
 * merge, and tells its observers what changed then too; {@link #resync()} additionally compares the whole index with
 * the replica (at start and periodically), so an index that missed an event heals.
 *
 * <p>The geo index and matcher are single-threaded structures. Updates (from the live picture's context) and
 * recommendations (from HTTP event loops) take one lock; a recommendation takes tens of microseconds, an update
 * about one, so the lock is short and rarely contended.
 */
public final class TeamIndex {
    private static final Logger LOG = LoggerFactory.getLogger(TeamIndex.class);

    private final LivePicture live;
    private final ReentrantLock lock = new ReentrantLock();
    private final MovingPointIndex index = new MovingPointIndex();
    private final CapabilityVocabulary vocabulary = new CapabilityVocabulary();
    private final Matcher matcher;
    private final Timer latency;

    public TeamIndex(LivePicture live, EtaModel eta, MeterRegistry metrics) {
        this.live = live;
        this.matcher = new Matcher(index, vocabulary, eta);
        this.latency = Timer.builder("muster.recommend.latency")
                .description("time to compute one recommendation on this member (index and matcher, no I/O)")
                .publishPercentiles(0.5, 0.9, 0.99, 0.999).register(metrics);
        metrics.gauge("muster.recommend.indexed.teams", this, TeamIndex::size);
    }

    /** Subscribes to the live picture; call before the live picture is deployed. */
    public void attach() {
        live.observeTeams((id, now, before) -> update(id, now == null ? null : live.withPosition(now)));
        live.observePositions((id, now, before) -> live.localTeam(id).ifPresent(t -> {
            if (now == null || !moved(id, t, now)) {
                update(id, live.withPosition(t));
            }
        }));
    }

    /**
     * A move: only the team's place and fix time change, so the indexed point keeps its status, tier, transport and
     * capability vector (the team observer rebuilt them with the team's last change) instead of the team being
     * merged with its position and its capabilities gathered again for every fix. False, and nothing done, where that
     * does not hold: the team is not indexed, or its own stored position is the newer one (then the full path decides).
     */
    private boolean moved(String id, Team t, Position p) {
        if (t.hasPosition() && t.getPosition().getTimeMs() >= p.getTimeMs()) {
            return false;
        }
        lock.lock();
        try {
            TeamPoint old = index.get(id);
            if (old == null) {
                return false;
            }
            index.upsert(new TeamPoint(id, p.getPoint().getLon(), p.getPoint().getLat(), p.getTimeMs(), old.status(),
                    old.tier(), old.transport(), old.capabilities()));
            return true;
        } catch (IllegalArgumentException e) {
            return false; // a place out of range: the full path logs it and takes the team out
        } finally {
            lock.unlock();
        }
    }

    /** A recommendation and how long it took, in microseconds. */
    public record Timed(Recommendation recommendation, long tookMicros) {
    }

    public Timed recommend(MatchRequest request) {
        lock.lock();
        try {
            long start = System.nanoTime();
            Recommendation r = matcher.recommend(request);
            long took = System.nanoTime() - start;
            latency.record(took, TimeUnit.NANOSECONDS);
            return new Timed(r, took / 1_000);
        } finally {
            lock.unlock();
        }
    }

    /** The team as indexed now, or null (diagnostics and tests). */
    public TeamPoint indexed(String id) {
        lock.lock();
        try {
            return index.get(id);
        } finally {
            lock.unlock();
        }
    }

    /** The team as a rebuild from this member's replica would index it (what {@link #resync()} compares with). */
    public Optional<TeamPoint> rebuilt(String id) {
        return live.localTeam(id).flatMap(t -> point(t, live.position(id).orElse(null)));
    }

    public int size() {
        lock.lock();
        try {
            return index.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Compares the whole index with the replica and repairs the difference; returns how many teams it changed. At
     * start and every few minutes, on a worker.
     *
     * <p>It never holds the lock for the whole scan: the live picture's context, which applies every move through the
     * lock, would stand still meanwhile, and with it every console's stream (found by a ten-minute console bench: with
     * 20,000 teams on two busy cores the scan held the lock for seconds every five minutes). Each team's point is
     * built outside the lock from the replica's values, then compared and written under the lock only if the replica
     * still holds those same values: an update that raced with it has been or will be applied by its observer, which
     * is newer, so a resync never leaves an older position behind.
     */
    public int resync() {
        int changed = 0;
        Set<String> seen = new HashSet<>();
        for (Team t : live.teams()) {
            seen.add(t.getId());
            Position p = live.position(t.getId()).orElse(null);
            Optional<TeamPoint> want = point(t, p);
            lock.lock();
            try {
                if (live.localTeam(t.getId()).orElse(null) != t || live.position(t.getId()).orElse(null) != p) {
                    continue; // changed meanwhile: its observer brings the newer value
                }
                if (want.isPresent()) {
                    if (!want.get().equals(index.get(t.getId()))) {
                        index.upsert(want.get());
                        indexed.add(t.getId());
                        changed++;
                    }
                } else if (indexed.remove(t.getId())) {
                    index.remove(t.getId());
                    changed++;
                }
            } finally {
                lock.unlock();
            }
        }
        Set<String> gone;
        lock.lock();
        try {
            gone = new HashSet<>(indexed);
        } finally {
            lock.unlock();
        }
        gone.removeAll(seen);
        for (String id : gone) {
            lock.lock();
            try {
                if (live.localTeam(id).isEmpty() && indexed.remove(id)) {
                    index.remove(id);
                    changed++;
                }
            } finally {
                lock.unlock();
            }
        }
        if (changed > 0) {
            LOG.info("team index resynchronised with the replica [changed: {}, indexed: {}]", changed, size());
        }
        return changed;
    }

    /** Takes a team out of the index without an event, as a missed event would (for tests of {@link #resync()}). */
    void forget(String id) {
        lock.lock();
        try {
            index.remove(id);
            indexed.remove(id);
        } finally {
            lock.unlock();
        }
    }

    /** The ids in the index, so that {@link #resync()} can find the ones the replica lost without an event. */
    private final Set<String> indexed = new HashSet<>();

    private void update(String id, Team team) {
        Optional<TeamPoint> p = team == null ? Optional.empty() : point(team);
        lock.lock();
        try {
            if (p.isPresent()) {
                index.upsert(p.get());
                indexed.add(id);
            } else {
                index.remove(id);
                indexed.remove(id);
            }
        } catch (RuntimeException e) {
            LOG.error("team index update failed [team: {}]", id, e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The team as the index sees it: its live position, or its home base as of its last update when it was never
     * located; none for a removed team or one with neither.
     */
    Optional<TeamPoint> point(Team t) {
        return point(t, null);
    }

    /** The same, for the team with a live position that counts if it is newer than the team's own (null: none). */
    Optional<TeamPoint> point(Team t, Position livePosition) {
        if (t.getDeleted()) {
            return Optional.empty();
        }
        double lon;
        double lat;
        long time;
        Position p = LivePicture.newestPosition(t, livePosition);
        if (p != null) {
            lon = p.getPoint().getLon();
            lat = p.getPoint().getLat();
            time = p.getTimeMs();
        } else if (t.hasHome()) {
            lon = t.getHome().getLon();
            lat = t.getHome().getLat();
            time = t.getUpdatedMs();
        } else {
            return Optional.empty();
        }
        Map<Integer, Double> caps = new HashMap<>();
        for (Capability c : t.getCapabilitiesList()) {
            if (c.getCapacity() > 0) {
                caps.merge(vocabulary.idOf(c.getCode()), c.getCapacity(), Double::sum);
            }
        }
        try {
            return Optional.of(new TeamPoint(t.getId(), lon, lat, time, t.getStatusValue() & 31, t.getTierValue() & 31,
                    t.getTransportValue() & 31, caps.isEmpty() ? CapabilityVector.empty() : CapabilityVector.of(caps)));
        } catch (IllegalArgumentException e) {
            LOG.warn("team left out of the index [team: {}, reason: {}]", t.getId(), e.getMessage());
            return Optional.empty();
        }
    }
}
