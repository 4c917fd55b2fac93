package org.muster.server.store;

import org.junit.jupiter.api.Test;
import org.muster.protocol.v1.CapabilityDefinition;
import org.muster.protocol.v1.EquipmentType;
import org.muster.protocol.v1.IncidentType;
import org.muster.protocol.v1.Requirement;
import org.muster.protocol.v1.ResponsePlan;
import org.muster.protocol.v1.Severity;
import org.muster.server.http.BuiltInCatalogue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalogue that ships with Muster, read through the same code as the API (so a shape error fails here too).
 * Codes follow GB/T 38565-2020's structure (1+2+2+2 digits; top level 1 living supplies, 2 emergency equipment,
 * 3 engineering materials and machinery); the codes themselves are Muster's own assignments.
 */
class BuiltInCatalogueTest {
    private static final Set<String> UNITS = Set.of("m3/h", "kW", "unit", "person", "seat", "t", "m", "L", "km", "team",
            "kg", "bed", "m2", "h");
    private final List<CapabilityDefinition> caps = BuiltInCatalogue.capabilities();
    private final List<EquipmentType> types = BuiltInCatalogue.equipmentTypes();
    private final List<ResponsePlan> plans = BuiltInCatalogue.responsePlans();
    private final Map<String, CapabilityDefinition> byCode = caps.stream()
            .collect(Collectors.toMap(CapabilityDefinition::getCode, c -> c));

    private boolean skillOrStaff(String code) {
        return code.equals("PERSONNEL") || byCode.get(code).getUnit().equals("team");
    }

    @Test
    void hasAtLeastSixtyEquipmentTypesWithUniqueWellFormedCodes() {
        assertThat(types.size()).isGreaterThanOrEqualTo(60);
        assertThat(types.stream().map(EquipmentType::getCode).distinct().count()).isEqualTo(types.size());
        assertThat(types).allSatisfy(t -> {
            assertThat(t.getCode()).matches("[123]\\d{6}");
            assertThat(t.getNameZh()).isNotBlank();
            assertThat(t.getNameEn()).isNotBlank();
            assertThat(t.getCapabilitiesList()).isNotEmpty();
        });
    }

    @Test
    void capabilitiesHaveUniqueCodesNamesAndKnownUnits() {
        assertThat(byCode).hasSize(caps.size());
        assertThat(caps).allSatisfy(c -> {
            assertThat(c.getUnit()).isIn(UNITS);
            assertThat(c.getNameZh()).isNotBlank();
            assertThat(c.getNameEn()).isNotBlank();
        });
        assertThat(byCode).containsKey("PERSONNEL");
    }

    @Test
    void everyEquipmentCapabilityIsKnownAndNoneIsASkill() {
        for (EquipmentType t : types) {
            for (var c : t.getCapabilitiesList()) {
                assertThat(byCode).as(t.getCode()).containsKey(c.getCode());
                assertThat(skillOrStaff(c.getCode())).as(t.getCode() + " " + c.getCode()).isFalse();
                assertThat(c.getCapacity()).isPositive();
            }
        }
    }

    @Test
    void everyCapabilityThatIsNotASkillIsProvidedByEquipment() {
        Set<String> provided = new HashSet<>();
        types.forEach(t -> t.getCapabilitiesList().forEach(c -> provided.add(c.getCode())));
        for (CapabilityDefinition c : caps) {
            if (!skillOrStaff(c.getCode())) {
                assertThat(provided).as(c.getCode()).contains(c.getCode());
            }
        }
    }

    @Test
    void thereIsAPlanForEveryScenarioAndSeverityExactlyOnce() {
        Set<String> seen = new HashSet<>();
        for (ResponsePlan p : plans) {
            assertThat(seen.add(p.getType() + "/" + p.getSeverity())).as("duplicate " + p.getType() + " " + p.getSeverity()).isTrue();
        }
        for (IncidentType t : IncidentType.values()) {
            if (t == IncidentType.INCIDENT_TYPE_UNSPECIFIED || t == IncidentType.UNRECOGNIZED) {
                continue;
            }
            for (Severity s : Severity.values()) {
                if (s != Severity.SEVERITY_UNSPECIFIED && s != Severity.UNRECOGNIZED) {
                    assertThat(seen).contains(t + "/" + s);
                }
            }
        }
        assertThat(plans).hasSize(44);
    }

    @Test
    void everyPlanRequirementNamesAKnownCapabilityWithAPositiveQuantity() {
        for (ResponsePlan p : plans) {
            assertThat(p.getRequirementsCount()).as(p.getType() + " " + p.getSeverity()).isBetween(1, 8);
            for (Requirement r : p.getRequirementsList()) {
                assertThat(byCode).containsKey(r.getCapabilityCode());
                assertThat(r.getQuantity()).isPositive();
                assertThat(r.getArriveWithinS()).isNotNegative();
            }
        }
    }

    @Test
    void aMoreSevereLevelNeverAsksForLessOfTheSameCapability() {
        Map<String, Map<Severity, Map<String, Double>>> byType = new HashMap<>();
        for (ResponsePlan p : plans) {
            Map<String, Double> q = new HashMap<>();
            p.getRequirementsList().forEach(r -> q.put(r.getCapabilityCode(), r.getQuantity()));
            byType.computeIfAbsent(p.getType().name(), k -> new HashMap<>()).put(p.getSeverity(), q);
        }
        Severity[] order = {Severity.SEVERITY_IV, Severity.SEVERITY_III, Severity.SEVERITY_II, Severity.SEVERITY_I};
        byType.forEach((type, levels) -> {
            for (int i = 1; i < order.length; i++) {
                Map<String, Double> lower = levels.get(order[i - 1]);
                Map<String, Double> higher = levels.get(order[i]);
                lower.forEach((cap, qty) -> {
                    if (higher.containsKey(cap)) {
                        assertThat(higher.get(cap)).as(type + " " + cap).isGreaterThanOrEqualTo(qty);
                    }
                });
            }
        });
    }

    @Test
    void theThreeBreaksAreCovered() {
        Set<String> provided = new HashSet<>();
        types.forEach(t -> t.getCapabilitiesList().forEach(c -> provided.add(c.getCode())));
        assertThat(provided).contains("SATELLITE_COMMS", "POWER_GENERATION", "AIR_TRANSPORT_SEATS");
        assertThat(provided).containsAnyOf("PORTABLE_BASE_STATION", "MESH_RADIO");
        ResponsePlan quakeI = plans.stream().filter(p -> p.getType() == IncidentType.INCIDENT_TYPE_EARTHQUAKE_GEOLOGICAL
                && p.getSeverity() == Severity.SEVERITY_I).findFirst().orElseThrow();
        assertThat(quakeI.getRequirementsList()).extracting(Requirement::getCapabilityCode).contains("SATELLITE_COMMS");
    }
}
