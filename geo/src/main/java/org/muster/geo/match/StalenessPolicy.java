package org.muster.geo.match;

/**
 * How much an old position counts against a team: seconds added to its ETA for ranking. Immutable.
 *
 * <p>{@code penalty = weight * min(max(0, age - grace), cap)}. The default ({@link #defaults()}): 5 minutes of
 * grace (devices report every 10-60 s and links drop for a few minutes), then half a second per second of age,
 * capped at 2 hours of age (a one-hour-old position costs 27.5 minutes). Why half: a team unseen for t may have
 * moved, and on average one cannot tell in which direction; counting half the unobserved time keeps a fresh team a
 * little farther away ahead of a stale one a little nearer, without pushing a stale but truly near team behind
 * every fresh one across the province. Positions older than the request's maximum age are not considered at all.
 *
 * @param graceMs age below which there is no penalty
 * @param weight  seconds of penalty per second of age beyond the grace
 * @param capMs   age beyond which the penalty stops growing
 */
public record StalenessPolicy(long graceMs, double weight, long capMs) {

    public StalenessPolicy {
        if (graceMs < 0 || capMs < 0 || !(weight >= 0) || !Double.isFinite(weight)) {
            throw new IllegalArgumentException("staleness policy: grace and cap must be >= 0, weight finite >= 0");
        }
    }

    public static StalenessPolicy defaults() {
        return new StalenessPolicy(5 * 60_000L, 0.5, 2 * 3_600_000L);
    }

    /** No penalty at all. */
    public static StalenessPolicy none() {
        return new StalenessPolicy(0, 0, 0);
    }

    public double penaltySeconds(long ageMs) {
        long over = Math.min(Math.max(0, ageMs - graceMs), capMs);
        return weight * over / 1000.0;
    }
}
