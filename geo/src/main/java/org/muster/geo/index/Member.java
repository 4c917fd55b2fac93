package org.muster.geo.index;

/**
 * One team inside the index: its current point, its slot in the {@link SlotStore}, and its entries, one per tree
 * it sits in ({@code entries[0]} in the tree of all teams, then one per capability in the order of
 * {@code caps.ids()}). Confined to the index's thread.
 */
final class Member {

    /** The team id and its hash, so that {@link MemberTable} finds a member without loading its point. */
    final String id;
    final int hash;
    TeamPoint point;
    /** The point's capabilities, kept here so that a move compares them without loading the old point. */
    CapabilityVector caps;
    /** status | tier << 5 | transport << 10: what leaves copy so that attribute tests never leave the leaf. */
    int attr;
    final int slot;
    QuadTree.Entry[] entries;

    Member(TeamPoint point, int slot) {
        this.id = point.id();
        this.hash = id.hashCode();
        this.point = point;
        this.caps = point.capabilities();
        this.attr = attrOf(point);
        this.slot = slot;
    }

    static int attrOf(TeamPoint p) {
        return p.status() | (p.tier() << 5) | (p.transport() << 10);
    }

    static int status(int attr) {
        return attr & 31;
    }

    static int tier(int attr) {
        return (attr >>> 5) & 31;
    }

    static int transport(int attr) {
        return (attr >>> 10) & 31;
    }
}
