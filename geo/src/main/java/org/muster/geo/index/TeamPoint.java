package org.muster.geo.index;

import java.util.Objects;

/**
 * A team as the index sees it: where it was last fixed, when, and what a query filters on. Immutable; safe to share.
 *
 * <p>{@code status}, {@code tier} and {@code transport} are small ints in 0..31 chosen by the caller (the server
 * passes Protobuf enum numbers), so that filters can be bit masks. {@code fixTimeMs} is epoch milliseconds of the
 * fix; a team that was never located is given its home base and the time of its last update by the caller.
 *
 * @param id           the team id, unique in one index
 * @param lon          WGS 84 longitude, degrees, in [-180, 180]
 * @param lat          WGS 84 latitude, degrees, in [-90, 90]
 * @param fixTimeMs    when the position was fixed, epoch milliseconds, |value| &lt;= 2^53
 * @param status       0..31
 * @param tier         0..31
 * @param transport    0..31
 * @param capabilities what the team can do; never null (use {@link CapabilityVector#empty()})
 */
public record TeamPoint(String id, double lon, double lat, long fixTimeMs, int status, int tier, int transport,
                        CapabilityVector capabilities) {

    /** The largest value of status, tier and transport: they are bits of an int mask. */
    public static final int MAX_CODE = 31;
    /** 2^53: fix times are kept as doubles inside the index, exact up to this (about year 285,000). */
    public static final long MAX_ABS_FIX_TIME_MS = 1L << 53;

    public TeamPoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(capabilities, "capabilities");
        if (!(lon >= -180.0 && lon <= 180.0) || !(lat >= -90.0 && lat <= 90.0)) {
            throw new IllegalArgumentException("team " + id + " position out of range [lon: " + lon + ", lat: " + lat
                    + "]: lon must be in [-180, 180], lat in [-90, 90], longitude first");
        }
        if (Math.abs(fixTimeMs) > MAX_ABS_FIX_TIME_MS) {
            throw new IllegalArgumentException("team " + id + " fixTimeMs out of range: " + fixTimeMs);
        }
        checkCode(id, "status", status);
        checkCode(id, "tier", tier);
        checkCode(id, "transport", transport);
    }

    private static void checkCode(String id, String name, int value) {
        if (value < 0 || value > MAX_CODE) {
            throw new IllegalArgumentException("team " + id + " " + name + " must be in [0, 31]: " + value);
        }
    }

    /** This team moved: the same team at a new position and fix time. */
    public TeamPoint movedTo(double newLon, double newLat, long newFixTimeMs) {
        return new TeamPoint(id, newLon, newLat, newFixTimeMs, status, tier, transport, capabilities);
    }

    /** This team with another status. */
    public TeamPoint withStatus(int newStatus) {
        return new TeamPoint(id, lon, lat, fixTimeMs, newStatus, tier, transport, capabilities);
    }
}
