package org.muster.server.store;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.muster.protocol.v1.IncidentType;
import org.muster.server.http.BuiltInCatalogue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The data of the catalogue that ships with Muster ({@code catalogue/*.json}): capability definitions, equipment
 * types and a response plan for every scenario and severity. The files are read as plain JSON so that the test
 * checks the data itself; one test also reads them through the server's own reader.
 *
 * <p>Equipment codes follow the structure of GB/T 38565-2020 (Classification and code of emergency supplies): seven
 * digits in four levels of 1 + 2 + 2 + 2, top level 1 basic living supplies, 2 emergency equipment and supporting
 * supplies, 3 engineering materials and machinery, "99" the catch-all at each level. The middle and lower levels and
 * the codes themselves are Muster's own assignments, not the standard's official code table.
 */
class BuiltInCatalogueTest {
    private static final Set<String> UNITS = Set.of("m3/h", "kW", "unit", "person", "seat", "t", "m", "L", "km", "team",
            "kg", "bed", "m2", "h");
    private static final String SKILL_UNIT = "team";
    private static final String PERSONNEL = "PERSONNEL";
    private static final List<String> TYPES = List.of("EARTHQUAKE_GEOLOGICAL", "FLOOD", "URBAN_WATERLOGGING", "ICE_SNOW",
            "FOREST_GRASSLAND_FIRE", "URBAN_SPECIAL_FIRE", "HAZARDOUS_CHEMICAL", "MINE_ACCIDENT", "LIFE_RESCUE", "HOUSEHOLD",
            "OTHER");
    /** From least to most severe: I is 特别重大. */
    private static final List<String> SEVERITIES_RISING = List.of("IV", "III", "II", "I");
    /** Scenarios where a severe event cuts communications, roads and power (the "three breaks"). */
    private static final List<String> THREE_BREAKS_SCENARIOS = List.of("EARTHQUAKE_GEOLOGICAL", "FLOOD",
            "URBAN_WATERLOGGING", "ICE_SNOW", "FOREST_GRASSLAND_FIRE");

    private final List<JsonObject> capabilities = read("catalogue/capabilities.json");
    private final List<JsonObject> types = read("catalogue/equipment-types.json");
    private final List<JsonObject> plans = read("catalogue/response-plans.json");
    private final Map<String, JsonObject> capabilityByCode = capabilities.stream()
            .collect(Collectors.toMap(c -> c.getString("code"), c -> c, (a, b) -> a, LinkedHashMap::new));

    @Test
    void shipsAtLeastSixtyEquipmentTypes() {
        assertThat(types).hasSizeGreaterThanOrEqualTo(60);
    }

    @Test
    void equipmentCodesAreUniqueAndShapedLikeGbt38565() {
        assertThat(types.stream().map(t -> t.getString("code")).distinct().count()).isEqualTo(types.size());
        for (JsonObject t : types) {
            String code = t.getString("code");
            assertThat(code).as("code").matches("[123]\\d{6}");
            assertThat(List.of(code.substring(1, 3), code.substring(3, 5), code.substring(5, 7)))
                    .as("levels of %s run 01..99", code).doesNotContain("00");
            assertThat(t.getString("categoryCode")).as("categoryCode of %s", code).isEqualTo(code.substring(0, 3));
        }
    }

    @Test
    void everyEquipmentTypeHasChineseAndEnglishNamesAndACapability() {
        for (JsonObject t : types) {
            assertThat(t.getString("nameZh")).as("nameZh of %s", t.getString("code")).isNotBlank();
            assertThat(t.getString("nameEn")).as("nameEn of %s", t.getString("code")).isNotBlank();
            assertThat(t.getJsonArray("capabilities")).as("capabilities of %s", t.getString("code")).isNotEmpty();
        }
    }

    @Test
    void equipmentProvidesKnownCapabilitiesOnceEachWithPositiveCapacityAndNeverASkill() {
        for (JsonObject t : types) {
            Set<String> seen = new HashSet<>();
            for (JsonObject c : objects(t.getJsonArray("capabilities"))) {
                String code = c.getString("code");
                String where = t.getString("code") + " " + code;
                assertThat(capabilityByCode).as(where).containsKey(code);
                assertThat(isSkillOrPersonnel(code)).as("%s: skills and staffing belong to teams", where).isFalse();
                assertThat(c.getDouble("capacity")).as(where).isPositive();
                assertThat(seen.add(code)).as("%s listed twice", where).isTrue();
            }
        }
    }

    @Test
    void capabilitiesHaveUniqueUpperSnakeCodesNamesAndAllowedUnits() {
        assertThat(capabilityByCode).hasSize(capabilities.size());
        for (JsonObject c : capabilities) {
            String code = c.getString("code");
            assertThat(code).matches("[A-Z][A-Z0-9_]*");
            assertThat(c.getString("nameZh")).as("nameZh of %s", code).isNotBlank();
            assertThat(c.getString("nameEn")).as("nameEn of %s", code).isNotBlank();
            assertThat(c.getString("unit")).as("unit of %s", code).isIn(UNITS);
        }
        assertThat(capabilityByCode.get(PERSONNEL)).as("PERSONNEL is defined").isNotNull();
        assertThat(capabilityByCode.get(PERSONNEL).getString("unit")).isEqualTo("person");
        assertThat(capabilities).filteredOn(c -> SKILL_UNIT.equals(c.getString("unit"))).extracting(c -> c.getString("code"))
                .contains("HEAVY_URBAN_SEARCH_RESCUE", "WATER_RESCUE", "DIVING", "HAZMAT_RESPONSE", "MINE_RESCUE",
                        "FOREST_FIREFIGHTING", "HIGH_ANGLE_ROPE_RESCUE", "EMERGENCY_MEDICAL", "TUNNEL_RESCUE", "ICE_RESCUE",
                        "COMMUNICATIONS_SUPPORT");
    }

    @Test
    void everyCapabilityExceptSkillsAndPersonnelIsProvidedBySomeEquipmentType() {
        Set<String> provided = provided();
        List<String> orphans = capabilityByCode.keySet().stream()
                .filter(code -> !isSkillOrPersonnel(code) && !provided.contains(code)).toList();
        assertThat(orphans).as("capabilities no equipment type provides").isEmpty();
    }

    @Test
    void theThreeBreaksCanBeBridgedWithEquipment() {
        Set<String> provided = provided();
        assertThat(provided).as("communications").contains("SATELLITE_COMMS");
        assertThat(provided).as("communications on the ground").containsAnyOf("PORTABLE_BASE_STATION", "MESH_RADIO");
        assertThat(provided).as("power").contains("POWER_GENERATION");
        assertThat(provided).as("roads").contains("AIR_TRANSPORT_SEATS");
    }

    @Test
    void thereIsExactlyOnePlanForEveryScenarioAndSeverity() {
        Map<String, Integer> count = new HashMap<>();
        plans.forEach(p -> count.merge(key(p.getString("type"), p.getString("severity")), 1, Integer::sum));
        Set<String> expected = new HashSet<>();
        TYPES.forEach(t -> SEVERITIES_RISING.forEach(s -> expected.add(key(t, s))));
        assertThat(count.keySet()).isEqualTo(expected);
        assertThat(count.values()).allMatch(n -> n == 1);
        assertThat(plans).hasSize(44);
    }

    @Test
    void theScenariosAreThoseOfTheProtocol() {
        List<String> protocol = Arrays.stream(IncidentType.values())
                .filter(t -> t != IncidentType.INCIDENT_TYPE_UNSPECIFIED && t != IncidentType.UNRECOGNIZED)
                .map(t -> t.name().substring("INCIDENT_TYPE_".length())).toList();
        assertThat(TYPES).containsExactlyInAnyOrderElementsOf(protocol);
    }

    @Test
    void everyPlanHasNamesAndTwoToEightRequirementsEachForADifferentCapability() {
        for (JsonObject p : plans) {
            String plan = key(p.getString("type"), p.getString("severity"));
            assertThat(p.getString("nameZh")).as("nameZh of %s", plan).isNotBlank();
            assertThat(p.getString("nameEn")).as("nameEn of %s", plan).isNotBlank();
            List<JsonObject> rs = objects(p.getJsonArray("requirements"));
            assertThat(rs).as("requirements of %s", plan).hasSizeBetween(2, 8);
            assertThat(rs.stream().map(r -> r.getString("capabilityCode")).distinct().count())
                    .as("capabilities named twice in %s", plan).isEqualTo(rs.size());
        }
    }

    @Test
    void everyPlanRequirementNamesAKnownCapabilityWithAPositiveQuantityAndATarget() {
        for (JsonObject p : plans) {
            for (JsonObject r : objects(p.getJsonArray("requirements"))) {
                String where = key(p.getString("type"), p.getString("severity")) + " " + r.getString("capabilityCode");
                assertThat(capabilityByCode).as(where).containsKey(r.getString("capabilityCode"));
                assertThat(r.getDouble("quantity")).as(where).isPositive();
                assertThat(r.getLong("arriveWithinS", 0L)).as(where).isBetween(0L, 7L * 86_400);
                if (isSkillOrPersonnel(r.getString("capabilityCode"))) {
                    assertThat(r.getDouble("quantity") % 1).as("%s counts whole teams or people", where).isZero();
                }
            }
        }
    }

    @Test
    void aMoreSevereLevelNeverAsksForLessOfTheSameCapability() {
        Map<String, Map<String, Double>> totals = new HashMap<>();
        for (JsonObject p : plans) {
            Map<String, Double> q = new HashMap<>();
            objects(p.getJsonArray("requirements")).forEach(r -> q.merge(r.getString("capabilityCode"), r.getDouble("quantity"), Double::sum));
            totals.put(key(p.getString("type"), p.getString("severity")), q);
        }
        for (String type : TYPES) {
            for (int i = 1; i < SEVERITIES_RISING.size(); i++) {
                Map<String, Double> lower = totals.get(key(type, SEVERITIES_RISING.get(i - 1)));
                Map<String, Double> higher = totals.get(key(type, SEVERITIES_RISING.get(i)));
                String step = type + " " + SEVERITIES_RISING.get(i - 1) + "->" + SEVERITIES_RISING.get(i);
                if (lower == null || higher == null) {
                    continue; // a missing plan is thereIsExactlyOnePlanForEveryScenarioAndSeverity's failure
                }
                lower.forEach((cap, qty) -> {
                    if (higher.containsKey(cap)) {
                        assertThat(higher.get(cap)).as("%s %s", step, cap).isGreaterThanOrEqualTo(qty);
                    }
                });
            }
            Map<String, Double> iv = totals.getOrDefault(key(type, "IV"), Map.of());
            Map<String, Double> i = totals.getOrDefault(key(type, "I"), Map.of());
            assertThat(i.size()).as("%s: level I asks for at least as many kinds as IV", type).isGreaterThanOrEqualTo(iv.size());
        }
    }

    @Test
    void everyCapabilityAPlanNeedsCanBeMetByEquipmentOrIsASkillOrStaffing() {
        Set<String> provided = provided();
        for (JsonObject p : plans) {
            for (JsonObject r : objects(p.getJsonArray("requirements"))) {
                String code = r.getString("capabilityCode");
                assertThat(isSkillOrPersonnel(code) || provided.contains(code))
                        .as("%s needs %s, which nothing provides", key(p.getString("type"), p.getString("severity")), code)
                        .isTrue();
            }
        }
    }

    @Test
    void severeNaturalDisastersAskForSatelliteCommunications() {
        for (String type : THREE_BREAKS_SCENARIOS) {
            for (String severity : List.of("I", "II")) {
                JsonObject plan = plans.stream()
                        .filter(p -> type.equals(p.getString("type")) && severity.equals(p.getString("severity")))
                        .findFirst().orElseThrow(() -> new AssertionError("no plan " + key(type, severity)));
                assertThat(objects(plan.getJsonArray("requirements"))).extracting(r -> r.getString("capabilityCode"))
                        .as("%s %s", type, severity).contains("SATELLITE_COMMS");
            }
        }
    }

    @Test
    void theServerReadsEveryEntryOfTheFiles() {
        assertThat(BuiltInCatalogue.capabilities()).hasSize(capabilities.size());
        assertThat(BuiltInCatalogue.equipmentTypes()).hasSize(types.size());
        assertThat(BuiltInCatalogue.responsePlans()).hasSize(plans.size());
    }

    private boolean isSkillOrPersonnel(String code) {
        JsonObject c = capabilityByCode.get(code);
        return PERSONNEL.equals(code) || (c != null && SKILL_UNIT.equals(c.getString("unit")));
    }

    private Set<String> provided() {
        Set<String> provided = new HashSet<>();
        types.forEach(t -> objects(t.getJsonArray("capabilities")).forEach(c -> provided.add(c.getString("code"))));
        return provided;
    }

    private static String key(String type, String severity) {
        return type + "/" + severity;
    }

    private static List<JsonObject> objects(JsonArray array) {
        return array.stream().map(JsonObject.class::cast).toList();
    }

    private static List<JsonObject> read(String resource) {
        try (InputStream in = BuiltInCatalogueTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return objects(new JsonArray(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException(resource, e);
        }
    }
}
