package org.muster.geo.match;

import java.util.Objects;

/**
 * "At least {@code quantity} of capability {@code capabilityCode}, arriving within {@code arriveWithinS}": pumping
 * >= 3000 m3/h is {@code ("PUMPING", 3000, 3600)}, two life detectors {@code ("LIFE_DETECTION", 2, 0)}. The quantity
 * is in the capability's unit; several teams may cover one requirement together (their capacities add up).
 * Immutable.
 *
 * @param capabilityCode the capability's code in the catalogue
 * @param quantity       how much is needed, &gt; 0
 * @param arriveWithinS  the target time in seconds, 0 for no target
 */
public record RequirementSpec(String capabilityCode, double quantity, int arriveWithinS) {

    public RequirementSpec {
        Objects.requireNonNull(capabilityCode, "capabilityCode");
        if (!(quantity > 0) || !Double.isFinite(quantity)) {
            throw new IllegalArgumentException("requirement " + capabilityCode + ": quantity must be > 0: " + quantity);
        }
        if (arriveWithinS < 0) {
            throw new IllegalArgumentException("requirement " + capabilityCode + ": arriveWithinS must be >= 0");
        }
    }
}
