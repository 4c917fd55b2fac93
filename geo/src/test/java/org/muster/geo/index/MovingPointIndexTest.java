package org.muster.geo.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class MovingPointIndexTest {

    private static final int AVAILABLE = 1;
    private static final int DISPATCHED = 2;

    private static TeamPoint team(String id, double lon, double lat) {
        return new TeamPoint(id, lon, lat, 1_000L, AVAILABLE, 1, 1, CapabilityVector.empty());
    }

    @Test
    void upsertOfKnownIdMovesTheTeamInsteadOfAddingOne() {
        MovingPointIndex index = new MovingPointIndex(2);
        index.upsert(team("a", 116.0, 40.0));
        index.upsert(team("b", 117.0, 40.0));
        index.upsert(team("a", 118.0, 40.0));

        assertThat(index.size()).isEqualTo(2);
        assertThat(index.get("a").lon()).isEqualTo(118.0);
        List<Neighbor> near = index.nearest(118.0, 40.0, 5, PointFilter.any());
        assertThat(near).extracting(n -> n.point().id()).containsExactly("a", "b");
        assertThat(near.get(0).distanceMeters()).isZero();
    }

    @Test
    void cursorContinuesTheSearchAndRefusesToRunOnAChangedIndex() {
        MovingPointIndex index = new MovingPointIndex(2);
        for (int i = 0; i < 5; i++) {
            index.upsert(team("t" + i, 116.0 + i * 0.1, 40.0));
        }
        NearestCursor cursor = index.nearestCursor(116.0, 40.0, PointFilter.any());

        assertThat(cursor.next(2)).extracting(n -> n.point().id()).containsExactly("t0", "t1");
        assertThat(cursor.next(2)).extracting(n -> n.point().id()).containsExactly("t2", "t3");
        assertThat(cursor.exhausted()).isFalse();
        assertThat(cursor.next(2)).extracting(n -> n.point().id()).containsExactly("t4");
        assertThat(cursor.exhausted()).isTrue();

        NearestCursor stale = index.nearestCursor(116.0, 40.0, PointFilter.any());
        index.upsert(team("t0", 117.0, 40.0));
        assertThatThrownBy(() -> stale.next(1)).isInstanceOf(java.util.ConcurrentModificationException.class);
    }

    @Test
    void rarePairOfStatusAndTierIsFoundAmongTeamsWithEitherAloneAndCodesAboveSevenToo() {
        MovingPointIndex index = new MovingPointIndex(2);
        for (int i = 0; i < 40; i++) {
            // Near: status 9 with other tiers, tier 12 with other statuses; the joint mask must not hide the pair.
            index.upsert(new TeamPoint("s" + i, 116.0 + i * 0.001, 40.0, 1_000L, 9, 1, 1, CapabilityVector.empty()));
            index.upsert(new TeamPoint("t" + i, 116.0 + i * 0.001, 40.01, 1_000L, 1, 12, 1, CapabilityVector.empty()));
        }
        index.upsert(new TeamPoint("both", 118.0, 41.0, 1_000L, 9, 12, 1, CapabilityVector.empty()));
        index.upsert(new TeamPoint("alias", 116.0, 40.0, 1_000L, 1, 4, 1, CapabilityVector.empty()));

        PointFilter f = PointFilter.any().withStatusMask(PointFilter.bit(9)).withTierMask(PointFilter.bit(12));
        assertThat(index.nearest(116.0, 40.0, 5, f)).extracting(n -> n.point().id()).containsExactly("both");
        index.upsert(new TeamPoint("both", 118.0, 41.0, 1_000L, 2, 12, 1, CapabilityVector.empty()));
        assertThat(index.nearest(116.0, 40.0, 5, f)).isEmpty();
    }

    @Test
    void removedTeamIsNeverReturned() {
        MovingPointIndex index = new MovingPointIndex();
        index.upsert(team("a", 116.0, 40.0));
        index.upsert(team("b", 117.0, 40.0));

        assertThat(index.remove("a")).isTrue();
        assertThat(index.remove("a")).isFalse();
        assertThat(index.get("a")).isNull();
        assertThat(index.nearest(116.0, 40.0, 5, PointFilter.any())).extracting(n -> n.point().id())
                .containsExactly("b");
    }

    @Test
    void findsNeighbourAcrossTheAntimeridianFirst() {
        MovingPointIndex index = new MovingPointIndex(2);
        index.upsert(team("east", 179.99, 10.0));
        index.upsert(team("west", -179.99, 10.0));
        index.upsert(team("far", 170.0, 10.0));
        index.upsert(team("dateline", 180.0, 10.0));

        List<Neighbor> near = index.nearest(-179.992, 10.0, 4, PointFilter.any());
        assertThat(near).extracting(n -> n.point().id()).containsExactly("west", "dateline", "east", "far");
        assertThat(near.get(0).distanceMeters()).isLessThan(1000);
    }

    @Test
    void findsNeighbourOverThePoleFirst() {
        MovingPointIndex index = new MovingPointIndex(2);
        index.upsert(team("other-side", -90.0, 89.9));
        index.upsert(team("same-meridian", 90.0, 88.0));
        index.upsert(team("pole", 0.0, 90.0));

        List<Neighbor> near = index.nearest(90.0, 89.9, 3, PointFilter.any());
        assertThat(near).extracting(n -> n.point().id()).containsExactly("pole", "other-side", "same-meridian");
    }

    @Test
    void selectiveFilterReturnsOnlyMatchingTeamsInDistanceOrder() {
        CapabilityVocabulary vocabulary = new CapabilityVocabulary();
        int pumping = vocabulary.idOf("PUMPING");
        int boats = vocabulary.idOf("BOAT_SEATS");
        MovingPointIndex index = new MovingPointIndex(4);
        for (int i = 0; i < 200; i++) {
            index.upsert(team("plain" + i, 116.0 + i * 0.001, 40.0));
        }
        index.upsert(new TeamPoint("pump-near", 116.5, 40.0, 5_000, AVAILABLE, 1, 1,
                CapabilityVector.of(Map.of(pumping, 3000.0))));
        index.upsert(new TeamPoint("pump-boat-far", 118.0, 40.0, 5_000, AVAILABLE, 1, 1,
                CapabilityVector.of(Map.of(pumping, 1000.0, boats, 40.0))));
        index.upsert(new TeamPoint("pump-busy", 116.1, 40.0, 5_000, DISPATCHED, 1, 1,
                CapabilityVector.of(Map.of(pumping, 3000.0))));

        PointFilter availablePumps = PointFilter.any().withStatusMask(PointFilter.bit(AVAILABLE))
                .withRequiredCapabilities(pumping);
        assertThat(index.nearest(116.0, 40.0, 10, availablePumps)).extracting(n -> n.point().id())
                .containsExactly("pump-near", "pump-boat-far");
        assertThat(index.nearest(116.0, 40.0, 10, availablePumps.withRequiredCapabilities(pumping, boats)))
                .extracting(n -> n.point().id()).containsExactly("pump-boat-far");
        assertThat(index.nearest(116.0, 40.0, 10, availablePumps.withMaxDistanceMeters(50_000)))
                .extracting(n -> n.point().id()).containsExactly("pump-near");
        assertThat(index.nearest(116.0, 40.0, 10, availablePumps.withMinFixTimeMs(6_000))).isEmpty();
        assertThat(index.countWith(pumping)).isEqualTo(3);
        assertThat(index.transportMask(pumping)).isEqualTo(PointFilter.bit(1));
    }

    @Test
    void teamLeavesCapabilityTreeWhenItLosesTheCapability() {
        MovingPointIndex index = new MovingPointIndex();
        index.upsert(new TeamPoint("a", 116.0, 40.0, 1, AVAILABLE, 1, 1, CapabilityVector.of(Map.of(3, 10.0))));
        index.upsert(new TeamPoint("a", 116.0, 40.0, 2, AVAILABLE, 1, 1, CapabilityVector.of(Map.of(4, 10.0))));

        assertThat(index.countWith(3)).isZero();
        assertThat(index.nearest(116, 40, 1, PointFilter.any().withRequiredCapabilities(3))).isEmpty();
        assertThat(index.nearest(116, 40, 1, PointFilter.any().withRequiredCapabilities(4))).hasSize(1);
    }

    @Test
    void clearEmptiesTheIndex() {
        MovingPointIndex index = new MovingPointIndex();
        index.upsert(team("a", 116.0, 40.0));
        index.clear();
        assertThat(index.size()).isZero();
        assertThat(index.nearest(116, 40, 1, PointFilter.any())).isEmpty();
        index.upsert(team("a", 116.0, 40.0));
        assertThat(index.nearest(116, 40, 1, PointFilter.any())).hasSize(1);
    }

    @Test
    void rejectsPositionOutOfRangeWithLongitudeFirstHint() {
        assertThatThrownBy(() -> team("a", 40.0, 116.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("longitude first");
        assertThatThrownBy(() -> new MovingPointIndex().nearest(200, 0, 1, PointFilter.any()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void vocabularyHandsOutDenseStableIds() {
        CapabilityVocabulary v = new CapabilityVocabulary();
        assertThat(v.idOf("PUMPING")).isZero();
        assertThat(v.idOf("POWER_GENERATION")).isEqualTo(1);
        assertThat(v.idOf("PUMPING")).isZero();
        assertThat(v.find("UNKNOWN")).isEqualTo(-1);
        assertThat(v.codeOf(1)).isEqualTo("POWER_GENERATION");
        assertThat(v.size()).isEqualTo(2);
    }

    @Test
    void capabilityVectorDropsZeroCapacitiesAndRejectsNegativeOnes() {
        CapabilityVector v = CapabilityVector.of(Map.of(5, 0.0, 2, 7.5));
        assertThat(v.ids()).containsExactly(2);
        assertThat(v.has(5)).isFalse();
        assertThat(v.capacity(2)).isEqualTo(7.5);
        assertThatThrownBy(() -> CapabilityVector.of(Map.of(1, -1.0))).isInstanceOf(IllegalArgumentException.class);
    }
}
