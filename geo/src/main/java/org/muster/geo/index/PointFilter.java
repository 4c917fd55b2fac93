package org.muster.geo.index;

import java.util.Arrays;

/**
 * What a nearest query accepts. Immutable (the capability array is copied in and out); safe to share.
 *
 * <p>Masks: bit {@code n} set means value {@code n} is allowed; {@code -1} allows any value; {@code 0} allows none.
 * A team passes when its status, tier and transport bits are in the masks, its {@code fixTimeMs >= minFixTimeMs},
 * it has every capability in {@code requiredCapabilities} with capacity &gt; 0, and its geodesic distance from the
 * query point is {@code <= maxDistanceMeters} ({@code Double.POSITIVE_INFINITY} for no limit).
 *
 * @param statusMask           allowed statuses
 * @param tierMask             allowed tiers
 * @param transportMask        allowed transports
 * @param minFixTimeMs         the oldest acceptable fix, epoch ms ({@code Long.MIN_VALUE}: any age)
 * @param requiredCapabilities capability ids that must all be present; empty for none
 * @param maxDistanceMeters    the largest acceptable distance
 */
public record PointFilter(int statusMask, int tierMask, int transportMask, long minFixTimeMs,
                          int[] requiredCapabilities, double maxDistanceMeters) {

    private static final PointFilter ANY =
            new PointFilter(-1, -1, -1, Long.MIN_VALUE, new int[0], Double.POSITIVE_INFINITY);

    public PointFilter {
        requiredCapabilities = requiredCapabilities == null ? new int[0] : requiredCapabilities.clone();
        for (int c : requiredCapabilities) {
            if (c < 0) {
                throw new IllegalArgumentException("capability id must be >= 0: " + c);
            }
        }
        if (Double.isNaN(maxDistanceMeters) || maxDistanceMeters < 0) {
            throw new IllegalArgumentException("maxDistanceMeters must be >= 0: " + maxDistanceMeters);
        }
    }

    /** The filter that accepts every team at any distance. */
    public static PointFilter any() {
        return ANY;
    }

    /** A mask with just {@code value} set. */
    public static int bit(int value) {
        if (value < 0 || value > TeamPoint.MAX_CODE) {
            throw new IllegalArgumentException("value must be in [0, 31]: " + value);
        }
        return 1 << value;
    }

    /** A mask with each of {@code values} set. */
    public static int mask(int... values) {
        int m = 0;
        for (int v : values) {
            m |= bit(v);
        }
        return m;
    }

    @Override
    public int[] requiredCapabilities() {
        return requiredCapabilities.clone();
    }

    // The index reads the array without copying it.
    int[] capabilitiesUnsafe() {
        return requiredCapabilities;
    }

    public PointFilter withStatusMask(int mask) {
        return new PointFilter(mask, tierMask, transportMask, minFixTimeMs, requiredCapabilities, maxDistanceMeters);
    }

    public PointFilter withTierMask(int mask) {
        return new PointFilter(statusMask, mask, transportMask, minFixTimeMs, requiredCapabilities, maxDistanceMeters);
    }

    public PointFilter withTransportMask(int mask) {
        return new PointFilter(statusMask, tierMask, mask, minFixTimeMs, requiredCapabilities, maxDistanceMeters);
    }

    public PointFilter withMinFixTimeMs(long min) {
        return new PointFilter(statusMask, tierMask, transportMask, min, requiredCapabilities, maxDistanceMeters);
    }

    public PointFilter withRequiredCapabilities(int... ids) {
        return new PointFilter(statusMask, tierMask, transportMask, minFixTimeMs, ids, maxDistanceMeters);
    }

    public PointFilter withMaxDistanceMeters(double meters) {
        return new PointFilter(statusMask, tierMask, transportMask, minFixTimeMs, requiredCapabilities, meters);
    }

    /** Whether {@code p} passes every part of this filter except the distance. */
    public boolean accepts(TeamPoint p) {
        if ((statusMask & (1 << p.status())) == 0 || (tierMask & (1 << p.tier())) == 0
                || (transportMask & (1 << p.transport())) == 0 || p.fixTimeMs() < minFixTimeMs) {
            return false;
        }
        for (int c : requiredCapabilities) {
            if (!p.capabilities().has(c)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PointFilter f && statusMask == f.statusMask && tierMask == f.tierMask
                && transportMask == f.transportMask && minFixTimeMs == f.minFixTimeMs
                && Arrays.equals(requiredCapabilities, f.requiredCapabilities)
                && Double.compare(maxDistanceMeters, f.maxDistanceMeters) == 0;
    }

    @Override
    public int hashCode() {
        int h = statusMask;
        h = 31 * h + tierMask;
        h = 31 * h + transportMask;
        h = 31 * h + Long.hashCode(minFixTimeMs);
        h = 31 * h + Arrays.hashCode(requiredCapabilities);
        return 31 * h + Double.hashCode(maxDistanceMeters);
    }

    @Override
    public String toString() {
        return "PointFilter[statusMask=" + Integer.toHexString(statusMask) + ", tierMask="
                + Integer.toHexString(tierMask) + ", transportMask=" + Integer.toHexString(transportMask)
                + ", minFixTimeMs=" + minFixTimeMs + ", requiredCapabilities=" + Arrays.toString(requiredCapabilities)
                + ", maxDistanceMeters=" + maxDistanceMeters + "]";
    }
}
