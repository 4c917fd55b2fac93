package org.muster.geo.match;

import java.util.List;

/**
 * A whole recommendation. Immutable.
 *
 * @param requirements       one result per requirement, in request order
 * @param proposal           the proposed set, earliest arrival first
 * @param lastArrivalSeconds the latest rank seconds in the proposal (0 when it is empty)
 * @param allCovered         whether every requirement is covered by the proposal
 */
public record Recommendation(List<RequirementResult> requirements, List<ProposedTeam> proposal,
                             double lastArrivalSeconds, boolean allCovered) {

    public Recommendation {
        requirements = List.copyOf(requirements);
        proposal = List.copyOf(proposal);
    }
}
