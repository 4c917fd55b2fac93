package org.muster.server.events;

import org.muster.protocol.v1.Capability;
import org.muster.protocol.v1.CapabilityDefinition;
import org.muster.protocol.v1.EquipmentItem;
import org.muster.protocol.v1.EquipmentType;
import org.muster.protocol.v1.Team;
import org.muster.protocol.v1.TeamStatus;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What makes a team valid, and what it can do. Capabilities are derived, never sent: each equipment item gives
 * quantity x the type's capacity per capability; staffing gives PERSONNEL; a skill is a capability whose unit is
 * "team" and counts one. Pure functions, thread-safe.
 */
public final class TeamRules {
    public static final String PERSONNEL = "PERSONNEL";
    public static final String SKILL_UNIT = "team";

    /** The statuses a team may be created in; the rest are reached by dispatch. */
    public static final Set<TeamStatus> INITIAL = EnumSet.of(TeamStatus.TEAM_STATUS_AVAILABLE,
            TeamStatus.TEAM_STATUS_OUT_OF_SERVICE, TeamStatus.TEAM_STATUS_UNREACHABLE);

    private TeamRules() {
    }

    /**
     * Checks references against the catalogue and returns the team with its capabilities derived.
     *
     * @throws Rejection VALIDATION_FAILED naming the field
     */
    public static Team withCapabilities(Team team, Function<String, Optional<EquipmentType>> types,
                                        Function<String, Optional<CapabilityDefinition>> capabilities) {
        Map<String, Double> sums = new TreeMap<>();
        Set<String> seenTypes = new HashSet<>();
        for (int i = 0; i < team.getEquipmentCount(); i++) {
            EquipmentItem item = team.getEquipment(i);
            String field = "equipment[" + i + "]";
            if (!seenTypes.add(item.getTypeCode())) {
                throw Rejection.invalid(field + ".typeCode", "equipment type " + item.getTypeCode() + " is listed twice");
            }
            EquipmentType type = types.apply(item.getTypeCode()).orElseThrow(() -> Rejection.invalid(field + ".typeCode",
                    "unknown equipment type " + item.getTypeCode() + " (see GET /api/v1/equipment-types)"));
            type.getCapabilitiesList().forEach(c -> sums.merge(c.getCode(), c.getCapacity() * item.getQuantity(), Double::sum));
        }
        Set<String> seenSkills = new HashSet<>();
        for (int i = 0; i < team.getSkillsCount(); i++) {
            String skill = team.getSkills(i);
            String field = "skills[" + i + "]";
            CapabilityDefinition def = capabilities.apply(skill).filter(d -> SKILL_UNIT.equals(d.getUnit()))
                    .orElseThrow(() -> Rejection.invalid(field, "unknown skill " + skill
                            + " (skills are the capabilities with unit \"team\", see GET /api/v1/capabilities)"));
            if (!seenSkills.add(def.getCode())) {
                throw Rejection.invalid(field, "skill " + skill + " is listed twice");
            }
            sums.merge(def.getCode(), 1.0, Double::sum);
        }
        if (team.getStaffing() > 0) {
            sums.merge(PERSONNEL, (double) team.getStaffing(), Double::sum);
        }
        Team.Builder b = team.toBuilder().clearCapabilities();
        sums.forEach((code, capacity) -> b.addCapabilities(Capability.newBuilder().setCode(code).setCapacity(capacity)
                .setUnit(capabilities.apply(code).map(CapabilityDefinition::getUnit).orElse(PERSONNEL.equals(code) ? "person" : ""))));
        return b.build();
    }
}
