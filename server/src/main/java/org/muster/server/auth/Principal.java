package org.muster.server.auth;

import org.muster.protocol.v1.Actor;

import java.util.List;

/**
 * Who is asking, as their verified token says. Immutable.
 *
 * @param subject  the token's {@code sub}
 * @param role     its role
 * @param regions  GB/T 2260 codes the token is limited to; empty means all regions (for admins and dispatchers)
 * @param deviceId for a device token, the one device it may speak for
 * @param tokenId  the token's {@code jti}, if any (rate limits and audit)
 */
public record Principal(String subject, Role role, List<String> regions, String deviceId, String tokenId) {

    public Principal {
        regions = List.copyOf(regions);
    }

    /** The actor recorded with the events this principal causes. */
    public Actor actor(String origin) {
        return Actor.newBuilder().setSubject(subject).setRole(role.claim()).setOrigin(origin == null ? "" : origin)
                .addAllRegions(regions).build();
    }

    /** True when {@code regionCode} lies within one of the token's regions (or the token is not limited). */
    public boolean covers(String regionCode) {
        return covers(regions, regionCode);
    }

    /**
     * A province code ("510000") covers its prefectures and counties ("511800", "511822"); a prefecture code covers
     * its counties; a county code covers itself. No regions at all covers everything.
     */
    public static boolean covers(List<String> regions, String regionCode) {
        if (regions.isEmpty()) {
            return true;
        }
        for (String r : regions) {
            String prefix = r;
            while (prefix.length() > 2 && prefix.endsWith("00")) {
                prefix = prefix.substring(0, prefix.length() - 2);
            }
            if (regionCode.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
