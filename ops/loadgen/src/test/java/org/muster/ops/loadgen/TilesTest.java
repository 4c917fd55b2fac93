package org.muster.ops.loadgen;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TilesTest {
    private static final double[] AREA = {102, 28, 106, 32};

    @Test
    void everyPositionOfATeamLiesInItsOwnTileAndNoOther() {
        Tiles tiles = new Tiles(5, AREA);
        Fleet fleet = new Fleet("t", 600, 20, 20, AREA, null, tiles, 7);
        for (int i = 0; i < fleet.size(); i++) {
            int own = fleet.tileOf(i);
            // a device circles its home: 0.05 rad per fix, so 130 fixes go all the way round
            for (long seq = 0; seq < 130; seq++) {
                double[] p = fleet.positionAt(i, seq);
                for (int t = 0; t < tiles.count(); t++) {
                    assertThat(tiles.contains(t, p[0], p[1])).as("team %d fix %d in tile %d", i, seq, t).isEqualTo(t == own);
                }
            }
        }
    }

    @Test
    void teamsAreSpreadEvenlyOverTheTiles() {
        Tiles tiles = new Tiles(4, AREA);
        Fleet fleet = new Fleet("t", 1000, 0, 0, AREA, null, tiles, 7);
        int[] perTile = new int[tiles.count()];
        for (int i = 0; i < fleet.size(); i++) {
            perTile[fleet.tileOf(i)]++;
        }
        assertThat(perTile).containsOnly(62, 63);
    }

    @Test
    void eachTileHasItsIncidentInsideItAlone() {
        Tiles tiles = new Tiles(3, AREA);
        Fleet fleet = new Fleet("t", 10, 0, 0, AREA, null, tiles, 7);
        assertThat(fleet.incidentCount()).isEqualTo(9);
        for (int k = 0; k < fleet.incidentCount(); k++) {
            double[] p = fleet.incidentPoint(k);
            for (int t = 0; t < tiles.count(); t++) {
                assertThat(tiles.contains(t, p[0], p[1])).isEqualTo(t == k);
            }
            assertThat(fleet.incidentIndex(fleet.incidentId(k))).isEqualTo(k);
            assertThat(fleet.tileOfIncident(k)).isEqualTo(k);
        }
        assertThat(fleet.incidentId(4)).isEqualTo("t-INC-3x3-4");
        assertThat(fleet.incidentOf(5)).isEqualTo(fleet.tileOf(5)).isEqualTo(5);
    }

    @Test
    void tilesCoverTheAreaEdgeToEdge() {
        Tiles tiles = new Tiles(3, AREA);
        assertThat(tiles.box(0)).containsExactly(102, 28, 102 + 4.0 / 3, 28 + 4.0 / 3);
        assertThat(tiles.box(8)).containsExactly(102 + 8.0 / 3, 28 + 8.0 / 3, 106, 32);
        assertThat(tiles.box(1)[0]).isEqualTo(tiles.box(0)[2]);
        assertThat(tiles.ofConsole(10)).isEqualTo(1);
    }

    @Test
    void withoutTilesThereIsOneIncidentAndNoTile() {
        Fleet fleet = new Fleet("lg", 10, 0, 0, AREA, null, null, 7);
        assertThat(fleet.incidentCount()).isEqualTo(1);
        assertThat(fleet.incidentId(0)).isEqualTo("lg-INC");
        assertThat(fleet.tileOf(3)).isEqualTo(-1);
        assertThat(fleet.incidentPoint(0)).containsExactly(104, 30);
    }

    @Test
    void teamIndexKnowsOnlyThisRunsTeams() {
        Fleet fleet = new Fleet("lg", 10, 0, 0, AREA, null, null, 7);
        assertThat(fleet.teamIndex("lg-T7")).isEqualTo(7);
        assertThat(fleet.teamIndex("lg-T10")).isEqualTo(-1);
        assertThat(fleet.teamIndex("lg-T")).isEqualTo(-1);
        assertThat(fleet.teamIndex("lgx-T1")).isEqualTo(-1);
        assertThat(fleet.teamIndex("lg-T1a")).isEqualTo(-1);
    }

    @Test
    void tilesAndBboxAreExclusiveAndTilesMustHoldTheirTeams() {
        assertThatThrownBy(() -> Options.parse(new String[] {"--token", "x", "--tiles", "5", "--bbox", "103,29,104,30"}))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> Options.parse(new String[] {"--token", "x", "--tiles", "200"}))
                .hasMessageContaining("--tiles 200");
        assertThat(Options.parse(new String[] {"--token", "x", "--tiles", "5"}).tileGrid().count()).isEqualTo(25);
        assertThat(Options.parse(new String[] {"--token", "x"}).tileGrid()).isNull();
    }
}
