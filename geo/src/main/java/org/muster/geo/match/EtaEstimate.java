package org.muster.geo.match;

import java.util.List;

/**
 * How long a team needs to reach a place, and why. Immutable.
 *
 * @param seconds             estimated time to arrival from now, including mobilisation; {@code +Infinity} when
 *                            ruled out
 * @param distanceMeters      the geodesic distance the estimate started from
 * @param ruledOut            the team cannot get there (e.g. a road-bound team into an area whose roads are cut)
 * @param reason              why it was ruled out or penalised; empty when neither
 * @param crossedBlockedAreas ids of the blocked areas its way crosses, in the order the areas were given
 */
public record EtaEstimate(double seconds, double distanceMeters, boolean ruledOut, String reason,
                          List<String> crossedBlockedAreas) {

    public EtaEstimate {
        reason = reason == null ? "" : reason;
        crossedBlockedAreas = List.copyOf(crossedBlockedAreas);
    }
}
