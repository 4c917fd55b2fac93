package org.muster.geo.index;

import java.util.Arrays;

/**
 * A bucket PR-quadtree over longitude/latitude, [-180, 180) x [-90, 90), that takes moves. Every node keeps
 * summaries of its subtree (count, the statuses, tiers and transports present as bit masks, the (status, tier)
 * pairs present as one joint mask, an upper bound on the newest fix), which the search uses to skip subtrees that
 * cannot hold a match. The joint mask is what prunes a rare pair of common values: a city cell holding an
 * unreachable team and, separately, a social-tier one passes both single masks but not the pair mask. A leaf holds
 * its teams' slots (their coordinates and fix times live once, in the {@link SlotStore}) and a copy of their
 * attributes, so that the attribute test of a scan and the mask upkeep never leave the leaf.
 *
 * <p>A leaf splits when it holds more than {@code leafCapacity} points (down to {@link #MAX_DEPTH}, about 1 m
 * cells, below which coincident points just share a leaf); a subtree collapses back into one leaf when it holds no
 * more than half that. The gap between the two thresholds keeps a team that jitters across a cell border from
 * splitting and merging on every fix. The shape depends only on the points, never on the order of moves, so no
 * rebalancing is needed: depth is bounded by point density, not by history.
 *
 * <p>Summaries: count and masks are exact after every operation. The fix bound is an upper bound kept in whole
 * {@value #FIX_BUCKET_MS} ms buckets, raised when a team's fix enters a new bucket (so a stream of ever newer fixes
 * climbs the tree once per bucket per team, not on every move) and not lowered when the newest team leaves (only
 * an emptied leaf resets it); a high bound only makes pruning by fix time a little less eager, never wrong.
 *
 * <p>Not thread-safe: confined to the owning {@link MovingPointIndex}'s thread.
 */
final class QuadTree {

    static final int MAX_DEPTH = 26;
    /** Granularity of the per-node fix bound. */
    static final long FIX_BUCKET_MS = 300_000;

    final int capabilityId;
    final Node root = new Node(null, -180.0, -90.0, 180.0, 90.0, 0);
    private final SlotStore slots;
    private final int leafCapacity;
    private final int mergeThreshold;

    QuadTree(int capabilityId, int leafCapacity, SlotStore slots) {
        this.capabilityId = capabilityId;
        this.leafCapacity = leafCapacity;
        this.mergeThreshold = leafCapacity / 2;
        this.slots = slots;
    }

    int size() {
        return root.count;
    }

    /**
     * The bit of a team's (status, tier) pair in {@link Node#pairMask}: status and tier modulo 8, so 64 pairs. Codes
     * of 8 and above share bits with smaller ones, which only makes the mask pass a node it could have pruned.
     */
    static long pairBit(int attr) {
        return 1L << (((Member.status(attr) & 7) << 3) | (Member.tier(attr) & 7));
    }

    /** The pairs a filter accepts, folded like {@link #pairBit}: a node without any of them holds no match. */
    static long pairQuery(int statusMask, int tierMask) {
        int s = fold8(statusMask);
        long t = fold8(tierMask);
        long q = 0;
        for (int i = 0; i < 8; i++) {
            if ((s & (1 << i)) != 0) {
                q |= t << (i << 3);
            }
        }
        return q;
    }

    private static int fold8(int mask) {
        return (mask | mask >>> 8 | mask >>> 16 | mask >>> 24) & 0xFF;
    }

    /** The exclusive upper bound a node records for a fix: the end of its bucket. */
    static long fixBound(long fix) {
        if (fix >= Long.MAX_VALUE - FIX_BUCKET_MS) {
            return Long.MAX_VALUE;
        }
        return (Math.floorDiv(fix, FIX_BUCKET_MS) + 1) * FIX_BUCKET_MS;
    }

    /** A team's membership in one tree: where it sits now. */
    static final class Entry {
        final Member member;
        final QuadTree tree;
        Node leaf;
        int pos;

        Entry(Member member, QuadTree tree) {
            this.member = member;
            this.tree = tree;
        }
    }

    static final class Node {
        final Node parent;
        final double minX;
        final double minY;
        final double maxX;
        final double maxY;
        final double midX;
        final double midY;
        final int depth;

        // Children inline (south-west, south-east, north-west, north-east): one memory load fewer per level than
        // an array. All null in a leaf.
        Node k0;
        Node k1;
        Node k2;
        Node k3;
        int count;
        int statusMask;
        int tierMask;
        int transportMask;
        /** The (status, tier) pairs present, folded into 64 bits by {@link #pairBit}: joint, unlike the two masks. */
        long pairMask;
        /** Every fix below is earlier than this (Long.MIN_VALUE when empty). */
        long fixBound = Long.MIN_VALUE;

        // Leaf storage, parallel arrays of length >= size.
        int size;
        Entry[] entries;
        int[] slots;
        int[] attrs;

        Node(Node parent, double minX, double minY, double maxX, double maxY, int depth) {
            this.parent = parent;
            this.minX = minX;
            this.minY = minY;
            this.maxX = maxX;
            this.maxY = maxY;
            this.midX = (minX + maxX) * 0.5;
            this.midY = (minY + maxY) * 0.5;
            this.depth = depth;
            entries = new Entry[4];
            slots = new int[4];
            attrs = new int[4];
        }

        /** Half-open, matching the descent rule, so that every key point has exactly one leaf. */
        boolean contains(double kx, double ky) {
            return kx >= minX && kx < maxX && ky >= minY && ky < maxY;
        }

        Node child(double kx, double ky) {
            if (ky >= midY) {
                return kx >= midX ? k3 : k2;
            }
            return kx >= midX ? k1 : k0;
        }

        void append(Entry e, int slot, int attr) {
            if (size == entries.length) {
                entries = Arrays.copyOf(entries, size * 2);
                slots = Arrays.copyOf(slots, size * 2);
                attrs = Arrays.copyOf(attrs, size * 2);
            }
            int i = size++;
            entries[i] = e;
            slots[i] = slot;
            attrs[i] = attr;
            e.leaf = this;
            e.pos = i;
        }

        void removeAt(int i) {
            int last = --size;
            if (i != last) {
                Entry moved = entries[last];
                entries[i] = moved;
                slots[i] = slots[last];
                attrs[i] = attrs[last];
                moved.pos = i;
            }
            entries[last] = null;
        }

        /** Recomputes this leaf's count and masks from its points; returns whether a mask changed. */
        boolean summariseLeaf() {
            int s = 0;
            int t = 0;
            int tr = 0;
            long pairs = 0;
            for (int i = 0; i < size; i++) {
                int a = attrs[i];
                s |= 1 << Member.status(a);
                t |= 1 << Member.tier(a);
                tr |= 1 << Member.transport(a);
                pairs |= pairBit(a);
            }
            count = size;
            if (size == 0) {
                fixBound = Long.MIN_VALUE;
            }
            return setMasks(s, t, tr, pairs);
        }

        /** Recomputes this inner node's masks and fix bound from its children; returns whether a mask changed. */
        boolean summariseKids() {
            fixBound = Math.max(Math.max(k0.fixBound, k1.fixBound), Math.max(k2.fixBound, k3.fixBound));
            return setMasks(k0.statusMask | k1.statusMask | k2.statusMask | k3.statusMask,
                    k0.tierMask | k1.tierMask | k2.tierMask | k3.tierMask,
                    k0.transportMask | k1.transportMask | k2.transportMask | k3.transportMask,
                    k0.pairMask | k1.pairMask | k2.pairMask | k3.pairMask);
        }

        private boolean setMasks(int s, int t, int tr, long pairs) {
            boolean changed = s != statusMask || t != tierMask || tr != transportMask || pairs != pairMask;
            statusMask = s;
            tierMask = t;
            transportMask = tr;
            pairMask = pairs;
            return changed;
        }
    }

    /** Adds an entry for {@code slot}, whose record in the slot store and member point are already current. */
    void insert(Entry e, int slot, double kx, double ky, int attr, long fix) {
        int sBit = 1 << Member.status(attr);
        int tBit = 1 << Member.tier(attr);
        int trBit = 1 << Member.transport(attr);
        long pBit = pairBit(attr);
        long fb = fixBound(fix);
        Node n = root;
        while (true) {
            n.count++;
            n.statusMask |= sBit;
            n.tierMask |= tBit;
            n.transportMask |= trBit;
            n.pairMask |= pBit;
            if (fb > n.fixBound) {
                n.fixBound = fb;
            }
            if (n.k0 == null) {
                break;
            }
            n = n.child(kx, ky);
        }
        n.append(e, slot, attr);
        slots.offerCell(slot, n);
        if (n.size > leafCapacity && n.depth < MAX_DEPTH) {
            split(n);
        }
    }

    /** Takes an entry out, fixes the summaries on its path and collapses a subtree that became small. */
    void remove(Entry e) {
        Node leaf = e.leaf;
        leaf.removeAt(e.pos);
        e.leaf = null;
        boolean changed = leaf.summariseLeaf();
        Node top = null;
        for (Node n = leaf.parent; n != null; n = n.parent) {
            n.count--;
            // Masks can only lose a bit if a child lost one; once a level is unchanged, the rest are too.
            if (changed) {
                changed = n.summariseKids();
            }
            if (n.count <= mergeThreshold) {
                top = n;
            }
        }
        if (top != null) {
            collapse(top);
        }
    }

    /** The entry's attributes changed in place (a status change): rewrite the copy and repair the masks. */
    void changeAttr(Entry e, int attr) {
        Node leaf = e.leaf;
        leaf.attrs[e.pos] = attr;
        if (leaf.summariseLeaf()) {
            for (Node n = leaf.parent; n != null && n.summariseKids(); n = n.parent) {
                // keep going while masks change
            }
        }
    }

    /** A newer fix of a team in this leaf: raise the bound until an ancestor already covers it. */
    static void raiseFixBound(Node leaf, long fix) {
        long fb = fixBound(fix);
        for (Node n = leaf; n != null && n.fixBound < fb; n = n.parent) {
            n.fixBound = fb;
        }
    }

    private void split(Node n) {
        int d = n.depth + 1;
        n.k0 = new Node(n, n.minX, n.minY, n.midX, n.midY, d);
        n.k1 = new Node(n, n.midX, n.minY, n.maxX, n.midY, d);
        n.k2 = new Node(n, n.minX, n.midY, n.midX, n.maxY, d);
        n.k3 = new Node(n, n.midX, n.midY, n.maxX, n.maxY, d);
        for (int i = 0; i < n.size; i++) {
            Entry e = n.entries[i];
            TeamPoint p = e.member.point;
            Node k = n.child(keyX(p.lon()), keyY(p.lat()));
            k.append(e, n.slots[i], n.attrs[i]);
            slots.offerCell(n.slots[i], k);
        }
        n.size = 0;
        n.entries = null;
        n.slots = null;
        n.attrs = null;
        for (Node k : new Node[] {n.k0, n.k1, n.k2, n.k3}) {
            k.summariseLeaf();
            // The parent's bound is an upper bound for every child.
            k.fixBound = k.size == 0 ? Long.MIN_VALUE : n.fixBound;
            if (k.size > leafCapacity && k.depth < MAX_DEPTH) {
                split(k);
            }
        }
    }

    /** Turns the subtree under {@code top} into one leaf; its count, masks and bound are already right. */
    private void collapse(Node top) {
        Node merged = new Node(null, top.minX, top.minY, top.maxX, top.maxY, top.depth);
        gather(top, merged);
        top.k0 = null;
        top.k1 = null;
        top.k2 = null;
        top.k3 = null;
        top.entries = merged.entries;
        top.slots = merged.slots;
        top.attrs = merged.attrs;
        top.size = merged.size;
        for (int i = 0; i < top.size; i++) {
            top.entries[i].leaf = top;
        }
        // Slots keep their deeper recorded cell: still inside this leaf, so still a safe "did not move out" test.
    }

    private static void gather(Node from, Node into) {
        if (from.k0 == null) {
            for (int i = 0; i < from.size; i++) {
                into.append(from.entries[i], from.slots[i], from.attrs[i]);
            }
            return;
        }
        gather(from.k0, into);
        gather(from.k1, into);
        gather(from.k2, into);
        gather(from.k3, into);
    }

    /** The longitude used for placement: 180 is the same meridian as -180 and goes in the westernmost cell. */
    static double keyX(double lon) {
        return lon >= 180.0 ? -180.0 : lon;
    }

    /** The latitude used for placement: the north pole goes in the northernmost cell. */
    static double keyY(double lat) {
        return lat >= 90.0 ? Math.nextDown(90.0) : lat;
    }
}
