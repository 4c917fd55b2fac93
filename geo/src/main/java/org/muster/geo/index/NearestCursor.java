package org.muster.geo.index;

import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.List;

/**
 * A filtered nearest-first search that can be continued, from {@link MovingPointIndex#nearestCursor}: successive
 * {@link #next} calls hand out the same teams, in the same order, as one {@link MovingPointIndex#nearest} call with
 * the sum of their counts. Not thread-safe: the index's thread only, and only until the index next changes (then
 * {@link #next} throws {@link ConcurrentModificationException}).
 */
public final class NearestCursor {

    private final MovingPointIndex index;
    private final MovingPointIndex.Walk walk;
    private final int modCount;

    NearestCursor(MovingPointIndex index, MovingPointIndex.Walk walk, int modCount) {
        this.index = index;
        this.walk = walk;
        this.modCount = modCount;
    }

    /** Up to {@code n} more teams, nearest first; fewer than {@code n} only when no more pass the filter. */
    public List<Neighbor> next(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0: " + n);
        }
        if (index.modCount() != modCount) {
            throw new ConcurrentModificationException("the index changed since this cursor was opened");
        }
        if (n == 0 || walk == null || walk.done()) {
            return List.of();
        }
        List<Neighbor> out = new ArrayList<>(Math.min(n, 64));
        walk.take(n, out);
        return out;
    }

    /** Whether the search is known to be over: a call to {@link #next} returned fewer teams than asked for. */
    public boolean exhausted() {
        return walk == null || walk.done();
    }
}
