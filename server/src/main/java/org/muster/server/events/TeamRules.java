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
     * A team without an assignment moves among AVAILABLE, OUT_OF_SERVICE and UNREACHABLE by editing; the dispatch
     * statuses are reached only through an assignment.
     */
    static Void checkUnassignedStatus(Team team, TeamStatus to) {
        if (!INITIAL.contains(to)) {
            throw new Rejection(org.muster.protocol.v1.ErrorCode.ERROR_CODE_INVALID_TRANSITION, "team " + team.getId()
                    + ": " + name(team.getStatus()) + " -> " + name(to) + " is not allowed by editing the team; "
                    + name(to) + " is set by dispatch (POST /api/v1/incidents/{id}/assignments)", "status");
        }
        return null;
    }

    /**
     * A team with an assignment may lose contact (-> UNREACHABLE) and regain it (UNREACHABLE -> the status its
     * assignment says); everything else moves with the assignment.
     */
    static Void checkAssignedStatus(Team team, TeamStatus to, TeamStatus assignmentStatus) {
        boolean ok = to == TeamStatus.TEAM_STATUS_UNREACHABLE
                || (team.getStatus() == TeamStatus.TEAM_STATUS_UNREACHABLE && to == assignmentStatus);
        if (!ok) {
            throw new Rejection(org.muster.protocol.v1.ErrorCode.ERROR_CODE_INVALID_TRANSITION, "team " + team.getId()
                    + " is assigned to incident " + team.getIncidentId() + " (assignment " + team.getAssignmentId()
                    + ", " + name(assignmentStatus) + "): its status moves with the assignment (PATCH /api/v1/assignments/"
                    + team.getAssignmentId() + "); editing the team may only mark it UNREACHABLE or, from UNREACHABLE, "
                    + name(assignmentStatus), "status");
        }
        return null;
    }

    static String name(TeamStatus s) {
        return s.name().substring("TEAM_STATUS_".length());
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
