package org.muster.geo.index;

import java.util.Arrays;

/**
 * Where each team's live numbers sit, once, shared by every tree the team is in: its unit vector and fix time, and
 * the bounds of the smallest tree cell that holds it (the deepest of its leaves). A move that stays inside that
 * cell stays inside its leaf in every tree, so it rewrites this one record and touches no tree at all; that is what
 * makes a team in seven trees about as cheap to move as a team in one. Confined to the index's thread.
 */
final class SlotStore {

    /** Doubles per slot: x, y, z of the unit vector, fix time, then the cell's minX, minY, maxX, maxY. */
    static final int STRIDE = 8;
    static final int FIX = 3;
    static final int CELL = 4;

    double[] data = new double[1024 * STRIDE];
    int[] cellDepth = new int[1024];
    private int[] free = new int[64];
    private int freeCount;
    private int next;

    int allocate() {
        if (freeCount > 0) {
            return free[--freeCount];
        }
        int s = next++;
        if (s == cellDepth.length) {
            data = Arrays.copyOf(data, data.length * 2);
            cellDepth = Arrays.copyOf(cellDepth, cellDepth.length * 2);
        }
        return s;
    }

    void release(int slot) {
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, free.length * 2);
        }
        free[freeCount++] = slot;
    }

    /** Records {@code leaf} as the slot's cell if it is deeper than the one recorded. */
    void offerCell(int slot, QuadTree.Node leaf) {
        if (leaf.depth > cellDepth[slot]) {
            setCell(slot, leaf);
        }
    }

    void setCell(int slot, QuadTree.Node leaf) {
        int o = slot * STRIDE + CELL;
        data[o] = leaf.minX;
        data[o + 1] = leaf.minY;
        data[o + 2] = leaf.maxX;
        data[o + 3] = leaf.maxY;
        cellDepth[slot] = leaf.depth;
    }

    /** Whether the key point is still inside the slot's recorded cell (same half-open test as the nodes). */
    boolean inCell(int slot, double kx, double ky) {
        int o = slot * STRIDE + CELL;
        return kx >= data[o] && kx < data[o + 2] && ky >= data[o + 1] && ky < data[o + 3];
    }
}
