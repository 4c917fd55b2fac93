package org.muster.geo.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.muster.geo.crs.Geodesy;
import org.muster.geo.index.CapabilityVector;
import org.muster.geo.index.CapabilityVocabulary;
import org.muster.geo.index.MovingPointIndex;
import org.muster.geo.index.TeamPoint;
import org.muster.geo.zone.BlockedZones;
import org.muster.geo.zone.Zone;

class MatcherTest {

    private static final long NOW = 1_750_000_000_000L;
    private static final int AVAILABLE = 1;
    private static final int DISPATCHED = 2;
    private static final int ROAD = SpeedProfileEtaModel.TRANSPORT_ROAD;
    private static final int AIR = SpeedProfileEtaModel.TRANSPORT_AIR;
    // Wenchuan, Sichuan: the incident.
    private static final double LON = 103.58;
    private static final double LAT = 31.48;

    private CapabilityVocabulary vocabulary;
    private MovingPointIndex index;
    private Matcher matcher;
    private int pumping;
    private int lifeDetection;
    private int power;

    @BeforeEach
    void setUp() {
        vocabulary = new CapabilityVocabulary();
        pumping = vocabulary.idOf("PUMPING");
        lifeDetection = vocabulary.idOf("LIFE_DETECTION");
        power = vocabulary.idOf("POWER_GENERATION");
        index = new MovingPointIndex();
        matcher = new Matcher(index, vocabulary, SpeedProfileEtaModel.defaults());
    }

    private void team(String id, double kmEast, int status, int transport, long ageMs, Map<Integer, Double> caps) {
        double[] p = Geodesy.destination(LON, LAT, 90, kmEast * 1000);
        index.upsert(new TeamPoint(id, p[0], p[1], NOW - ageMs, status, 1, transport, CapabilityVector.of(caps)));
    }

    private MatchRequest request(RequirementSpec... specs) {
        return MatchRequest.of(LON, LAT, List.of(specs), NOW);
    }

    @Test
    void capacitiesOfSeveralTeamsCoverOneRequirement() {
        team("p1", 10, AVAILABLE, ROAD, 0, Map.of(pumping, 2000.0));
        team("p2", 20, AVAILABLE, ROAD, 0, Map.of(pumping, 2000.0));
        team("p3", 300, AVAILABLE, ROAD, 0, Map.of(pumping, 5000.0));

        Recommendation rec = matcher.recommend(request(new RequirementSpec("PUMPING", 3000, 3600)));

        assertThat(rec.allCovered()).isTrue();
        assertThat(rec.proposal()).extracting(ProposedTeam::teamId).containsExactly("p1", "p2");
        RequirementResult r = rec.requirements().get(0);
        assertThat(r.coveredQuantity()).isEqualTo(4000);
        assertThat(r.withinTarget()).isTrue();
        assertThat(r.candidates()).extracting(Candidate::teamId).containsExactly("p1", "p2", "p3");
        assertThat(r.candidates().get(0).distanceMeters()).isCloseTo(10_000, org.assertj.core.data.Offset.offset(1.0));
    }

    @Test
    void earlierLastArrivalWinsOverFewerTeams() {
        team("both", 30, AVAILABLE, ROAD, 0, Map.of(pumping, 3000.0, power, 200.0));
        team("pump", 10, AVAILABLE, ROAD, 0, Map.of(pumping, 3000.0));
        team("gen", 20, AVAILABLE, ROAD, 0, Map.of(power, 200.0));

        Recommendation rec = matcher.recommend(request(new RequirementSpec("PUMPING", 3000, 0),
                new RequirementSpec("POWER_GENERATION", 200, 0)));

        // "both" alone would be one team, but "pump" and "gen" are all there by 20 km: the last arrival decides.
        assertThat(rec.proposal()).extracting(ProposedTeam::teamId).containsExactly("pump", "gen");
        assertThat(rec.requirements().get(0).candidates().get(1).covers())
                .containsExactly("PUMPING", "POWER_GENERATION");
    }

    @Test
    void distantHelicopterBeatsDistantTruck() {
        team("truck", 400, AVAILABLE, ROAD, 0, Map.of(lifeDetection, 2.0));
        team("heli", 450, AVAILABLE, AIR, 0, Map.of(lifeDetection, 2.0));

        Recommendation rec = matcher.recommend(request(new RequirementSpec("LIFE_DETECTION", 2, 0)));

        assertThat(rec.requirements().get(0).candidates()).extracting(Candidate::teamId).containsExactly("heli",
                "truck");
        assertThat(rec.proposal()).extracting(ProposedTeam::teamId).containsExactly("heli");
    }

    @Test
    void stalePositionCountsLessThanAFreshOneSlightlyFarther() {
        team("stale", 10, AVAILABLE, ROAD, 3_600_000, Map.of(pumping, 3000.0));
        team("fresh", 15, AVAILABLE, ROAD, 0, Map.of(pumping, 3000.0));

        RequirementResult r = matcher.recommend(request(new RequirementSpec("PUMPING", 3000, 0))).requirements()
                .get(0);

        assertThat(r.candidates()).extracting(Candidate::teamId).containsExactly("fresh", "stale");
        assertThat(r.candidates().get(1).stalenessPenaltySeconds()).isEqualTo(0.5 * 55 * 60);
        assertThat(r.candidates().get(1).positionAgeMs()).isEqualTo(3_600_000);
    }

    @Test
    void roadTeamsAreRuledOutWhenIncidentIsInsideBlockedAreaButAirTeamsAreNot() {
        team("truck", 20, AVAILABLE, ROAD, 0, Map.of(lifeDetection, 1.0));
        team("heli", 200, AVAILABLE, AIR, 0, Map.of(lifeDetection, 1.0));
        BlockedZones blocked = BlockedZones.of(Zone.box("quake-zone", LON - 0.1, LAT - 0.1, LON + 0.1, LAT + 0.1));

        Recommendation rec = matcher.recommend(request(new RequirementSpec("LIFE_DETECTION", 1, 0))
                .withBlocked(blocked));

        assertThat(rec.proposal()).extracting(ProposedTeam::teamId).containsExactly("heli");
        assertThat(rec.requirements().get(0).candidates()).extracting(Candidate::teamId).containsExactly("heli");
    }

    @Test
    void roadTeamCrossingBlockedAreaIsPenalisedWithTheReason() {
        team("truck", 50, AVAILABLE, ROAD, 0, Map.of(pumping, 3000.0));
        double[] mid = Geodesy.destination(LON, LAT, 90, 25_000);
        BlockedZones blocked = BlockedZones.of(Zone.box("landslide", mid[0] - 0.01, mid[1] - 0.01, mid[0] + 0.01,
                mid[1] + 0.01));

        Candidate plain = matcher.recommend(request(new RequirementSpec("PUMPING", 3000, 0))).requirements().get(0)
                .candidates().get(0);
        Candidate detoured = matcher.recommend(request(new RequirementSpec("PUMPING", 3000, 0)).withBlocked(blocked))
                .requirements().get(0).candidates().get(0);

        assertThat(detoured.etaSeconds()).isGreaterThan(plain.etaSeconds());
        assertThat(detoured.note()).contains("landslide");
    }

    @Test
    void reportsBlockedWhenEveryAvailableTeamIsRuledOut() {
        team("truck", 20, AVAILABLE, ROAD, 0, Map.of(lifeDetection, 1.0));
        BlockedZones blocked = BlockedZones.of(Zone.box("quake-zone", LON - 0.1, LAT - 0.1, LON + 0.1, LAT + 0.1));

        RequirementResult r = matcher.recommend(request(new RequirementSpec("LIFE_DETECTION", 1, 0))
                .withBlocked(blocked)).requirements().get(0);

        assertThat(r.covered()).isFalse();
        assertThat(r.reason()).isEqualTo(UncoveredReason.BLOCKED);
        assertThat(r.detail()).contains("quake-zone");
    }

    @Test
    void reportsAllCommittedWhenOnlyDispatchedTeamsHaveTheCapability() {
        team("busy", 20, DISPATCHED, ROAD, 0, Map.of(pumping, 3000.0));
        RequirementResult r = matcher.recommend(request(new RequirementSpec("PUMPING", 3000, 0))).requirements()
                .get(0);
        assertThat(r.reason()).isEqualTo(UncoveredReason.ALL_COMMITTED);
        assertThat(r.candidates()).isEmpty();
    }

    @Test
    void reportsPositionsTooStaleWhenOnlyOldFixesAreNear() {
        team("old", 20, AVAILABLE, ROAD, 7 * 3_600_000L, Map.of(pumping, 3000.0));
        RequirementResult r = matcher.recommend(request(new RequirementSpec("PUMPING", 3000, 0))).requirements()
                .get(0);
        assertThat(r.reason()).isEqualTo(UncoveredReason.POSITIONS_TOO_STALE);
    }

    @Test
    void reportsOutsideMaxRadiusWhenOnlyFarTeamsHaveIt() {
        team("far", 1500, AVAILABLE, ROAD, 0, Map.of(pumping, 3000.0));
        RequirementResult r = matcher.recommend(request(new RequirementSpec("PUMPING", 3000, 0))).requirements()
                .get(0);
        assertThat(r.reason()).isEqualTo(UncoveredReason.OUTSIDE_MAX_RADIUS);
        assertThat(r.detail()).contains("1500 km");
    }

    @Test
    void reportsNoCandidatesForCapabilityNobodyHas() {
        team("p", 20, AVAILABLE, ROAD, 0, Map.of(pumping, 3000.0));
        Recommendation rec = matcher.recommend(request(new RequirementSpec("PUMPING", 3000, 0),
                new RequirementSpec("DIVING", 2, 0), new RequirementSpec("POWER_GENERATION", 100, 0)));
        assertThat(rec.allCovered()).isFalse();
        assertThat(rec.requirements().get(0).covered()).isTrue();
        assertThat(rec.requirements().get(1).reason()).isEqualTo(UncoveredReason.NO_CANDIDATES);
        assertThat(rec.requirements().get(2).reason()).isEqualTo(UncoveredReason.NO_CANDIDATES);
        assertThat(rec.proposal()).extracting(ProposedTeam::teamId).containsExactly("p");
    }

    @Test
    void reportsInsufficientCapacityAndProposesAllThereIs() {
        team("small1", 10, AVAILABLE, ROAD, 0, Map.of(pumping, 500.0));
        team("small2", 30, AVAILABLE, ROAD, 0, Map.of(pumping, 500.0));
        RequirementResult r = matcher.recommend(request(new RequirementSpec("PUMPING", 3000, 0))).requirements()
                .get(0);
        assertThat(r.reason()).isEqualTo(UncoveredReason.INSUFFICIENT_CAPACITY);
        assertThat(r.coveredQuantity()).isEqualTo(1000);
    }

    @Test
    void missesTargetWhenCoverArrivesTooLate() {
        team("slow", 200, AVAILABLE, ROAD, 0, Map.of(pumping, 3000.0));
        RequirementResult r = matcher.recommend(request(new RequirementSpec("PUMPING", 3000, 1800))).requirements()
                .get(0);
        assertThat(r.covered()).isTrue();
        assertThat(r.withinTarget()).isFalse();
    }

    @Test
    void limitsCandidatesPerRequirementButFetchesEnoughToCoverTheQuantity() {
        for (int i = 0; i < 60; i++) {
            team("t" + i, 1 + i, AVAILABLE, ROAD, 0, Map.of(pumping, 100.0));
        }
        Recommendation rec = matcher.recommend(request(new RequirementSpec("PUMPING", 4000, 0))
                .withLimitPerRequirement(3));
        assertThat(rec.requirements().get(0).candidates()).hasSize(3);
        assertThat(rec.allCovered()).isTrue();
        assertThat(rec.proposal()).hasSize(40);
    }
}
