package org.muster.server.http;

import io.vertx.ext.web.RoutingContext;
import org.muster.protocol.v1.GeoPoint;
import org.muster.protocol.v1.Incident;
import org.muster.protocol.v1.IncidentStatus;
import org.muster.protocol.v1.IncidentType;
import org.muster.protocol.v1.Team;
import org.muster.protocol.v1.TeamStatus;
import org.muster.protocol.v1.TeamTier;
import org.muster.protocol.v1.Transport;
import org.muster.server.events.Rejection;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.Predicate;

/** Query-string filters of the list endpoints. Unknown values are refused, not ignored. */
final class Filters {
    private Filters() {
    }

    /**
     * Teams: {@code region} (a GB/T 2260 code; a province or city code includes what lies below it),
     * {@code status}, {@code tier}, {@code transport} (comma lists), {@code capability=CODE[:minCapacity]} (repeatable,
     * all must hold) and {@code bbox=minLon,minLat,maxLon,maxLat} on the position, or the home base when there is none.
     */
    static Predicate<Team> teams(RoutingContext ctx) {
        Predicate<Team> p = t -> true;
        String region = ctx.request().getParam("region");
        if (region != null) {
            String prefix = regionPrefix(region);
            p = p.and(t -> t.getRegionCode().startsWith(prefix));
        }
        Set<TeamStatus> statuses = enums(ctx, "status", TeamStatus.class);
        if (statuses != null) {
            p = p.and(t -> statuses.contains(t.getStatus()));
        }
        Set<TeamTier> tiers = enums(ctx, "tier", TeamTier.class);
        if (tiers != null) {
            p = p.and(t -> tiers.contains(t.getTier()));
        }
        Set<Transport> transports = enums(ctx, "transport", Transport.class);
        if (transports != null) {
            p = p.and(t -> transports.contains(t.getTransport()));
        }
        for (String cap : ctx.queryParam("capability")) {
            String[] parts = cap.split(":", 2);
            String code = parts[0];
            if (!code.matches(CatalogueJson.CODE_PATTERN)) {
                throw Rejection.invalid("capability", "must be CODE or CODE:minimum, e.g. PUMPING:3000");
            }
            double min = parts.length == 2 ? number("capability", parts[1]) : Double.MIN_VALUE;
            p = p.and(t -> t.getCapabilitiesList().stream().anyMatch(c -> c.getCode().equals(code) && c.getCapacity() >= min));
        }
        double[] bbox = bbox(ctx);
        if (bbox != null) {
            p = p.and(t -> inside(t.hasPosition() ? t.getPosition().getPoint() : t.getHome(), bbox));
        }
        return p;
    }

    /** Incidents: {@code status}, {@code type} (comma lists), {@code region}, {@code bbox}, {@code from}/{@code to} on reportedAt. */
    static Predicate<Incident> incidents(RoutingContext ctx) {
        Predicate<Incident> p = i -> true;
        String region = ctx.request().getParam("region");
        if (region != null) {
            String prefix = regionPrefix(region);
            p = p.and(i -> i.getRegionCode().startsWith(prefix));
        }
        Set<IncidentStatus> statuses = enums(ctx, "status", IncidentStatus.class);
        if (statuses != null) {
            p = p.and(i -> statuses.contains(i.getStatus()));
        }
        Set<IncidentType> types = enums(ctx, "type", IncidentType.class);
        if (types != null) {
            p = p.and(i -> types.contains(i.getType()));
        }
        double[] bbox = bbox(ctx);
        if (bbox != null) {
            p = p.and(i -> inside(i.getLocation(), bbox));
        }
        String from = ctx.request().getParam("from");
        if (from != null) {
            long f = JsonReader.parseTime("from", from);
            p = p.and(i -> i.getReportedMs() >= f);
        }
        String to = ctx.request().getParam("to");
        if (to != null) {
            long t = JsonReader.parseTime("to", to);
            p = p.and(i -> i.getReportedMs() < t);
        }
        return p;
    }

    /** "510000" (a province) -> "51"; "511800" (a prefecture) -> "5118"; a county code stays whole. */
    static String regionPrefix(String code) {
        if (!code.matches(TeamJson.REGION_PATTERN)) {
            throw Rejection.invalid("region", "must be a six-digit GB/T 2260 code");
        }
        String p = code;
        while (p.length() > 2 && p.endsWith("00")) {
            p = p.substring(0, p.length() - 2);
        }
        return p;
    }

    private static <E extends Enum<E> & com.google.protobuf.ProtocolMessageEnum> Set<E> enums(RoutingContext ctx, String name, Class<E> type) {
        String v = ctx.request().getParam(name);
        if (v == null) {
            return null;
        }
        Set<E> out = EnumSet.noneOf(type);
        for (String s : v.split(",")) {
            out.add(Enums.parse(type, name, s));
        }
        return out;
    }

    private static double[] bbox(RoutingContext ctx) {
        String v = ctx.request().getParam("bbox");
        if (v == null) {
            return null;
        }
        String[] parts = v.split(",");
        if (parts.length != 4) {
            throw Rejection.invalid("bbox", "must be minLon,minLat,maxLon,maxLat");
        }
        double[] b = new double[4];
        for (int i = 0; i < 4; i++) {
            b[i] = number("bbox", parts[i]);
        }
        if (b[0] < -180 || b[2] > 180 || b[1] < -90 || b[3] > 90 || b[0] > b[2] || b[1] > b[3]) {
            throw Rejection.invalid("bbox", "must be minLon,minLat,maxLon,maxLat within -180..180, -90..90, min <= max");
        }
        return b;
    }

    private static boolean inside(GeoPoint p, double[] b) {
        return p.getLon() >= b[0] && p.getLon() <= b[2] && p.getLat() >= b[1] && p.getLat() <= b[3];
    }

    private static double number(String field, String s) {
        try {
            double d = Double.parseDouble(s.trim());
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // falls through
        }
        throw Rejection.invalid(field, "'" + s + "' is not a number");
    }
}
