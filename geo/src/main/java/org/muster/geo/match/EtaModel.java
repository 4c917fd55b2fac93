package org.muster.geo.match;

import org.muster.geo.crs.Geodesy;
import org.muster.geo.index.TeamPoint;
import org.muster.geo.zone.BlockedZones;

/**
 * Estimates how long a team needs to reach a place. Kept behind this interface so that a road-network router can
 * replace the default {@link SpeedProfileEtaModel}.
 *
 * <p>Implementations must be safe to call from the thread that runs the {@link Matcher}; the default one is
 * immutable and safe from any thread. Calls must be cheap (the matcher makes one per candidate, a few hundred per
 * recommendation) and deterministic for the same arguments.
 */
public interface EtaModel {

    /**
     * The ETA of {@code team} to {@code (toLon, toLat)}, given the blocked areas (never null; possibly empty).
     */
    EtaEstimate estimate(TeamPoint team, double toLon, double toLat, BlockedZones blocked);

    /**
     * The same, when the caller already knows the geodesic distance (the index measured it). The default ignores
     * the hint; implementations may use it to save a geodesic computation.
     */
    default EtaEstimate estimate(TeamPoint team, double toLon, double toLat, double geodesicMeters,
                                 BlockedZones blocked) {
        return estimate(team, toLon, toLat, blocked);
    }

    /** The geodesic distance, for implementations that need it. */
    static double distance(TeamPoint team, double toLon, double toLat) {
        return Geodesy.distanceMeters(team.lon(), team.lat(), toLon, toLat);
    }
}
