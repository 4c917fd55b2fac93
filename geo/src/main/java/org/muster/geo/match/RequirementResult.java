package org.muster.geo.match;

import java.util.List;

/**
 * The answer for one requirement. Immutable.
 *
 * @param requirement      what was asked
 * @param candidates       up to the request's limit, best first (rankSeconds, then distance, then id)
 * @param coveredQuantity  the capacity the proposed set brings for this requirement
 * @param covered          {@code coveredQuantity >= quantity}
 * @param coveredBySeconds when the proposed set's arrivals first add up to the quantity (rank seconds); +Infinity
 *                         when they never do
 * @param withinTarget     covered, and by the requirement's {@code arriveWithinS} when it has one
 * @param reason           why it is not covered; null when covered
 * @param detail           a sentence for the dispatcher about the reason; empty when covered
 */
public record RequirementResult(RequirementSpec requirement, List<Candidate> candidates, double coveredQuantity,
                                boolean covered, double coveredBySeconds, boolean withinTarget,
                                UncoveredReason reason, String detail) {

    public RequirementResult {
        candidates = List.copyOf(candidates);
        detail = detail == null ? "" : detail;
    }
}
