package org.muster.geo.match;

/**
 * Why a requirement could not be covered. Found by relaxing the request one step at a time (status, then position
 * age, then radius), and only for requirements that stayed uncovered, so a normal recommendation pays nothing for it.
 */
public enum UncoveredReason {
    /** No team anywhere has the capability (or the code is unknown). */
    NO_CANDIDATES,
    /** Teams with it are within the radius and fresh, but none is in an available status. */
    ALL_COMMITTED,
    /** Teams with it are within the radius, but every position is older than the request allows. */
    POSITIONS_TOO_STALE,
    /** Teams with it exist, but only beyond the maximum radius. */
    OUTSIDE_MAX_RADIUS,
    /** Available teams exist, but every one of them was ruled out by blocked areas. */
    BLOCKED,
    /** Some capacity is available, but not as much as required; the proposal includes all of it. */
    INSUFFICIENT_CAPACITY
}
