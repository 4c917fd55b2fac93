package org.muster.server.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.muster.geo.match.Candidate;
import org.muster.geo.match.MatchRequest;
import org.muster.geo.match.ProposedTeam;
import org.muster.geo.match.Recommendation;
import org.muster.geo.match.RequirementResult;
import org.muster.geo.match.RequirementSpec;
import org.muster.geo.zone.BlockedZones;
import org.muster.geo.zone.Zone;
import org.muster.protocol.v1.BlockedArea;
import org.muster.protocol.v1.GeoPoint;
import org.muster.protocol.v1.Incident;
import org.muster.protocol.v1.LinearRing;
import org.muster.protocol.v1.Requirement;
import org.muster.protocol.v1.Team;
import org.muster.protocol.v1.Transport;
import org.muster.server.events.Rejection;
import org.muster.server.live.LivePicture;
import org.muster.server.match.TeamIndex;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Recommendations: the nearest suitably equipped teams for an incident's requirements, answered from this member's
 * own index ({@link TeamIndex}); only the incident is read from its owner, so that one reported a moment ago is found. {@code GET} uses the incident's requirements;
 * {@code POST} may override them (and the limits) for one question without changing the incident.
 */
final class RecommendationsEndpoint implements Endpoint {
    static final int MAX_LIMIT = 50;
    private final LivePicture live;
    private final TeamIndex index;
    private final Clock clock;

    RecommendationsEndpoint(LivePicture live, TeamIndex index, Clock clock) {
        this.live = live;
        this.index = index;
        this.clock = clock;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/incidents/:id/recommendations").handler(Access.allow(Access.READERS)).handler(this::get);
        router.post("/api/v1/incidents/:id/recommendations").handler(Access.allow(Access.READERS)).handler(this::ask);
    }

    private void get(RoutingContext ctx) {
        Options o = new Options(Requests.limit(ctx, MatchRequest.DEFAULT_LIMIT, MAX_LIMIT),
                doubleParam(ctx, "maxDistanceKm", 0.1, 20_000, MatchRequest.DEFAULT_MAX_RADIUS_METERS / 1000),
                doubleParam(ctx, "maxPositionAgeMinutes", 1, 525_600, MatchRequest.DEFAULT_MAX_POSITION_AGE_MS / 60_000.0));
        incident(ctx).onSuccess(incident -> answer(ctx, incident, incident.getRequirementsList(),
                incident.getRequirementsOverridden(), o)).onFailure(ctx::fail);
    }

    private void ask(RoutingContext ctx) {
        JsonReader r = JsonReader.of(Requests.object(ctx)).only(Set.of("requirements", "limit", "maxDistanceKm",
                "maxPositionAgeMinutes"));
        List<Requirement> asked = r.has("requirements") ? CatalogueJson.requirements(r, "requirements") : null;
        Options o = new Options(r.optLong("limit", 1, MAX_LIMIT).map(Long::intValue).orElse(MatchRequest.DEFAULT_LIMIT),
                r.optDouble("maxDistanceKm", 0.1, 20_000).orElse(MatchRequest.DEFAULT_MAX_RADIUS_METERS / 1000),
                r.optDouble("maxPositionAgeMinutes", 1, 525_600).orElse(MatchRequest.DEFAULT_MAX_POSITION_AGE_MS / 60_000.0));
        incident(ctx).onSuccess(incident -> answer(ctx, incident, asked != null ? asked : incident.getRequirementsList(),
                asked != null || incident.getRequirementsOverridden(), o)).onFailure(ctx::fail);
    }

    private record Options(int limit, double maxDistanceKm, double maxPositionAgeMinutes) {
    }

    /** The incident as the cluster holds it now (from its owner): one reported a moment ago is found. */
    private io.vertx.core.Future<Incident> incident(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        return live.incident(id).map(found -> {
            Incident incident = found.orElseThrow(() -> Rejection.notFound("incident", id));
            if (!incident.hasLocation()) {
                throw Rejection.conflict("the incident has no location");
            }
            return incident;
        });
    }

    private void answer(RoutingContext ctx, Incident incident, List<Requirement> requirements, boolean overridden, Options o) {
        List<RequirementSpec> specs = new ArrayList<>();
        for (Requirement q : requirements) {
            specs.add(new RequirementSpec(q.getCapabilityCode(), q.getQuantity(), q.getArriveWithinS()));
        }
        long now = clock.millis();
        MatchRequest request = MatchRequest.of(incident.getLocation().getLon(), incident.getLocation().getLat(), specs, now)
                .withBlocked(zones(incident))
                .withLimitPerRequirement(o.limit())
                .withMaxRadiusMeters(o.maxDistanceKm() * 1000)
                .withMaxPositionAgeMs((long) (o.maxPositionAgeMinutes() * 60_000));
        TeamIndex.Timed timed = index.recommend(request);
        ctx.json(write(incident, overridden, timed.recommendation(), timed.tookMicros(), now));
    }

    static BlockedZones zones(Incident incident) {
        if (incident.getBlockedAreasCount() == 0) {
            return BlockedZones.empty();
        }
        List<Zone> zones = new ArrayList<>();
        for (BlockedArea b : incident.getBlockedAreasList()) {
            double[][] shell = ring(b.getArea().getShell());
            double[][][] holes = b.getArea().getHolesList().stream().map(RecommendationsEndpoint::ring).toArray(double[][][]::new);
            zones.add(Zone.of(b.getId(), shell, holes));
        }
        return BlockedZones.of(zones);
    }

    private static double[][] ring(LinearRing r) {
        double[][] out = new double[r.getPointsCount()][];
        for (int i = 0; i < out.length; i++) {
            GeoPoint p = r.getPoints(i);
            out[i] = new double[] {p.getLon(), p.getLat()};
        }
        return out;
    }

    private JsonObject write(Incident incident, boolean overridden, Recommendation rec, long tookMicros, long now) {
        JsonArray requirements = new JsonArray();
        JsonArray uncovered = new JsonArray();
        for (int i = 0; i < rec.requirements().size(); i++) {
            RequirementResult rr = rec.requirements().get(i);
            JsonArray candidates = new JsonArray();
            for (Candidate c : rr.candidates()) {
                candidates.add(new JsonObject()
                        .put("teamId", c.teamId())
                        .put("teamName", name(c.teamId()))
                        .put("distanceMeters", Math.round(c.distanceMeters()))
                        .put("etaSeconds", Math.round(c.etaSeconds()))
                        .put("stalenessPenaltySeconds", Math.round(c.stalenessPenaltySeconds()))
                        .put("rankSeconds", Math.round(c.rankSeconds()))
                        .put("capacity", c.capacity())
                        .put("positionAgeMs", c.positionAgeMs())
                        .put("covers", new JsonArray(c.covers()))
                        .put("transport", transport(c.transport()))
                        .put("note", c.note().isEmpty() ? null : c.note()));
            }
            String reason = rr.reason() == null ? null : rr.reason().name();
            requirements.add(new JsonObject()
                    .put("capabilityCode", rr.requirement().capabilityCode())
                    .put("quantity", rr.requirement().quantity())
                    .put("unit", live.capability(rr.requirement().capabilityCode()).map(d -> d.getUnit()).orElse(null))
                    .put("arriveWithinS", rr.requirement().arriveWithinS())
                    .put("covered", rr.covered())
                    .put("coveredQuantity", rr.coveredQuantity())
                    .put("coveredBySeconds", Double.isInfinite(rr.coveredBySeconds()) ? null : Math.round(rr.coveredBySeconds()))
                    .put("withinTarget", rr.withinTarget())
                    .put("uncoveredReason", reason)
                    .put("detail", rr.detail().isEmpty() ? null : rr.detail())
                    .put("candidates", candidates));
            if (!rr.covered()) {
                uncovered.add(new JsonObject().put("capabilityCode", rr.requirement().capabilityCode())
                        .put("reason", reason).put("detail", rr.detail().isEmpty() ? null : rr.detail()));
            }
        }
        JsonArray teams = new JsonArray();
        for (ProposedTeam p : rec.proposal()) {
            teams.add(new JsonObject()
                    .put("teamId", p.teamId())
                    .put("teamName", name(p.teamId()))
                    .put("distanceMeters", Math.round(p.distanceMeters()))
                    .put("etaSeconds", Math.round(p.etaSeconds()))
                    .put("rankSeconds", Math.round(p.rankSeconds()))
                    .put("positionAgeMs", p.positionAgeMs())
                    .put("covers", new JsonArray(p.contributesTo())));
        }
        return new JsonObject()
                .put("incidentId", incident.getId())
                .put("computedAt", java.time.Instant.ofEpochMilli(now).toString())
                .put("requirementsOverridden", overridden)
                .put("tookMicros", tookMicros)
                .put("allCovered", rec.allCovered())
                .put("requirements", requirements)
                .put("proposal", new JsonObject()
                        .put("teams", teams)
                        .put("lastArrivalSeconds", Math.round(rec.lastArrivalSeconds()))
                        .put("uncovered", uncovered));
    }

    private String name(String teamId) {
        return live.localTeam(teamId).map(Team::getName).orElse(teamId);
    }

    private static String transport(int number) {
        Transport t = Transport.forNumber(number);
        return t == null || t == Transport.TRANSPORT_UNSPECIFIED ? null : Enums.name(t);
    }

    private static double doubleParam(RoutingContext ctx, String name, double min, double max, double dflt) {
        String s = ctx.request().getParam(name);
        if (s == null) {
            return dflt;
        }
        try {
            double v = Double.parseDouble(s);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the rejection
        }
        throw Rejection.invalid(name, "must be a number from " + min + " to " + max);
    }
}
