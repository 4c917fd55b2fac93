package org.muster.geo.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.muster.geo.crs.Geodesy;

/**
 * The live index of team positions: takes moves and answers filtered k-nearest queries in exact geodesic order.
 *
 * <p><b>Threading.</b> One writer, not thread-safe, no internal locking: the server confines an index to one thread
 * (a verticle's context) and runs queries there too. Returned {@link TeamPoint}s and {@link Neighbor}s are immutable
 * and may be handed to other threads.
 *
 * <p><b>Ordering.</b> {@link #nearest} returns neighbours in ascending exact geodesic distance on the WGS 84
 * ellipsoid (GeographicLib), the same distances a brute-force scan would compute. Teams at exactly equal distance
 * may come in any order, and when such a tie straddles the k-th place, which of them are returned is unspecified.
 *
 * <p><b>Structure.</b> A {@link QuadTree} over all teams, and one per capability holding the teams that have it
 * (capacity &gt; 0). A query with required capabilities walks the tree of the rarest one and checks the others per
 * team, so a filter matching 0.1% of teams does not visit the other 99.9%. Inside a tree, best-first search orders
 * nodes and points by spherical lower bounds and prunes subtrees whose summaries (statuses, tiers, transports
 * present, (status, tier) pairs present, newest fix) cannot match; a point is measured exactly only when it
 * reaches the front of the queue, so a query makes about k geodesic computations, not one per team it looks at.
 * The antimeridian and the poles need no special case: longitude differences wrap and the bounds are spherical.
 *
 * <p><b>Cost.</b> A team's coordinates and fix time live once, in a slot shared by all its trees, together with
 * the bounds of its deepest leaf. A move that stays inside that cell (most moves: leaves are hundreds of metres to
 * kilometres wide in cities) rewrites the slot and touches no tree; only when its fix enters a new five-minute
 * bucket does it raise the fix bound of its leaves. A move out of the cell is, per tree it actually left, a removal
 * and an insertion, O(depth). Memory is one entry per team and tree (1 + number of capabilities per team).
 */
public final class MovingPointIndex {

    /** Default points per leaf before it splits: a scan of 32 points costs about as much as a few node visits. */
    public static final int DEFAULT_LEAF_CAPACITY = 32;

    private final int leafCapacity;
    private final MemberTable members = new MemberTable();
    private final SearchHeap heap = new SearchHeap();
    /** Bumped by every change, so that a {@link NearestCursor} can tell it is out of date. */
    private int modCount;
    private SlotStore slots = new SlotStore();
    private QuadTree all;
    private QuadTree[] byCapability = new QuadTree[64];

    public MovingPointIndex() {
        this(DEFAULT_LEAF_CAPACITY);
    }

    /** An index whose leaves split above {@code leafCapacity} points (at least 2); a tuning knob for benchmarks. */
    public MovingPointIndex(int leafCapacity) {
        if (leafCapacity < 2) {
            throw new IllegalArgumentException("leafCapacity must be >= 2: " + leafCapacity);
        }
        this.leafCapacity = leafCapacity;
        this.all = new QuadTree(-1, leafCapacity, slots);
    }

    /** Inserts a team, or moves/replaces the team with the same id. */
    public void upsert(TeamPoint p) {
        Objects.requireNonNull(p, "point");
        modCount++;
        double kx = QuadTree.keyX(p.lon());
        double ky = QuadTree.keyY(p.lat());
        double latR = Math.toRadians(p.lat());
        double lonR = Math.toRadians(p.lon());
        double cosLat = Math.cos(latR);
        int attr = Member.attrOf(p);
        long fix = p.fixTimeMs();

        Member m = members.get(p.id());
        int slot;
        long oldFix;
        if (m == null) {
            slot = slots.allocate();
            oldFix = Long.MIN_VALUE;
        } else {
            slot = m.slot;
            oldFix = (long) slots.data[slot * SlotStore.STRIDE + SlotStore.FIX];
        }
        double[] d = slots.data;
        int o = slot * SlotStore.STRIDE;
        d[o] = cosLat * Math.cos(lonR);
        d[o + 1] = cosLat * Math.sin(lonR);
        d[o + 2] = Math.sin(latR);
        d[o + SlotStore.FIX] = fix;

        if (m == null) {
            m = new Member(p, slot);
            CapabilityVector caps = p.capabilities();
            QuadTree.Entry[] entries = new QuadTree.Entry[1 + caps.size()];
            entries[0] = new QuadTree.Entry(m, all);
            for (int i = 0; i < caps.size(); i++) {
                entries[i + 1] = new QuadTree.Entry(m, treeFor(caps.idAt(i)));
            }
            m.entries = entries;
            slots.cellDepth[slot] = -1;
            for (QuadTree.Entry e : entries) {
                e.tree.insert(e, slot, kx, ky, attr, fix);
            }
            members.add(m);
            return;
        }

        m.point = p;
        CapabilityVector oldCaps = m.caps;
        boolean capsChanged = oldCaps != p.capabilities() && !oldCaps.sameIds(p.capabilities());
        m.caps = p.capabilities();
        boolean attrChanged = attr != m.attr;
        m.attr = attr;
        boolean raise = QuadTree.fixBound(fix) > QuadTree.fixBound(oldFix);
        if (!capsChanged && !attrChanged && slots.inCell(slot, kx, ky)) {
            // The common move: still inside its deepest leaf, hence inside its leaf in every tree. The slot record
            // written above is all the trees read; only a fix entering a new bucket has to raise node bounds.
            if (raise) {
                for (QuadTree.Entry e : m.entries) {
                    QuadTree.raiseFixBound(e.leaf, fix);
                }
            }
            return;
        }
        if (capsChanged) {
            reconcileTrees(m, oldCaps, p.capabilities());
        }
        slots.cellDepth[slot] = -1;
        for (QuadTree.Entry e : m.entries) {
            if (e.leaf == null) {
                e.tree.insert(e, slot, kx, ky, attr, fix);
            } else if (e.leaf.contains(kx, ky)) {
                if (attrChanged) {
                    e.tree.changeAttr(e, attr);
                }
                if (raise) {
                    QuadTree.raiseFixBound(e.leaf, fix);
                }
            } else {
                e.tree.remove(e);
                e.tree.insert(e, slot, kx, ky, attr, fix);
            }
        }
        // The deepest leaf now holding the team is the cell the next move is tested against.
        for (QuadTree.Entry e : m.entries) {
            slots.offerCell(slot, e.leaf);
        }
    }

    /**
     * The team's capabilities changed: leave the trees of capabilities it lost, and make (unplaced) entries for the
     * ones it gained; the caller places every entry.
     */
    private void reconcileTrees(Member m, CapabilityVector oldCaps, CapabilityVector newCaps) {
        QuadTree.Entry[] old = m.entries;
        QuadTree.Entry[] next = new QuadTree.Entry[1 + newCaps.size()];
        next[0] = old[0];
        int i = 0;
        int j = 0;
        while (i < oldCaps.size() || j < newCaps.size()) {
            int a = i < oldCaps.size() ? oldCaps.idAt(i) : Integer.MAX_VALUE;
            int b = j < newCaps.size() ? newCaps.idAt(j) : Integer.MAX_VALUE;
            if (a == b) {
                next[j + 1] = old[i + 1];
                i++;
                j++;
            } else if (a < b) {
                QuadTree.Entry gone = old[i + 1];
                gone.tree.remove(gone);
                i++;
            } else {
                next[j + 1] = new QuadTree.Entry(m, treeFor(b));
                j++;
            }
        }
        m.entries = next;
    }

    /** Removes the team; returns whether it was there. */
    public boolean remove(String id) {
        Member m = members.remove(id);
        if (m == null) {
            return false;
        }
        modCount++;
        for (QuadTree.Entry e : m.entries) {
            e.tree.remove(e);
        }
        slots.release(m.slot);
        return true;
    }

    /** The team's current point, or null. */
    public TeamPoint get(String id) {
        Member m = members.get(id);
        return m == null ? null : m.point;
    }

    public int size() {
        return members.size();
    }

    public void clear() {
        modCount++;
        members.clear();
        slots = new SlotStore();
        all = new QuadTree(-1, leafCapacity, slots);
        byCapability = new QuadTree[64];
        heap.clear();
    }

    /** How many teams have capability {@code capabilityId} with capacity &gt; 0. */
    public int countWith(int capabilityId) {
        QuadTree t = existingTree(capabilityId);
        return t == null ? 0 : t.size();
    }

    /**
     * The transports present (as a mask) among teams with capability {@code capabilityId}, or among all teams when
     * it is negative. Exact: kept up to date with every move. The matcher queries once per transport present.
     */
    public int transportMask(int capabilityId) {
        QuadTree t = capabilityId < 0 ? all : existingTree(capabilityId);
        return t == null || t.size() == 0 ? 0 : t.root.transportMask;
    }

    /**
     * Up to {@code k} teams passing {@code filter}, nearest first by exact geodesic distance from
     * {@code (lon, lat)}. See the class comment for the ordering guarantee.
     */
    public List<Neighbor> nearest(double lon, double lat, int k, PointFilter filter) {
        Objects.requireNonNull(filter, "filter");
        checkQueryPoint(lon, lat);
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0: " + k);
        }
        if (k == 0 || members.size() == 0) {
            return List.of();
        }
        Walk w = walk(lon, lat, filter, heap);
        if (w == null) {
            return List.of();
        }
        List<Neighbor> out = new ArrayList<>(Math.min(k, 64));
        try {
            w.take(k, out);
        } finally {
            heap.clear();
        }
        return out;
    }

    /**
     * The same search as {@link #nearest}, but one that can be continued: the cursor hands out the teams passing
     * {@code filter} nearest first, a few at a time, and {@code cursor.next(a)} then {@code cursor.next(b)} return
     * exactly what {@code nearest(lon, lat, a + b, filter)} would, in the same order. For a caller that does not
     * know in advance how many teams it needs (the matcher) this replaces asking again with a larger k, which
     * would redo the walk from the start. The cursor reads the index as it is: it is valid only until the next
     * {@link #upsert}, {@link #remove} or {@link #clear}, after which it throws
     * {@link java.util.ConcurrentModificationException}. Same thread as the index.
     */
    public NearestCursor nearestCursor(double lon, double lat, PointFilter filter) {
        Objects.requireNonNull(filter, "filter");
        checkQueryPoint(lon, lat);
        Walk w = members.size() == 0 ? null : walk(lon, lat, filter, new SearchHeap());
        return new NearestCursor(this, w, modCount);
    }

    int modCount() {
        return modCount;
    }

    private static void checkQueryPoint(double lon, double lat) {
        if (!(lon >= -180.0 && lon <= 180.0) || !(lat >= -90.0 && lat <= 90.0)) {
            throw new IllegalArgumentException("query point out of range [lon: " + lon + ", lat: " + lat
                    + "]: lon must be in [-180, 180], lat in [-90, 90], longitude first");
        }
    }

    /** A walk over the tree the filter's rarest capability picks, or null when no team can pass. */
    private Walk walk(double lon, double lat, PointFilter filter, SearchHeap h) {
        int[] caps = filter.capabilitiesUnsafe();
        QuadTree tree = all;
        int chosen = -1;
        for (int c : caps) {
            QuadTree t = existingTree(c);
            if (t == null || t.size() == 0) {
                return null;
            }
            if (chosen < 0 || t.size() < tree.size()) {
                tree = t;
                chosen = c;
            }
        }
        int[] others = caps;
        if (chosen >= 0) {
            others = othersThan(caps, chosen);
        }
        Walk w = new Walk(h, lon, lat, filter, others);
        return w.start(tree.root) ? w : null;
    }

    /**
     * One best-first search in progress: the heap holds its frontier, so that taking more neighbours continues
     * where the last take stopped. The order in which points leave the heap does not depend on how many are asked
     * for, which is what makes a continued walk return what a fresh, larger query would.
     */
    final class Walk {
        private final SearchHeap heap;
        private final double qLon;
        private final double qLat;
        private final double qx;
        private final double qy;
        private final double qz;
        private final int statusMask;
        private final int tierMask;
        private final int transportMask;
        private final long pairMask;
        private final long minFix;
        private final double maxDist;
        private final int[] otherCaps;
        private boolean done;

        Walk(SearchHeap heap, double qLon, double qLat, PointFilter f, int[] otherCaps) {
            this.heap = heap;
            this.qLon = qLon;
            this.qLat = qLat;
            double latR = Math.toRadians(qLat);
            double lonR = Math.toRadians(qLon);
            double cosLat = Math.cos(latR);
            this.qx = cosLat * Math.cos(lonR);
            this.qy = cosLat * Math.sin(lonR);
            this.qz = Math.sin(latR);
            this.statusMask = f.statusMask();
            this.tierMask = f.tierMask();
            this.transportMask = f.transportMask();
            this.pairMask = QuadTree.pairQuery(statusMask, tierMask);
            this.minFix = f.minFixTimeMs();
            this.maxDist = f.maxDistanceMeters();
            this.otherCaps = otherCaps;
        }

        boolean start(QuadTree.Node root) {
            heap.clear();
            if (!passes(root, statusMask, tierMask, transportMask, pairMask, minFix)) {
                return false;
            }
            heap.push(0.0, root, SearchHeap.NODE);
            return true;
        }

        boolean done() {
            return done;
        }

        /** Appends up to {@code n} more neighbours to {@code out}; fewer only when the walk is over. */
        void take(int n, List<Neighbor> out) {
            int taken = 0;
            while (taken < n) {
                if (heap.isEmpty()) {
                    done = true;
                    return;
                }
                double key = heap.topKey();
                if (key > maxDist) {
                    done = true;
                    heap.clear();
                    return;
                }
                Object ref = heap.topRef();
                byte kind = heap.topKind();
                heap.pop();
                if (kind == SearchHeap.POINT_EXACT) {
                    // Every key left is a lower bound >= this exact distance: this one is final.
                    out.add(new Neighbor(((QuadTree.Entry) ref).member.point, key));
                    taken++;
                } else if (kind == SearchHeap.POINT_BOUND) {
                    TeamPoint p = ((QuadTree.Entry) ref).member.point;
                    double d = Geodesy.distanceMeters(qLon, qLat, p.lon(), p.lat());
                    if (d <= maxDist) {
                        heap.push(d, ref, SearchHeap.POINT_EXACT);
                    }
                } else {
                    QuadTree.Node nd = (QuadTree.Node) ref;
                    if (nd.k0 == null) {
                        scanLeaf(nd);
                    } else {
                        pushChild(nd.k0);
                        pushChild(nd.k1);
                        pushChild(nd.k2);
                        pushChild(nd.k3);
                    }
                }
            }
        }

        private void pushChild(QuadTree.Node c) {
            if (c.count > 0 && passes(c, statusMask, tierMask, transportMask, pairMask, minFix)) {
                double lb = SphereBounds.rectLowerBound(qLon, qLat, c.minX, c.minY, c.maxX, c.maxY);
                if (lb <= maxDist) {
                    heap.push(lb, c, SearchHeap.NODE);
                }
            }
        }

        private void scanLeaf(QuadTree.Node nd) {
            int[] attrs = nd.attrs;
            int[] sl = nd.slots;
            double[] d = slots.data;
            // Compared as doubles: epoch milliseconds are exact in a double.
            double minFixD = minFix;
            for (int i = 0, size = nd.size; i < size; i++) {
                int a = attrs[i];
                if ((statusMask & (1 << Member.status(a))) == 0 || (tierMask & (1 << Member.tier(a))) == 0
                        || (transportMask & (1 << Member.transport(a))) == 0) {
                    continue;
                }
                int o = sl[i] * SlotStore.STRIDE;
                if (d[o + SlotStore.FIX] < minFixD) {
                    continue;
                }
                QuadTree.Entry e = nd.entries[i];
                if (otherCaps.length > 0 && !hasAll(e.member.caps, otherCaps)) {
                    continue;
                }
                double lb = SphereBounds.pointLowerBound(qx, qy, qz, d[o], d[o + 1], d[o + 2]);
                if (lb <= maxDist) {
                    heap.push(lb, e, SearchHeap.POINT_BOUND);
                }
            }
        }
    }

    private static boolean passes(QuadTree.Node n, int statusMask, int tierMask, int transportMask, long pairMask,
                                  long minFix) {
        return (n.statusMask & statusMask) != 0 && (n.tierMask & tierMask) != 0 && (n.pairMask & pairMask) != 0
                && (n.transportMask & transportMask) != 0 && (n.fixBound > minFix || n.fixBound == Long.MAX_VALUE);
    }

    private static boolean hasAll(CapabilityVector v, int[] caps) {
        for (int c : caps) {
            if (!v.has(c)) {
                return false;
            }
        }
        return true;
    }

    private static int[] othersThan(int[] caps, int chosen) {
        int[] rest = new int[caps.length];
        int n = 0;
        for (int c : caps) {
            if (c != chosen) {
                rest[n++] = c;
            }
        }
        return Arrays.copyOf(rest, n);
    }

    private QuadTree existingTree(int capabilityId) {
        return capabilityId >= 0 && capabilityId < byCapability.length ? byCapability[capabilityId] : null;
    }

    private QuadTree treeFor(int capabilityId) {
        if (capabilityId >= byCapability.length) {
            byCapability = Arrays.copyOf(byCapability, Math.max(capabilityId + 1, byCapability.length * 2));
        }
        QuadTree t = byCapability[capabilityId];
        if (t == null) {
            t = new QuadTree(capabilityId, leafCapacity, slots);
            byCapability[capabilityId] = t;
        }
        return t;
    }
}
