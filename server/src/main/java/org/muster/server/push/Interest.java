package org.muster.server.push;

import org.muster.protocol.v1.BoundingBox;
import org.muster.protocol.v1.ErrorCode;
import org.muster.protocol.v1.Subscribe;
import org.muster.server.events.Rejection;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a console wants to see: everything, or the union of a bounding box, regions and incidents. Immutable.
 * A change matches if it lies in the box, belongs to one of the regions (a province code covers its prefectures and
 * counties), or belongs to one of the incidents.
 */
final class Interest {
    static final int MAX_REGIONS = 100;
    static final int MAX_INCIDENTS = 200;
    static final Interest NOTHING = new Interest(false, null, List.of(), Set.of(), List.of());

    final boolean everything;
    final double[] bbox;
    final List<String> regionPrefixes;
    final Set<String> incidentIds;
    /** The regions the console's token is limited to (prefixes); empty: no limit. Applies to whatever is asked. */
    final List<String> scope;

    private Interest(boolean everything, double[] bbox, List<String> regionPrefixes, Set<String> incidentIds,
                     List<String> scope) {
        this.everything = everything;
        this.bbox = bbox;
        this.regionPrefixes = regionPrefixes;
        this.incidentIds = incidentIds;
        this.scope = scope;
    }

    /** The same interest, limited to the token's regions (a region-scoped dispatcher or centre sees only those). */
    Interest within(List<String> tokenRegions) {
        if (tokenRegions == null || tokenRegions.isEmpty()) {
            return this;
        }
        List<String> prefixes = new java.util.ArrayList<>();
        for (String code : tokenRegions) {
            prefixes.add(prefix(code));
        }
        return new Interest(everything, bbox, regionPrefixes, incidentIds, List.copyOf(prefixes));
    }

    private static String prefix(String code) {
        String p = code;
        while (p.length() > 2 && p.endsWith("00")) {
            p = p.substring(0, p.length() - 2);
        }
        return p;
    }

    /** Checks a Subscribe message; a bad one is refused with the field named, and the old interest stays. */
    static Interest of(Subscribe s) {
        if (s.getRegionCodesCount() > MAX_REGIONS || s.getIncidentIdsCount() > MAX_INCIDENTS) {
            throw new Rejection(ErrorCode.ERROR_CODE_TOO_MANY_SUBSCRIPTIONS, "at most " + MAX_REGIONS + " regions and "
                    + MAX_INCIDENTS + " incidents per console");
        }
        double[] box = null;
        if (s.hasBbox()) {
            BoundingBox b = s.getBbox();
            boolean ok = Double.isFinite(b.getMinLon()) && Double.isFinite(b.getMinLat()) && Double.isFinite(b.getMaxLon())
                    && Double.isFinite(b.getMaxLat()) && b.getMinLon() >= -180 && b.getMaxLon() <= 180
                    && b.getMinLat() >= -90 && b.getMaxLat() <= 90 && b.getMinLon() <= b.getMaxLon() && b.getMinLat() <= b.getMaxLat();
            if (!ok) {
                throw Rejection.invalid("subscribe.bbox", "must be min <= max within -180..180 and -90..90");
            }
            box = new double[] {b.getMinLon(), b.getMinLat(), b.getMaxLon(), b.getMaxLat()};
        }
        List<String> prefixes = new java.util.ArrayList<>();
        for (int i = 0; i < s.getRegionCodesCount(); i++) {
            String code = s.getRegionCodes(i);
            if (!code.matches("\\d{6}")) {
                throw Rejection.invalid("subscribe.region_codes[" + i + "]", "must be a six-digit GB/T 2260 code");
            }
            prefixes.add(prefix(code));
        }
        Set<String> incidents = new HashSet<>(s.getIncidentIdsList());
        return new Interest(s.getEverything(), box, List.copyOf(prefixes), Set.copyOf(incidents), List.of());
    }

    boolean isEmpty() {
        return !everything && bbox == null && regionPrefixes.isEmpty() && incidentIds.isEmpty();
    }

    boolean matches(Change c) {
        return matches(c.regionCode(), c.lon(), c.lat(), c.incidentIds());
    }

    boolean matches(String region, double lon, double lat, String[] incidents) {
        if (!scope.isEmpty() && !inScope(region)) {
            return false;
        }
        if (everything) {
            return true;
        }
        if (bbox != null && !Double.isNaN(lon) && lon >= bbox[0] && lon <= bbox[2] && lat >= bbox[1] && lat <= bbox[3]) {
            return true;
        }
        if (region != null) {
            for (String p : regionPrefixes) {
                if (region.startsWith(p)) {
                    return true;
                }
            }
        }
        if (!incidentIds.isEmpty()) {
            for (String i : incidents) {
                if (incidentIds.contains(i)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean inScope(String region) {
        if (region == null) {
            return false;
        }
        for (String p : scope) {
            if (region.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
