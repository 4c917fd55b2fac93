package org.muster.geo.match;

import java.util.List;

/**
 * One team ranked for one requirement. Immutable.
 *
 * @param teamId                  the team
 * @param distanceMeters          geodesic distance to the incident (WGS 84)
 * @param etaSeconds              the ETA model's estimate
 * @param stalenessPenaltySeconds added for an old position (see {@link StalenessPolicy})
 * @param rankSeconds             {@code etaSeconds + stalenessPenaltySeconds}: what ranking and the cover use
 * @param capacity                the team's capacity in this requirement's capability
 * @param positionAgeMs           now minus the fix time (negative if the fix is from the future)
 * @param covers                  capability codes of all the request's requirements this team has, in request order
 * @param transport               the team's transport number
 * @param note                    the ETA model's note (e.g. a blocked-area detour), empty when none
 */
public record Candidate(String teamId, double distanceMeters, double etaSeconds, double stalenessPenaltySeconds,
                        double rankSeconds, double capacity, long positionAgeMs, List<String> covers, int transport,
                        String note) {

    public Candidate {
        covers = List.copyOf(covers);
    }
}
