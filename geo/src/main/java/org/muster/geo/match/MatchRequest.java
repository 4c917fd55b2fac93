package org.muster.geo.match;

import java.util.List;
import java.util.Objects;

import org.muster.geo.zone.BlockedZones;

/**
 * One recommendation request. Immutable.
 *
 * @param lon                   the incident's WGS 84 longitude
 * @param lat                   the incident's WGS 84 latitude
 * @param requirements          what must arrive; may be empty
 * @param blocked               blocked areas, or null for none
 * @param limitPerRequirement   how many ranked candidates to return per requirement, &gt;= 1
 * @param maxRadiusMeters       teams farther than this (geodesic) are not considered
 * @param maxPositionAgeMs      teams whose fix is older than this are not considered ({@code Long.MAX_VALUE}:
 *                              any age)
 * @param nowMs                 the time position ages are measured from, epoch ms
 * @param availableStatusMask   the statuses that count as available (bit n = status n), e.g.
 *                              {@code 1 << TEAM_STATUS_AVAILABLE}
 */
public record MatchRequest(double lon, double lat, List<RequirementSpec> requirements, BlockedZones blocked,
                           int limitPerRequirement, double maxRadiusMeters, long maxPositionAgeMs, long nowMs,
                           int availableStatusMask) {

    /** The Protobuf number of TEAM_STATUS_AVAILABLE, the only status that counts as available by default. */
    public static final int STATUS_AVAILABLE = 1;
    public static final int DEFAULT_LIMIT = 10;
    /** 1,000 km: a province and its neighbours, the reach of national teams by road within a day. */
    public static final double DEFAULT_MAX_RADIUS_METERS = 1_000_000;
    /** Six hours: beyond that a position says little about where a team is. */
    public static final long DEFAULT_MAX_POSITION_AGE_MS = 6 * 3_600_000L;

    public MatchRequest {
        if (!(lon >= -180.0 && lon <= 180.0) || !(lat >= -90.0 && lat <= 90.0)) {
            throw new IllegalArgumentException("incident location out of range [lon: " + lon + ", lat: " + lat
                    + "]: longitude first");
        }
        requirements = List.copyOf(Objects.requireNonNull(requirements, "requirements"));
        if (limitPerRequirement < 1) {
            throw new IllegalArgumentException("limitPerRequirement must be >= 1: " + limitPerRequirement);
        }
        if (!(maxRadiusMeters > 0)) {
            throw new IllegalArgumentException("maxRadiusMeters must be > 0: " + maxRadiusMeters);
        }
        if (maxPositionAgeMs < 0) {
            throw new IllegalArgumentException("maxPositionAgeMs must be >= 0: " + maxPositionAgeMs);
        }
    }

    /** A request with the defaults: no blocked areas, 10 per requirement, 1,000 km, 6 h, AVAILABLE only. */
    public static MatchRequest of(double lon, double lat, List<RequirementSpec> requirements, long nowMs) {
        return new MatchRequest(lon, lat, requirements, null, DEFAULT_LIMIT, DEFAULT_MAX_RADIUS_METERS,
                DEFAULT_MAX_POSITION_AGE_MS, nowMs, 1 << STATUS_AVAILABLE);
    }

    public MatchRequest withBlocked(BlockedZones zones) {
        return new MatchRequest(lon, lat, requirements, zones, limitPerRequirement, maxRadiusMeters,
                maxPositionAgeMs, nowMs, availableStatusMask);
    }

    public MatchRequest withLimitPerRequirement(int limit) {
        return new MatchRequest(lon, lat, requirements, blocked, limit, maxRadiusMeters, maxPositionAgeMs, nowMs,
                availableStatusMask);
    }

    public MatchRequest withMaxRadiusMeters(double meters) {
        return new MatchRequest(lon, lat, requirements, blocked, limitPerRequirement, meters, maxPositionAgeMs,
                nowMs, availableStatusMask);
    }

    public MatchRequest withMaxPositionAgeMs(long ms) {
        return new MatchRequest(lon, lat, requirements, blocked, limitPerRequirement, maxRadiusMeters, ms, nowMs,
                availableStatusMask);
    }

    public MatchRequest withAvailableStatusMask(int mask) {
        return new MatchRequest(lon, lat, requirements, blocked, limitPerRequirement, maxRadiusMeters,
                maxPositionAgeMs, nowMs, mask);
    }

    BlockedZones blockedOrEmpty() {
        return blocked == null ? BlockedZones.empty() : blocked;
    }

    long minFixTimeMs() {
        return maxPositionAgeMs == Long.MAX_VALUE || nowMs - maxPositionAgeMs > nowMs ? Long.MIN_VALUE
                : nowMs - maxPositionAgeMs;
    }
}
