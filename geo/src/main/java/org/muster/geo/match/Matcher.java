package org.muster.geo.match;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.muster.geo.index.CapabilityVocabulary;
import org.muster.geo.index.MovingPointIndex;
import org.muster.geo.index.NearestCursor;
import org.muster.geo.index.Neighbor;
import org.muster.geo.index.PointFilter;
import org.muster.geo.index.TeamPoint;
import org.muster.geo.zone.BlockedZones;

/**
 * Recommends teams for an incident's requirements: per requirement, candidates ranked by ETA (plus a staleness
 * penalty); one proposed set covering all requirements with the earliest last arrival; and for what cannot be
 * covered, why.
 *
 * <p><b>Threading.</b> Not thread-safe: runs on the thread that owns the {@link MovingPointIndex}, and reads the
 * index as it is at the call. The result is immutable.
 *
 * <p><b>How.</b> For each requirement and each transport present among the teams with its capability, a
 * k-nearest query (available statuses, fresh enough, within the radius, having the capability). Within one
 * transport the ETA grows with distance, so the nearest by distance are the fastest by road, and a helicopter
 * 300 km away still competes with a truck 50 km away. k starts at the limit plus five and grows fourfold, up to
 * {@value #MAX_FETCH}, until the fetched capacity covers the quantity or the index runs out; growing continues the
 * same searches ({@link NearestCursor}) rather than starting them again. Each distinct team gets
 * one ETA. The ranking is therefore exact for the ETA model among the fetched teams; a team outside the k nearest of
 * its transport can only outrank them through a smaller staleness penalty or fewer blocked areas, which the extra
 * five fetched absorb in practice.
 *
 * <p>The set comes from {@link CoverSolver}: the optimal last arrival over the fetched teams, then a greedy small
 * set. Uncovered requirements are diagnosed by relaxed 1-nearest queries, only when needed.
 */
public final class Matcher {

    static final int MAX_FETCH = 1024;
    private static final int EXTRA_FETCH = 5;

    private final MovingPointIndex index;
    private final CapabilityVocabulary vocabulary;
    private final EtaModel eta;
    private final StalenessPolicy staleness;

    public Matcher(MovingPointIndex index, CapabilityVocabulary vocabulary, EtaModel eta) {
        this(index, vocabulary, eta, StalenessPolicy.defaults());
    }

    public Matcher(MovingPointIndex index, CapabilityVocabulary vocabulary, EtaModel eta, StalenessPolicy staleness) {
        this.index = Objects.requireNonNull(index, "index");
        this.vocabulary = Objects.requireNonNull(vocabulary, "vocabulary");
        this.eta = Objects.requireNonNull(eta, "eta");
        this.staleness = Objects.requireNonNull(staleness, "staleness");
    }

    /** One team evaluated for this request. */
    private record Evaluated(TeamPoint team, double distance, EtaEstimate estimate, double penalty, double rank) {
    }

    public Recommendation recommend(MatchRequest req) {
        Objects.requireNonNull(req, "request");
        List<RequirementSpec> specs = req.requirements();
        int m = specs.size();
        int[] capIds = new int[m];
        for (int r = 0; r < m; r++) {
            capIds[r] = vocabulary.find(specs.get(r).capabilityCode());
        }
        BlockedZones blocked = req.blockedOrEmpty();
        Map<String, Evaluated> pool = new HashMap<>();
        List<List<Evaluated>> fetched = new ArrayList<>(m);
        for (int r = 0; r < m; r++) {
            fetched.add(capIds[r] < 0 ? List.of() : fetch(req, capIds[r], specs.get(r).quantity(), blocked, pool));
        }

        // The universe of the cover: every fetched team that can get there, each once.
        LinkedHashMap<String, Evaluated> usable = new LinkedHashMap<>();
        for (List<Evaluated> list : fetched) {
            for (Evaluated e : list) {
                if (!e.estimate.ruledOut()) {
                    usable.putIfAbsent(e.team.id(), e);
                }
            }
        }
        List<Evaluated> teams = new ArrayList<>(usable.values());
        double[] arrival = new double[teams.size()];
        double[][] capacity = new double[teams.size()][m];
        double[] need = new double[m];
        for (int r = 0; r < m; r++) {
            need[r] = specs.get(r).quantity();
        }
        for (int t = 0; t < teams.size(); t++) {
            Evaluated e = teams.get(t);
            arrival[t] = e.rank;
            for (int r = 0; r < m; r++) {
                capacity[t][r] = capIds[r] < 0 ? 0 : e.team.capabilities().capacity(capIds[r]);
            }
        }
        int[] chosen = CoverSolver.solve(arrival, capacity, need);

        List<ProposedTeam> proposal = new ArrayList<>(chosen.length);
        double lastArrival = 0;
        for (int t : chosen) {
            Evaluated e = teams.get(t);
            List<String> contributes = new ArrayList<>();
            for (int r = 0; r < m; r++) {
                if (capacity[t][r] > 0 && !contributes.contains(specs.get(r).capabilityCode())) {
                    contributes.add(specs.get(r).capabilityCode());
                }
            }
            proposal.add(new ProposedTeam(e.team.id(), e.distance, e.estimate.seconds(), e.rank,
                    req.nowMs() - e.team.fixTimeMs(), contributes));
            lastArrival = Math.max(lastArrival, e.rank);
        }

        List<RequirementResult> results = new ArrayList<>(m);
        boolean allCovered = true;
        for (int r = 0; r < m; r++) {
            RequirementSpec spec = specs.get(r);
            double covered = 0;
            double coveredBy = Double.POSITIVE_INFINITY;
            for (int t : chosen) {
                if (capacity[t][r] > 0) {
                    covered += capacity[t][r];
                    if (covered >= spec.quantity() - 1e-9 && coveredBy == Double.POSITIVE_INFINITY) {
                        coveredBy = arrival[t];
                    }
                }
            }
            boolean isCovered = covered >= spec.quantity() - 1e-9;
            allCovered &= isCovered;
            boolean withinTarget = isCovered && (spec.arriveWithinS() == 0 || coveredBy <= spec.arriveWithinS());
            List<Candidate> candidates = rank(fetched.get(r), capIds, specs, r, req);
            UncoveredReason reason = null;
            String detail = "";
            if (!isCovered) {
                Diagnosis d = diagnose(req, spec, capIds[r], fetched.get(r), covered);
                reason = d.reason;
                detail = d.detail;
            }
            results.add(new RequirementResult(spec, candidates, covered, isCovered, coveredBy, withinTarget, reason,
                    detail));
        }
        return new Recommendation(results, proposal, lastArrival, allCovered);
    }

    private List<Evaluated> fetch(MatchRequest req, int capId, double quantity, BlockedZones blocked,
                                  Map<String, Evaluated> pool) {
        int transports = index.transportMask(capId);
        int[] required = {capId};
        // One continued search per transport: growing k takes the next teams instead of asking again from the
        // nearest (NearestCursor returns exactly what a fresh query with the larger k would).
        List<NearestCursor> cursors = new ArrayList<>(Integer.bitCount(transports));
        List<List<Evaluated>> byTransport = new ArrayList<>(Integer.bitCount(transports));
        for (int t = 0; t <= TeamPoint.MAX_CODE; t++) {
            if ((transports & (1 << t)) != 0) {
                PointFilter f = new PointFilter(req.availableStatusMask(), -1, 1 << t, req.minFixTimeMs(), required,
                        req.maxRadiusMeters());
                cursors.add(index.nearestCursor(req.lon(), req.lat(), f));
                byTransport.add(new ArrayList<>());
            }
        }
        int k = Math.max(req.limitPerRequirement(), 5) + EXTRA_FETCH;
        while (true) {
            boolean exhausted = true;
            for (int i = 0; i < cursors.size(); i++) {
                List<Evaluated> have = byTransport.get(i);
                for (Neighbor n : cursors.get(i).next(k - have.size())) {
                    have.add(pool.computeIfAbsent(n.point().id(), id -> evaluate(n, req, blocked)));
                }
                if (have.size() == k) {
                    exhausted = false;
                }
            }
            // Summed in the order a query per transport would list them, so that the sum (and the order of the
            // returned list, which the cover's ties follow) does not depend on how k grew.
            List<Evaluated> got = new ArrayList<>();
            double capacity = 0;
            for (List<Evaluated> have : byTransport) {
                for (Evaluated e : have) {
                    got.add(e);
                    if (!e.estimate.ruledOut()) {
                        capacity += e.team.capabilities().capacity(capId);
                    }
                }
            }
            if (capacity >= quantity || exhausted || k >= MAX_FETCH) {
                return got;
            }
            k = Math.min(MAX_FETCH, k * 4);
        }
    }

    private Evaluated evaluate(Neighbor n, MatchRequest req, BlockedZones blocked) {
        TeamPoint p = n.point();
        EtaEstimate est = eta.estimate(p, req.lon(), req.lat(), n.distanceMeters(), blocked);
        double penalty = staleness.penaltySeconds(req.nowMs() - p.fixTimeMs());
        return new Evaluated(p, n.distanceMeters(), est, penalty, est.seconds() + penalty);
    }

    private List<Candidate> rank(List<Evaluated> list, int[] capIds, List<RequirementSpec> specs, int r,
                                 MatchRequest req) {
        List<Evaluated> ok = new ArrayList<>(list.size());
        for (Evaluated e : list) {
            if (!e.estimate.ruledOut()) {
                ok.add(e);
            }
        }
        ok.sort(Comparator.comparingDouble((Evaluated e) -> e.rank).thenComparingDouble(e -> e.distance)
                .thenComparing(e -> e.team.id()));
        int n = Math.min(req.limitPerRequirement(), ok.size());
        List<Candidate> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Evaluated e = ok.get(i);
            Set<String> covers = new LinkedHashSet<>();
            for (int j = 0; j < capIds.length; j++) {
                if (capIds[j] >= 0 && e.team.capabilities().has(capIds[j])) {
                    covers.add(specs.get(j).capabilityCode());
                }
            }
            out.add(new Candidate(e.team.id(), e.distance, e.estimate.seconds(), e.penalty, e.rank,
                    e.team.capabilities().capacity(capIds[r]), req.nowMs() - e.team.fixTimeMs(),
                    new ArrayList<>(covers), e.team.transport(), e.estimate.reason()));
        }
        return out;
    }

    private record Diagnosis(UncoveredReason reason, String detail) {
    }

    /** Why a requirement stayed uncovered: relax one step at a time and ask for a single team. */
    private Diagnosis diagnose(MatchRequest req, RequirementSpec spec, int capId, List<Evaluated> fetched,
                               double covered) {
        String code = spec.capabilityCode();
        if (capId < 0 || index.countWith(capId) == 0) {
            return new Diagnosis(UncoveredReason.NO_CANDIDATES, "no team has " + code);
        }
        int ruledOut = 0;
        String firstReason = "";
        for (Evaluated e : fetched) {
            if (e.estimate.ruledOut()) {
                if (ruledOut++ == 0) {
                    firstReason = e.estimate.reason();
                }
            }
        }
        if (covered > 0) {
            return new Diagnosis(UncoveredReason.INSUFFICIENT_CAPACITY, "available " + code + " adds up to "
                    + covered + " of " + spec.quantity() + (ruledOut > 0 ? "; " + ruledOut
                    + " more team(s) ruled out: " + firstReason : "") + "; all of it is proposed");
        }
        if (ruledOut > 0) {
            return new Diagnosis(UncoveredReason.BLOCKED, ruledOut + " available team(s) with " + code
                    + " ruled out: " + firstReason);
        }
        PointFilter f = new PointFilter(-1, -1, -1, req.minFixTimeMs(), new int[] {capId}, req.maxRadiusMeters());
        if (!index.nearest(req.lon(), req.lat(), 1, f).isEmpty()) {
            return new Diagnosis(UncoveredReason.ALL_COMMITTED, "every team with " + code + " within "
                    + Math.round(req.maxRadiusMeters() / 1000) + " km is committed or out of service");
        }
        f = f.withMinFixTimeMs(Long.MIN_VALUE);
        if (!index.nearest(req.lon(), req.lat(), 1, f).isEmpty()) {
            return new Diagnosis(UncoveredReason.POSITIONS_TOO_STALE, "teams with " + code + " within "
                    + Math.round(req.maxRadiusMeters() / 1000) + " km have positions older than "
                    + req.maxPositionAgeMs() / 60_000 + " min");
        }
        f = f.withMaxDistanceMeters(Double.POSITIVE_INFINITY);
        List<Neighbor> far = index.nearest(req.lon(), req.lat(), 1, f);
        if (!far.isEmpty()) {
            return new Diagnosis(UncoveredReason.OUTSIDE_MAX_RADIUS, "the nearest team with " + code + " is "
                    + Math.round(far.get(0).distanceMeters() / 1000) + " km away, beyond "
                    + Math.round(req.maxRadiusMeters() / 1000) + " km");
        }
        return new Diagnosis(UncoveredReason.NO_CANDIDATES, "no team has " + code);
    }
}
