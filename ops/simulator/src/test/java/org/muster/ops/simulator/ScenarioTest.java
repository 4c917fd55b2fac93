package org.muster.ops.simulator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioTest {
    private static final Set<String> TIERS = Set.of("NATIONAL_FIRE_RESCUE", "NATIONAL_PROFESSIONAL",
            "NATIONAL_REGIONAL_CENTRE", "LOCAL_PROFESSIONAL", "SOCIAL", "GRASSROOTS");
    private static final Set<String> TYPES = Set.of("EARTHQUAKE_GEOLOGICAL", "FLOOD", "URBAN_WATERLOGGING", "ICE_SNOW",
            "FOREST_GRASSLAND_FIRE", "URBAN_SPECIAL_FIRE", "HAZARDOUS_CHEMICAL", "MINE_ACCIDENT", "LIFE_RESCUE",
            "HOUSEHOLD", "OTHER");

    static List<String> names() {
        return Scenario.NAMES;
    }

    @ParameterizedTest
    @MethodSource("names")
    void hasTeamsOfEveryTierWithUniqueIdsAndEquipment(String name) {
        Scenario s = Scenario.named(name, 2022);
        assertThat(s.teams().stream().map(t -> t.getString("tier")).collect(Collectors.toSet())).isEqualTo(TIERS);
        Set<String> ids = new HashSet<>();
        for (JsonObject t : s.teams()) {
            assertThat(ids.add(t.getString("id"))).as("unique id %s", t.getString("id")).isTrue();
            assertThat(t.getJsonArray("equipment")).as("equipment of %s", t.getString("id")).isNotEmpty();
            assertThat(t.getString("regionCode")).matches("\\d{6}");
        }
        assertThat(ids).contains(s.marker());
    }

    @ParameterizedTest
    @MethodSource("names")
    void incidentsHaveACatalogueTypeAndSeverityAndAreReachableByRoad(String name) {
        Scenario s = Scenario.named(name, 2022);
        List<Scenario.Step> steps = s.due(Double.MAX_VALUE);
        assertThat(steps).isNotEmpty();
        assertThat(s.due(Double.MAX_VALUE)).as("each step is due once").isEmpty();
        JsonObject home = s.teams().get(0).getJsonObject("home");
        for (Scenario.Step step : steps) {
            JsonObject i = step.incident();
            assertThat(i.getString("type")).isIn(TYPES);
            assertThat(i.getString("severity")).isIn("I", "II", "III", "IV");
            JsonArray at = i.getJsonObject("location").getJsonArray("coordinates");
            Earth.Path path = s.roads().route(home.getJsonArray("coordinates").getDouble(0),
                    home.getJsonArray("coordinates").getDouble(1), at.getDouble(0), at.getDouble(1));
            // a road route is longer than the straight line but not absurdly so
            double straight = Earth.distance(home.getJsonArray("coordinates").getDouble(0),
                    home.getJsonArray("coordinates").getDouble(1), at.getDouble(0), at.getDouble(1));
            assertThat(path.length()).isBetween(straight * 0.999, straight * 3 + 20_000);
        }
    }

    @ParameterizedTest
    @MethodSource("names")
    void teamsAreBasedNearTheScenarioRegion(String name) {
        Scenario s = Scenario.named(name, 2022);
        JsonArray at = s.due(Double.MAX_VALUE).get(0).incident().getJsonObject("location").getJsonArray("coordinates");
        long near = s.teams().stream().filter(t -> {
            JsonArray h = t.getJsonObject("home").getJsonArray("coordinates");
            return Earth.distance(h.getDouble(0), h.getDouble(1), at.getDouble(0), at.getDouble(1)) < 1_000_000;
        }).count();
        assertThat(near).isEqualTo(s.teams().size());
    }

    @org.junit.jupiter.api.Test
    void unknownScenarioIsRefusedWithTheNames() {
        assertThatThrownBy(() -> Scenario.named("atlantis", 1)).hasMessageContaining("luding, zhengzhou, chemical-park");
    }
}
