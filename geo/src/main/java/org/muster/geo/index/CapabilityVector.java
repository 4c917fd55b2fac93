package org.muster.geo.index;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a team can do: capability id (from a {@link CapabilityVocabulary}) to capacity in that capability's unit
 * (m3/h, kW, units, seats...). Sparse and immutable; safe to share between threads.
 *
 * <p>Only positive capacities are kept: a capability with capacity 0 is the same as not having it, which is the
 * index's membership rule ("has capability c" means capacity(c) &gt; 0). {@link #ids()} is in ascending id order.
 */
public final class CapabilityVector {

    private static final CapabilityVector EMPTY = new CapabilityVector(new int[0], new double[0]);

    private final int[] ids;
    private final double[] capacities;

    private CapabilityVector(int[] ids, double[] capacities) {
        this.ids = ids;
        this.capacities = capacities;
    }

    /** The vector with no capabilities. */
    public static CapabilityVector empty() {
        return EMPTY;
    }

    /**
     * A vector from id to capacity. Entries with capacity 0 are dropped; negative, NaN or infinite capacities and
     * negative ids are rejected with {@link IllegalArgumentException}.
     */
    public static CapabilityVector of(Map<Integer, Double> capacities) {
        TreeMap<Integer, Double> sorted = new TreeMap<>();
        for (Map.Entry<Integer, Double> e : capacities.entrySet()) {
            Integer id = e.getKey();
            Double c = e.getValue();
            if (id == null || id < 0) {
                throw new IllegalArgumentException("capability id must be >= 0: " + id);
            }
            if (c == null || !Double.isFinite(c) || c < 0) {
                throw new IllegalArgumentException("capacity of capability " + id + " must be finite and >= 0: " + c);
            }
            if (c > 0) {
                sorted.put(id, c);
            }
        }
        if (sorted.isEmpty()) {
            return EMPTY;
        }
        int[] ids = new int[sorted.size()];
        double[] caps = new double[sorted.size()];
        int i = 0;
        for (Map.Entry<Integer, Double> e : sorted.entrySet()) {
            ids[i] = e.getKey();
            caps[i] = e.getValue();
            i++;
        }
        return new CapabilityVector(ids, caps);
    }

    /** The capacity of capability {@code id}, 0 when the team does not have it. */
    public double capacity(int id) {
        int i = Arrays.binarySearch(ids, id);
        return i >= 0 ? capacities[i] : 0.0;
    }

    /** Whether the team has capability {@code id} with capacity &gt; 0. */
    public boolean has(int id) {
        return Arrays.binarySearch(ids, id) >= 0;
    }

    /** The capability ids with capacity &gt; 0, ascending; a copy. */
    public int[] ids() {
        return ids.clone();
    }

    /** How many capabilities the team has. */
    public int size() {
        return ids.length;
    }

    // The index walks these without copying.
    int idAt(int i) {
        return ids[i];
    }

    boolean sameIds(CapabilityVector other) {
        return Arrays.equals(ids, other.ids);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CapabilityVector v && Arrays.equals(ids, v.ids) && Arrays.equals(capacities, v.capacities);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(ids) + Arrays.hashCode(capacities);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < ids.length; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(ids[i]).append('=').append(capacities[i]);
        }
        return b.append('}').toString();
    }
}
