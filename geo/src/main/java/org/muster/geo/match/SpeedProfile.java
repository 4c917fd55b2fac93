package org.muster.geo.match;

import java.util.Objects;

/**
 * How one kind of transport travels, for {@link SpeedProfileEtaModel}. Immutable.
 *
 * @param name                a label for reasons and logs ("road", "air")
 * @param speedKmh            average speed over the travelled way, km/h
 * @param detourFactor        travelled way / geodesic distance (1.0 for straight flight)
 * @param mobilisationSeconds time from dispatch to moving off (turnout, loading, pre-flight)
 * @param blockedPolicy       what blocked areas do to this transport
 * @param blockedDetourFactor the extra detour factor when the way crosses a blocked area (applied on top of
 *                            {@code detourFactor}); ignored under {@link BlockedPolicy#IGNORE}
 */
public record SpeedProfile(String name, double speedKmh, double detourFactor, double mobilisationSeconds,
                           BlockedPolicy blockedPolicy, double blockedDetourFactor) {

    /** What a blocked area (roads cut) does to a transport. */
    public enum BlockedPolicy {
        /** Not affected: aircraft. */
        IGNORE,
        /** A way across a blocked area gets the extra detour factor; never ruled out (can go around or through). */
        PENALISE,
        /**
         * Penalised like {@link #PENALISE}; ruled out when the team or the destination is inside a blocked area,
         * where no road leads in or out.
         */
        PENALISE_OR_RULE_OUT_INSIDE
    }

    public SpeedProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(blockedPolicy, "blockedPolicy");
        if (!(speedKmh > 0) || !Double.isFinite(speedKmh)) {
            throw new IllegalArgumentException("speedKmh must be > 0: " + speedKmh);
        }
        if (!(detourFactor >= 1.0) || !(blockedDetourFactor >= 1.0)) {
            throw new IllegalArgumentException("detour factors must be >= 1");
        }
        if (!(mobilisationSeconds >= 0)) {
            throw new IllegalArgumentException("mobilisationSeconds must be >= 0: " + mobilisationSeconds);
        }
    }

    /** Metres per second over the travelled way. */
    double speedMps() {
        return speedKmh / 3.6;
    }
}
