package org.muster.geo.match;

import java.util.List;

/**
 * One team of the proposed set. Immutable.
 *
 * @param teamId         the team
 * @param distanceMeters geodesic distance to the incident
 * @param etaSeconds     the ETA model's estimate
 * @param rankSeconds    ETA plus staleness penalty: the arrival time the cover minimised the latest of
 * @param positionAgeMs  now minus the fix time
 * @param contributesTo  capability codes of the requirements this team counts towards, in request order
 */
public record ProposedTeam(String teamId, double distanceMeters, double etaSeconds, double rankSeconds,
                           long positionAgeMs, List<String> contributesTo) {

    public ProposedTeam {
        contributesTo = List.copyOf(contributesTo);
    }
}
