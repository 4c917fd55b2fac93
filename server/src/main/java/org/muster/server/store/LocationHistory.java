package org.muster.server.store;

import io.vertx.core.Future;

import java.time.Instant;
import java.util.List;

/**
 * The location history: every accepted fix of every device, kept by device time. Appends are batched across callers
 * into multi-row inserts; a returned future completes only after PostgreSQL committed the caller's rows, so that a
 * device protocol may acknowledge them. A fix already stored (same device, time and sequence number) is a duplicate:
 * ignored, and counted.
 *
 * <p>Threading: callable from any context; futures complete on the history's own context.
 */
public interface LocationHistory {

    Future<Written> append(List<StoredFix> fixes);

    /** Fixes of a team with {@code from <= time < to}, in time order. */
    Future<List<StoredFix>> teamTrack(String teamId, Instant from, Instant to, int limit);

    /** For each team, its last fix at or before {@code at} and after {@code at - lookback}. */
    Future<List<StoredFix>> latestAt(List<String> teamIds, Instant at, java.time.Duration lookback);

    /** Fixes of the teams with {@code from < time <= to}, in time order. */
    Future<List<StoredFix>> teamsBetween(List<String> teamIds, Instant from, Instant to, int limit);

    /** Makes sure monthly partitions exist from last month to three months ahead. */
    Future<Void> prepareMonths();

    /**
     * A fix as stored.
     *
     * @param seq    the device's sequence number, 0 for protocols without one
     * @param source the PositionSource number
     */
    record StoredFix(String deviceId, long seq, long timeMs, String teamId, double lon, double lat, Float accuracyM,
                     Float speedMps, Float headingDeg, Float altitudeM, Float battery, int source, long receivedMs) {
    }

    /** How many of the appended fixes were new, and how many the store had already. */
    record Written(int inserted, int duplicates) {
    }
}
