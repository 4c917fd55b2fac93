package org.muster.geo.match;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.muster.geo.index.TeamPoint;
import org.muster.geo.zone.BlockedZones;

/**
 * The default ETA: mobilisation time plus geodesic distance times a detour factor over an average speed, per
 * transport; blocked areas penalise or rule out road-bound transports and leave aircraft alone. Immutable and safe
 * to call from any thread.
 *
 * <p>{@code seconds = mobilisation + distance * detour * (crosses blocked area ? blockedDetour : 1) / speed}.
 *
 * <p>The default figures ({@link #defaults()}), keyed by the Protobuf {@code Transport} numbers the server passes
 * (0 unspecified, 1 road, 2 off-road, 3 water, 4 air); an unknown number gets the road profile:
 * <ul>
 *   <li><b>road</b> 60 km/h, detour 1.3, 10 min mobilisation. China's expressways allow 120 km/h and national
 *       roads 80, but convoys with heavy kit, town stretches and the last kilometres on small roads bring the
 *       door-to-door average of a long trip near 60. Road network circuity studies find travelled/straight
 *       distance ratios of about 1.2-1.4 on national road networks; 1.3 is the middle. Ten minutes covers turnout
 *       of a standing team (fire brigades turn out in 1-3 minutes; teams loading heavy equipment need longer).
 *       Blocked areas: ways across one get a further x1.6 (going around a cut valley is long); ruled out when the
 *       team or the incident is inside one.</li>
 *   <li><b>off-road</b> 45 km/h, detour 1.25, 10 min: slower on good roads, but can take tracks; blocked ways get
 *       x1.3 and are never ruled out.</li>
 *   <li><b>water</b> 50 km/h, detour 1.3, 20 min: water teams come to the water by road with boats on trailers and
 *       need time to load and launch; blocked ways get x1.3 (boats can cross flooded ground), never ruled out.
 *       A team already travelling by waterway is outside what this model knows; a router should replace it.</li>
 *   <li><b>air</b> 200 km/h straight, detour 1.0, 30 min: rescue helicopters cruise at 220-260 km/h, less after
 *       climb and approach; thirty minutes for crew call-out, pre-flight and airspace approval. Not affected by
 *       blocked roads.</li>
 * </ul>
 * These are planning figures for ranking, not promises: the console shows them as estimates.
 */
public final class SpeedProfileEtaModel implements EtaModel {

    public static final int TRANSPORT_UNSPECIFIED = 0;
    public static final int TRANSPORT_ROAD = 1;
    public static final int TRANSPORT_OFF_ROAD = 2;
    public static final int TRANSPORT_WATER = 3;
    public static final int TRANSPORT_AIR = 4;

    public static final SpeedProfile ROAD =
            new SpeedProfile("road", 60, 1.3, 600, SpeedProfile.BlockedPolicy.PENALISE_OR_RULE_OUT_INSIDE, 1.6);
    public static final SpeedProfile OFF_ROAD =
            new SpeedProfile("off-road", 45, 1.25, 600, SpeedProfile.BlockedPolicy.PENALISE, 1.3);
    public static final SpeedProfile WATER =
            new SpeedProfile("water", 50, 1.3, 1200, SpeedProfile.BlockedPolicy.PENALISE, 1.3);
    public static final SpeedProfile AIR =
            new SpeedProfile("air", 200, 1.0, 1800, SpeedProfile.BlockedPolicy.IGNORE, 1.0);

    private final SpeedProfile[] byTransport = new SpeedProfile[TeamPoint.MAX_CODE + 1];

    /**
     * A model with these profiles per transport number; numbers without a profile use {@code fallback}.
     */
    public SpeedProfileEtaModel(Map<Integer, SpeedProfile> profiles, SpeedProfile fallback) {
        Objects.requireNonNull(fallback, "fallback");
        java.util.Arrays.fill(byTransport, fallback);
        for (Map.Entry<Integer, SpeedProfile> e : new TreeMap<>(profiles).entrySet()) {
            int t = e.getKey();
            if (t < 0 || t > TeamPoint.MAX_CODE) {
                throw new IllegalArgumentException("transport must be in [0, 31]: " + t);
            }
            byTransport[t] = Objects.requireNonNull(e.getValue(), "profile of transport " + t);
        }
    }

    /** The documented default profiles, keyed by the Protobuf Transport numbers. */
    public static SpeedProfileEtaModel defaults() {
        return new SpeedProfileEtaModel(Map.of(TRANSPORT_UNSPECIFIED, ROAD, TRANSPORT_ROAD, ROAD,
                TRANSPORT_OFF_ROAD, OFF_ROAD, TRANSPORT_WATER, WATER, TRANSPORT_AIR, AIR), ROAD);
    }

    public SpeedProfile profileOf(int transport) {
        return byTransport[transport];
    }

    @Override
    public EtaEstimate estimate(TeamPoint team, double toLon, double toLat, BlockedZones blocked) {
        return estimate(team, toLon, toLat, EtaModel.distance(team, toLon, toLat), blocked);
    }

    @Override
    public EtaEstimate estimate(TeamPoint team, double toLon, double toLat, double geodesicMeters,
                                BlockedZones blocked) {
        SpeedProfile p = byTransport[team.transport()];
        double way = geodesicMeters * p.detourFactor();
        List<String> crossed = List.of();
        String reason = "";
        if (blocked != null && !blocked.isEmpty() && p.blockedPolicy() != SpeedProfile.BlockedPolicy.IGNORE) {
            crossed = blocked.crossedBy(team.lon(), team.lat(), toLon, toLat);
            if (!crossed.isEmpty()) {
                if (p.blockedPolicy() == SpeedProfile.BlockedPolicy.PENALISE_OR_RULE_OUT_INSIDE) {
                    List<String> atIncident = blocked.containing(toLon, toLat);
                    if (!atIncident.isEmpty()) {
                        return new EtaEstimate(Double.POSITIVE_INFINITY, geodesicMeters, true,
                                p.name() + " team cannot reach the incident: it is inside blocked area "
                                        + String.join(", ", atIncident), crossed);
                    }
                    List<String> atTeam = blocked.containing(team.lon(), team.lat());
                    if (!atTeam.isEmpty()) {
                        return new EtaEstimate(Double.POSITIVE_INFINITY, geodesicMeters, true,
                                p.name() + " team is inside blocked area " + String.join(", ", atTeam), crossed);
                    }
                }
                way *= p.blockedDetourFactor();
                reason = "way crosses blocked area " + String.join(", ", crossed) + ": detour x"
                        + p.blockedDetourFactor();
            }
        }
        double seconds = p.mobilisationSeconds() + way / p.speedMps();
        return new EtaEstimate(seconds, geodesicMeters, false, reason, crossed);
    }
}
